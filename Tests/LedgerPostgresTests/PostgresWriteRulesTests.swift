import Foundation
import Ledger
import LedgerPostgres
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

@testable import LedgerSQLite

/// The ledger's write rules (issue #18) are written once against ``LedgerSQL/SQLSession``: the same
/// functions, run on SQLite (the store's own writer) and on a real PostgreSQL 15 (migrated to the
/// newest schema), leave the same rows and events. Identifiers and device codes are random, so the
/// comparison renames each to its order of first appearance; everything else — kinds, payloads,
/// amounts, times, statuses, running totals, the chain's head position — must be equal, and each
/// chain must verify on its own.
@Suite(
    "The ledger's write rules on SQLite and PostgreSQL",
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresWriteRulesTests {
    static let morning = Date(timeIntervalSince1970: 1_795_392_000)

    /// The tables the writes below touch, each in key order.
    static let tables: [(name: String, order: String)] = [
        ("devices", "id"), ("device_zones", "device_id, zone"), ("invoices", "bill_number"), ("tickets", "plate"),
        ("payment_refunds", "idempotency_key"),
        ("payments", "bill_number, rrn"), ("payment_exceptions", "bill_number, rrn"),
        ("exception_cases", "key"), ("idempotency_keys", "key"),
        ("invoice_totals", "hour_ms, device_id, zone, line, status"),
        ("payment_totals", "hour_ms, effect"), ("device_hours", "device_id, hour_ms"),
        ("paid_hours", "hour_ms, paid_hour_ms"), ("chain_head", "id"),
        ("events", "seq"),
    ]

    static func terms(_ device: String, _ bill: String, amount: Int64, at: Date) throws -> InvoiceTerms {
        InvoiceTerms(
            billNumber: try BillNumber(bill), amount: Rupiah(amount), qrisPayload: "000201010212PAYLOAD\(bill)6304ABCD",
            receiptCode: "RCPT-\(bill)", issuedAt: at, expiresAt: at.addingTimeInterval(900),
            deviceID: Device.ID(device))
    }

    /// Devices and invoices (one issued twice under the same key).
    static func enrolAndIssue(_ db: some SQLSession, _ state: inout WriteState) throws -> [Invoice] {
        for id in ["AMB-1", "AMB-2"] {
            _ = try LedgerWrites.enrolDevice(
                DeviceDraft(
                    id: Device.ID(id), name: "Juru parkir \(id)", role: .attendant, zone: "AMB-A",
                    credentialHash: Device.credentialHash(forToken: "token-\(id)"), enrolledAt: morning,
                    idempotencyKey: "enrol-\(id)"),
                db, &state)
        }
        var invoices: [Invoice] = []
        for index in 0..<6 {
            let draft = InvoiceDraft(
                terms: try terms(
                    index % 2 == 0 ? "AMB-1" : "AMB-2", "LUN\(index)", amount: 2_000 + Int64(index) * 1_000,
                    at: morning.addingTimeInterval(Double(index) * 600)),
                purpose: .fee(code: "RET-PASAR"), idempotencyKey: "issue-\(index)")
            invoices.append(
                try LedgerWrites.issueInvoice(draft, requestHash: IdempotencyFingerprint.kept(draft), db, &state)
                    .invoice)
        }
        let again = InvoiceDraft(
            terms: try terms("AMB-1", "LUN0", amount: 2_000, at: morning), purpose: .fee(code: "RET-PASAR"),
            idempotencyKey: "issue-0")
        let replayed = try LedgerWrites.issueInvoice(again, requestHash: IdempotencyFingerprint.kept(again), db, &state)
        #expect(replayed.invoice.id == invoices[0].id)
        return invoices
    }

    /// Payments (one a duplicate notify), an unknown bill, a cancellation, expiry and a revocation.
    static func payAndClose(_ invoices: [Invoice], _ db: some SQLSession, _ state: inout WriteState) throws {
        for (index, invoice) in invoices.enumerated() where index < 3 {
            let paid = invoice.issuedAt.addingTimeInterval(120)
            let draft = PaymentDraft(
                billNumber: invoice.billNumber, rrn: "RRN\(index)", issuer: "BANK MALUKU", amount: invoice.amount,
                paidAt: paid, recordedAt: paid.addingTimeInterval(2), source: .acquirerNotification)
            _ = try LedgerWrites.recordPayment(draft, db, &state)
            if index == 0 { _ = try LedgerWrites.recordPayment(draft, db, &state) }
        }
        _ = try LedgerWrites.recordPaymentException(
            PaymentExceptionDraft(
                billNumber: "NOSUCHBILL", rrn: "RRN9", issuer: "OVO", amount: Rupiah(5_000),
                paidAt: morning.addingTimeInterval(30), recordedAt: morning.addingTimeInterval(31),
                source: .acquirerNotification, reason: .unknownInvoice, detail: "notify for an unknown bill"),
            db, &state)
        _ = try LedgerWrites.cancelInvoice(
            invoices[3].id, reason: "salah tulis", actor: LedgerActor(device: Device.ID("AMB-2")),
            at: morning.addingTimeInterval(2_000), db, &state)
        _ = try LedgerWrites.expireDue(now: morning.addingTimeInterval(7_200), db, &state)
        _ = try LedgerWrites.revokeDevice(
            Device.ID("AMB-2"), reason: "hilang", actor: .serverOperator, at: morning.addingTimeInterval(7_300), db,
            &state)
    }

    /// Parking (a flat invoice, an hourly ticket closed with its invoice, one closed free, one voided,
    /// a reprint), an attendant change, a refund by a finance device, an exception assigned and
    /// written off, and a day close refused for what is still open.
    static func shiftAndFinance(_ db: some SQLSession, _ state: inout WriteState) throws -> String {
        let device = Device.ID("AMB-1")
        let entry = morning.addingTimeInterval(3_600)
        let details = { (plate: String) in
            ParkingDetails(plate: plate, vehicleClass: "CAR", zone: "AMB-A", entryAt: entry)
        }
        let flat = InvoiceDraft(
            terms: try terms("AMB-1", "LUNF1", amount: 3_000, at: entry), purpose: .parking(details("DE 1 AB")),
            idempotencyKey: "flat-1")
        _ = try LedgerWrites.issueInvoice(flat, requestHash: IdempotencyFingerprint.kept(flat), db, &state)
        var tickets: [ParkingTicket] = []
        for plate in ["DE 2 AB", "DE 3 AB", "DE 4 AB"] {
            tickets.append(
                try LedgerWrites.openTicket(
                    TicketDraft(details: details(plate), deviceID: device, idempotencyKey: "open-\(plate)"), db, &state)
            )
        }
        let exit = entry.addingTimeInterval(2 * 3_600)
        _ = try LedgerWrites.closeTicket(
            TicketClosure(
                ticketID: tickets[0].id, exitAt: exit, terms: try terms("AMB-1", "LUNH1", amount: 6_000, at: exit),
                idempotencyKey: "close-1"),
            db, &state)
        _ = try LedgerWrites.closeTicketFree(
            tickets[1].id, exitAt: entry.addingTimeInterval(300), idempotencyKey: "free-1", requestHash: "free",
            actor: .device(device), db, &state)
        _ = try LedgerWrites.voidTicket(
            tickets[2].id, reason: "salah plat", actor: .device(device), at: entry.addingTimeInterval(60), db, &state)
        _ = try LedgerWrites.reprintTicket(
            tickets[0].id, idempotencyKey: "reprint-1", requestHash: "reprint", actor: .device(device),
            at: exit.addingTimeInterval(10), db, &state)
        _ = try LedgerWrites.setAttendant(
            device, attendant: "Budi Latuconsina", actor: .serverOperator, at: exit, db, &state)
        _ = try LedgerWrites.enrolDevice(
            DeviceDraft(
                id: Device.ID("FIN-1"), name: "Keuangan", role: .finance, zone: "-",
                credentialHash: Device.credentialHash(forToken: "token-FIN-1"), enrolledAt: morning,
                idempotencyKey: "enrol-FIN-1"),
            db, &state)
        let finance = LedgerActor.device(Device.ID("FIN-1"))
        let paid = try #require(try db.string("SELECT id FROM payments ORDER BY bill_number, rrn LIMIT 1"))
        let payment = try #require(try LedgerQueries.payment(id: Payment.ID(paid), db))
        let refund = PaymentRefund(
            id: .generate(), paymentID: payment.id, invoiceID: payment.invoiceID, amount: Rupiah(500),
            reason: "kelebihan bayar", partnerRefundNo: PaymentRefund.partnerRefundNumber(idempotencyKey: "refund-1"),
            acquirerReference: "RF-1", refundedAt: exit, actor: finance, idempotencyKey: "refund-1")
        _ = try LedgerWrites.refundPayment(refund, requestHash: "refund", db, &state)
        let open = try #require(try db.string("SELECT id FROM exception_cases ORDER BY key LIMIT 1"))
        _ = try LedgerWrites.assignException(
            ExceptionCase.ID(open), to: "Ina", actor: finance, at: exit, db, &state)
        _ = try LedgerWrites.resolveException(
            ExceptionCase.ID(open),
            ExceptionCase.Resolution(code: .writtenOff, note: "di bawah ambang", actor: finance, at: exit), db, &state)
        let close = DayCloseRequest(
            date: CivilDate(containing: morning, offset: UTCOffset(minutes: 0)), from: morning,
            to: morning.addingTimeInterval(86_400), cityID: "ambon", timeZone: "WIT", actor: .serverOperator,
            at: morning.addingTimeInterval(90_000), keyID: "k1")
        let outcome = try LedgerWrites.closeDay(close, sign: { _ in "unsigned" }, db, &state)
        return "close: \(outcome)"
    }

    /// The writes above on PostgreSQL, one transaction per batch as the writer runs them: state from
    /// the head, the totals and the head written before the commit. Answers the day close's outcome.
    static func writeAll(_ session: PostgresSession) throws -> String {
        func transaction<T>(_ body: (PostgresSession, inout WriteState) throws -> T) throws -> T {
            try session.transaction { session in
                var state = try WriteState.start(session)
                let result = try body(session, &state)
                try state.finish(session)
                return result
            }
        }
        let invoices = try transaction { try Self.enrolAndIssue($0, &$1) }
        try transaction { try Self.payAndClose(invoices, $0, &$1) }
        return try transaction { try Self.shiftAndFinance($0, &$1) }
    }

    /// What the store's reads make of the rows, for a whole day (the running totals) and for a
    /// part-hour window (the row scans), as text.
    static func reads(_ db: some SQLSession) throws -> [String] {
        typealias Store = SQLiteLedgerStore
        typealias Queries = LedgerQueries
        let day = (morning, morning.addingTimeInterval(86_400))
        let part = (morning.addingTimeInterval(1_800), morning.addingTimeInterval(5 * 3_600 + 60))
        var lines: [String] = []
        for (from, to) in [day, part] {
            lines.append("breakdown " + stable(try Queries.dayBreakdown(from: from, to: to, db)))
            lines.append("totals " + stable(try Queries.dailyTotals(from: from, to: to, db)))
            lines.append("figures " + stable(try Queries.dayFigures(from: from, to: to, in: .wit, db)))
            lines.append("activity " + stable(try Queries.deviceActivity(from: from, to: to, db)))
            lines.append("blockers " + stable(try Queries.dayBlockers(from: from, to: to, db)))
            lines.append("exceptions " + stable(try Queries.dayExceptionCounts(from: from, to: to, db)))
            lines.append("invoices " + stable(try LedgerQueries.invoices(from: from, to: to, db)))
            lines.append("payment exceptions " + stable(try LedgerQueries.exceptions(from: from, to: to, db)))
            // The numbers a device used, in any order (a UNION ALL has none).
            let numbers = try Queries.numbers(of: ["AMB-1", "AMB-2"], from: from, to: to, db)
            lines.append("numbers " + stable(numbers.mapValues { $0.sorted() }))
        }
        lines.append(
            "scans agree \(try Queries.dayBreakdownScan(from: day.0, to: day.1, db) == Queries.dayBreakdown(from: day.0, to: day.1, db))"
        )
        var verifier = LedgerVerifier()
        try LedgerVerification.checkTotals(&verifier, db)
        lines.append("totals check \(verifier.report().problems)")
        return renamed(lines)
    }

    /// Every table's rows, as text, with the random identifiers renamed in order of appearance.
    static func dump(_ db: some SQLSession) throws -> [String] {
        var lines: [String] = []
        for table in tables {
            for row in try db.rows("SELECT * FROM \(table.name) ORDER BY \(table.order)", [] as [SQLValue]) {
                let cells = zip(row.columns, row.values).sorted { $0.0 < $1.0 }.map { column, value in
                    switch value {
                    case .blob(let bytes) where column.hasSuffix("hash"): "\(column)=<\(bytes.count) bytes>"
                    default: "\(column)=\(value)"
                    }
                }
                lines.append("\(table.name): " + cells.joined(separator: " "))
            }
        }
        // Device codes are drawn at random: each is named by its device.
        for device in try db.rows("SELECT id, code FROM devices", [] as [SQLValue]) {
            guard let code: String = try device.get("code") else { continue }
            let name: String = try device.get("id")
            lines = lines.map {
                $0.replacingOccurrences(of: "text(\"\(code)\")", with: "<code of \(name)>")
                    .replacingOccurrences(of: "\\\"\(code)\\\"", with: "<code of \(name)>")
            }
        }
        return renamed(lines)
    }

    /// A value as text, with every dictionary's entries in a fixed order (a dictionary's own order
    /// depends on how it was filled, and rows arrive in another order on each engine).
    static func stable(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .dictionary, .set:
            return "[" + mirror.children.map { stable($0.value) }.sorted().joined(separator: ", ") + "]"
        case .collection:
            return "[" + mirror.children.map { stable($0.value) }.joined(separator: ", ") + "]"
        case .struct, .class, .tuple, .enum:
            guard !mirror.children.isEmpty else { return "\(value)" }
            let fields = mirror.children.map { ($0.label.map { "\($0): " } ?? "") + stable($0.value) }
            return "\(mirror.subjectType)(" + fields.joined(separator: ", ") + ")"
        case .optional:
            return mirror.children.first.map { stable($0.value) } ?? "nil"
        default:
            return "\(value)"
        }
    }

    /// Replaces each generated identifier (`inv_…`, `pay_…`, 20 Crockford characters) and each device
    /// code with a name in its order of first appearance, so two runs compare by what they mean.
    static func renamed(_ lines: [String]) -> [String] {
        // Request hashes are SHA-256s of requests that name generated identifiers: renamed alike.
        let pattern = try! Regex(#"[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{20}|\b[0-9a-f]{64}\b"#)
        var names: [String: String] = [:]
        return lines.map { line in
            line.replacing(pattern) { match in
                let id = String(line[match.range])
                if let name = names[id] { return name }
                let kind = id.count == 64 ? "sha256" : String(id.prefix(while: { $0 != "_" }))
                let name = "<\(kind)#\(names.count)>"
                names[id] = name
                return name
            }
        }
    }

    @Test("the same writes leave the same rows, events and running totals on both engines, and read the same")
    func sameRowsAndEvents() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let sqlite = try await SQLiteLedgerStore.open(path: directory.appendingPathComponent("lunas.sqlite").path)
        let issued = try await sqlite.write { db, state in try Self.enrolAndIssue(db, &state) }
        try await sqlite.write { db, state in try Self.payAndClose(issued, db, &state) }
        let shift = try await sqlite.write { db, state in try Self.shiftAndFinance(db, &state) }
        let expected = try await sqlite.read { db in try Self.renamed([shift]) + Self.dump(db) + Self.reads(db) }
        #expect(try await sqlite.verify().isIntact)

        let logger = Logger(label: "lunas-test")
        let actual = try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            return try await SQLSessionContractTests.onOwnThread {
                let session = try PostgresSession.open(server, password: password, logger: logger)
                defer { session.close() }
                let shift = try Self.writeAll(session)
                let events = try session.rows(
                    "SELECT seq, kind, entity_id, at_ms, payload, prev_hash, hash FROM events ORDER BY seq",
                    [] as [SQLValue])
                var verifier = LedgerVerifier()
                for row in events { verifier.check(try LedgerRowCodec.storedEvent(row)) }
                let chain = verifier.report()
                #expect(chain.problems.isEmpty && chain.eventCount == events.count, "\(chain.problems.prefix(3))")
                return try Self.renamed([shift]) + Self.dump(session) + Self.reads(session)
            }
        }
        for table in ["invoices:", "payments:", "exception_cases:", "invoice_totals:", "device_hours:", "events:"] {
            #expect(expected.contains { $0.hasPrefix(table) }, "the writes reach \(table)")
        }
        #expect(actual.count == expected.count)
        for (left, right) in zip(expected, actual) where left != right {
            Issue.record("SQLite: \(left)\nPostgreSQL: \(right)")
        }
    }
}
