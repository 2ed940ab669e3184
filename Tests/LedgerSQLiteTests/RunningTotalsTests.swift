import Foundation
import Ledger
import LedgerSQL
import LunasTestSupport
import Testing

@testable import LedgerSQLite

/// The running totals of migration v16 (`invoice_totals`, `payment_totals`, `device_hours`,
/// `paid_hours`): every write keeps them in its transaction, the day's figures read from them equal
/// the figures read from the rows, `ledger verify` names a total that differs, and the migration
/// fills them from a ledger written before it.
@Suite("Running totals (v16): kept by every write, equal to the rows, checked by verify")
struct RunningTotalsTests {
    static let zones = ["AMB-A", "AMB-B", "AMB-C"]
    static let finance = LedgerActor.device(Device.ID("FIN-T"))

    /// A ledger of random writes over some 30 hours from ``TestLedger/morning``: fee and flat parking
    /// invoices, hourly tickets opened, closed and voided, payments (some twice), cancellations,
    /// expiries and refunds in part and in full, from three attendants.
    static func randomLedger(seed: UInt64, steps: Int = 160) async throws -> (store: SQLiteLedgerStore, path: String) {
        let path = try TestLedger.temporaryDirectory().appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        var random = SeededGenerator(seed: seed)
        let devices = ["JKR-T1", "JKR-T2", "JKR-T3"]
        for device in devices { _ = try await store.enrolDevice(TestLedger.deviceDraft(device)) }
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-T", role: .finance))
        var time = TestLedger.morning
        var unpaid: [Invoice] = []
        var payments: [(payment: Payment, refunded: Int64)] = []
        var open: [ParkingTicket] = []
        for step in 0..<steps {
            time = time.addingTimeInterval(Double(Int.random(in: 60...1_400, using: &random)))
            let device = devices.randomElement(using: &random)!
            let terms = TestLedger.terms(
                device: device, amount: Int64.random(in: 1...40, using: &random) * 500, at: time, validFor: 3_600)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<22:
                unpaid.append(try await store.issueInvoice(TestLedger.feeDraft(device: device, at: time)).invoice)
            case 22..<34:
                let details = ParkingDetails(
                    plate: "DE \(step) AB", vehicleClass: ["MOTOR", "CAR"].randomElement(using: &random)!,
                    zone: zones.randomElement(using: &random)!, entryAt: time.addingTimeInterval(-600))
                let issued = try await store.issueInvoice(
                    InvoiceDraft(terms: terms, purpose: .parking(details), idempotencyKey: "flat-\(seed)-\(step)"))
                unpaid.append(issued.invoice)
            case 34..<46:
                let details = ParkingDetails(
                    plate: "DE \(step) XY", vehicleClass: "CAR", zone: zones.randomElement(using: &random)!,
                    entryAt: time)
                open.append(
                    try await store.openTicket(
                        TicketDraft(
                            details: details, deviceID: Device.ID(device), idempotencyKey: "open-\(seed)-\(step)")))
            case 46..<54 where !open.isEmpty:
                let ticket = open.remove(at: Int.random(in: 0..<open.count, using: &random))
                let closure = TicketClosure(
                    ticketID: ticket.id, exitAt: time,
                    terms: TestLedger.terms(device: ticket.deviceID.rawValue, amount: 6_000, at: time, validFor: 3_600),
                    idempotencyKey: "close-\(seed)-\(step)")
                unpaid.append(try await store.closeTicket(closure).invoice)
            case 54..<58 where !open.isEmpty:
                let ticket = open.remove(at: Int.random(in: 0..<open.count, using: &random))
                _ = try await store.voidTicket(ticket.id, reason: "salah cetak", actor: .serverOperator, at: time)
            case 58..<80 where !unpaid.isEmpty:
                let invoice = unpaid.remove(at: Int.random(in: 0..<unpaid.count, using: &random))
                let paid = try await store.recordPayment(
                    TestLedger.payment(invoice, rrn: "R\(seed)-\(step)", paidAt: time))
                payments.append((paid.payment, 0))
                if Bool.random(using: &random) {  // paid twice: the second is an extra payment
                    let extra = try await store.recordPayment(
                        TestLedger.payment(invoice, rrn: "X\(seed)-\(step)", paidAt: time.addingTimeInterval(30)))
                    payments.append((extra.payment, 0))
                }
            case 80..<85 where !unpaid.isEmpty:
                let invoice = unpaid.remove(at: Int.random(in: 0..<unpaid.count, using: &random))
                if try await store.invoice(id: invoice.id)?.status == .issued {
                    _ = try await store.cancelInvoice(invoice.id, reason: "batal", at: time)
                }
            case 85..<95 where !payments.isEmpty:
                let index = Int.random(in: 0..<payments.count, using: &random)
                let (payment, refunded) = payments[index]
                let left = payment.amount.value - refunded
                guard left > 0 else { continue }
                let amount = Bool.random(using: &random) ? left : max(1, left / 3)
                try await refund(store, payment, amount, key: "refund-\(seed)-\(step)", at: time)
                payments[index].refunded += amount
            default:
                _ = try await store.expireDueInvoices(now: time)
            }
        }
        // A settlement file settles about half of the invoices paid and not refunded, and pays and
        // settles a few never notified; then settled invoices are refunded, in part and in full.
        var lines: [SettlementLine] = []
        var settledPayments: [Payment] = []
        for (payment, refunded) in payments
        where payment.effect != .extra && refunded == 0 && Bool.random(using: &random) {
            guard let invoice = try await store.invoice(id: payment.invoiceID),
                invoice.status == .paid || invoice.status == .paidLate
            else { continue }
            lines.append(
                LedgerStoreContract.line(
                    Int64(lines.count), .settle, bill: invoice.billNumber.rawValue, rrn: payment.rrn,
                    gross: invoice.amount.value, mdr: invoice.amount.value * 7 / 1_000, paidAt: payment.paidAt))
            settledPayments.append(payment)
        }
        for invoice in unpaid.prefix(3) {
            lines.append(
                LedgerStoreContract.line(
                    Int64(lines.count), .settle, bill: invoice.billNumber.rawValue, rrn: "S-\(invoice.id)",
                    gross: invoice.amount.value, mdr: 10, paidAt: invoice.issuedAt.addingTimeInterval(60)))
        }
        try await LedgerStoreContract.importSettlement(store)
        _ = try await LedgerStoreContract.applyWhole(store, LedgerStoreContract.settlementID, lines, by: finance)
        let later = time.addingTimeInterval(86_400 * 3)
        for (index, payment) in settledPayments.prefix(4).enumerated() {
            let amount = index % 2 == 0 ? payment.amount.value : max(1, payment.amount.value / 4)
            try await refund(store, payment, amount, key: "settled-refund-\(seed)-\(index)", at: later)
        }
        return (store, path)
    }

    static func refund(
        _ store: SQLiteLedgerStore, _ payment: Payment, _ amount: Int64, key: String, at time: Date
    )
        async throws
    {
        _ = try await store.refundPayment(
            PaymentRefund(
                id: .generate(), paymentID: payment.id, invoiceID: payment.invoiceID, amount: Rupiah(amount),
                reason: "permintaan pembayar", partnerRefundNo: PaymentRefund.partnerRefundNumber(idempotencyKey: key),
                acquirerReference: "RF-\(key)", refundedAt: time, actor: finance, idempotencyKey: key),
            requestHash: "h-\(key)")
    }

    /// The statement's figures of `rows` (what the statement, journal and reports are made of).
    static func figures(_ rows: [DayBreakdownRow]) throws -> CanonicalJSON {
        try DailyStatement.figures(rows: rows, exceptions: [:])
    }

    @Test("the day's figures from the totals equal those from the rows, for whole-hour ranges", arguments: [1, 2, 3])
    func totalsEqualRows(seed: UInt64) async throws {
        let (store, path) = try await Self.randomLedger(seed: seed)
        #expect(try await store.verify().problems == [])
        var random = SeededGenerator(seed: seed ^ 0xDA7)
        var ranges = [
            (TestLedger.morning.addingTimeInterval(-3_600), TestLedger.morning.addingTimeInterval(86_400 * 2))
        ]
        for _ in 0..<6 {
            let start = Double(Int.random(in: -2...30, using: &random)) * 3_600
            let hours = Double(Int.random(in: 1...24, using: &random)) * 3_600
            ranges.append(
                (TestLedger.morning.addingTimeInterval(start), TestLedger.morning.addingTimeInterval(start + hours)))
        }
        for (from, to) in ranges {
            #expect(LedgerQueries.wholeHours(from, to))
            let (totals, scan, daily, dailyScan, open, openScan) = try await store.read { db in
                (
                    try LedgerQueries.dayBreakdown(from: from, to: to, db),
                    try LedgerQueries.dayBreakdownScan(from: from, to: to, db),
                    try LedgerQueries.dailyTotals(from: from, to: to, db),
                    try LedgerQueries.dailyTotalsScan(from: from, to: to, db),
                    try LedgerQueries.openInvoices(from: from, to: to, db),
                    try LedgerQueries.openInvoicesScan(from: from, to: to, db)
                )
            }
            #expect(try Self.figures(totals) == Self.figures(scan), "\(from)..<\(to)")
            let (devices, devicesScan) = try await store.read { db in
                (
                    try LedgerQueries.deviceDays(from: from, to: to, db),
                    try LedgerQueries.deviceDaysScan(from: from, to: to, db)
                )
            }
            #expect(devices.keys.sorted() == devicesScan.keys.sorted())
            for (id, day) in devices {
                let row = devicesScan[id]
                #expect(
                    day.range == row?.range && day.gaps == row?.gaps && day.tickets == row?.tickets
                        && day.voided == row?.voided, "\(id)")
                #expect(
                    day.byStatus.mapValues { "\($0.count) \($0.amount)" }
                        == row?.byStatus.mapValues { "\($0.count) \($0.amount)" })
            }
            #expect(totals.map(\.count) == scan.map(\.count) && totals.map(\.amount) == scan.map(\.amount))
            #expect(daily == dailyScan, "\(from)..<\(to)")
            #expect(
                open.notFinal.count == openScan.notFinal.count && open.notSettled.count == openScan.notSettled.count)
            #expect(open.notFinal.examples.count == min(5, Int(open.notFinal.count)))
            let paidDates = try await LateEventMigrationTests.sql(
                path,
                """
                SELECT DISTINCT (paid_ms + 32400000) / 86400000 FROM invoices
                WHERE issued_ms >= \(from.ledgerMilliseconds) AND issued_ms < \(to.ledgerMilliseconds)
                    AND paid_ms IS NOT NULL ORDER BY 1
                """
            ).split(separator: "\n").map { CivilDate(daysSince1970: Int($0)!) }
            #expect(try await store.paidDates(issuedFrom: from, to: to, utcOffsetSeconds: 9 * 3_600) == paidDates)
        }
        let day = ranges[0]
        let breakdown = try await store.read { db in try LedgerQueries.dayBreakdown(from: day.0, to: day.1, db) }
        // The random day has every kind of group the totals keep.
        #expect(Set(breakdown.map(\.status)).isSuperset(of: [.settled, .cancelled, .refunded]))
        #expect(breakdown.contains { $0.status == .refunded && $0.mdr > .zero })
        #expect(breakdown.contains { $0.partiallyRefunded > 0 } && breakdown.contains { $0.zone != "-" })
        let daily = try await store.dailyTotals(from: day.0, to: day.1)
        #expect(daily.devices.contains { $0.ticketsVoided > 0 } && daily.extraPayments.count > 0)
    }

    @Test("a gap in a device's numbers (an offline record never sent) is in the daily totals, as the rows have it")
    func gaps() async throws {
        let store = try await TestLedger.sqlite()
        let device = try await OfflineStoreTests.setUp(store)
        let at = TestLedger.morning.addingTimeInterval(600)
        _ = try await store.recordOffline(try OfflineStoreTests.issue(device, sequence: 1, key: "g1", at: at))
        _ = try await store.recordOffline(
            try OfflineStoreTests.issue(device, sequence: 4, key: "g4", at: at.addingTimeInterval(60)))
        let day = DailyTotals.day(containing: at, in: TimeZone(identifier: "Asia/Jayapura")!)
        let (totals, scan) = try await store.read { db in
            (
                try LedgerQueries.dailyTotals(from: day.from, to: day.to, db),
                try LedgerQueries.dailyTotalsScan(from: day.from, to: day.to, db)
            )
        }
        #expect(totals == scan)
        #expect(totals.devices.map(\.sequenceGaps) == [[2...3]] && totals.devices.map(\.sequenceRange) == [1...4])
        let activity = try await store.deviceActivity(from: day.from, to: day.to)
        #expect(activity.map(\.sequenceGaps) == [[2...3]] && activity.map(\.missingSequenceNumbers) == [2])
        #expect(try await store.verify().problems == [])
    }

    @Test("a close in the same transaction as earlier writes (one group-commit batch) counts what they did")
    func closeAfterWritesInOneTransaction() async throws {
        let store = try await TestLedger.sqlite()
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-C1"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-T", role: .finance))
        let invoice = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-C1", amount: 5_000)).invoice
        let paid = try await store.recordPayment(TestLedger.payment(invoice, rrn: "C1"))
        try await LedgerStoreContract.importSettlement(store)
        _ = try await LedgerStoreContract.applyWhole(
            store, LedgerStoreContract.settlementID,
            [
                LedgerStoreContract.line(
                    0, .settle, bill: invoice.billNumber.rawValue, rrn: "C1", gross: 5_000, mdr: 35,
                    paidAt: paid.payment.paidAt)
            ], by: Self.finance)
        let day = DailyTotals.day(containing: TestLedger.morning, in: TimeZone(identifier: "Asia/Jayapura")!)
        let request = DayCloseRequest(
            date: CivilDate(daysSince1970: Int((day.from.timeIntervalSince1970 + 9 * 3_600) / 86_400)), from: day.from,
            to: day.to, cityID: "ambon", timeZone: "Asia/Jayapura", actor: .serverOperator,
            at: day.to.addingTimeInterval(3_600), keyID: "test")
        // The refund and the close in one transaction: the close must see the invoice refunded.
        let outcome = try await store.write { db, state in
            _ = try LedgerWrites.move(
                invoice.id, to: .refunded,
                fact: .invoiceRefunded(invoice.id, reason: "dibatalkan", actor: .serverOperator),
                at: day.to.addingTimeInterval(60), db, &state)
            return try LedgerWrites.closeDay(request, sign: { _ in "test-signature" }, db, &state)
        }
        guard case .closed(let statement) = outcome else {
            Issue.record("the day did not close: \(outcome)")
            return
        }
        let rows = try await store.read { db in try LedgerQueries.dayBreakdownScan(from: day.from, to: day.to, db) }
        #expect(statement.figures == (try DailyStatement.figures(rows: rows, exceptions: [:])))
        #expect(statement.figures["byStatus"]?["refunded"]?["count"] == .int(1))
        #expect(statement.figures["byStatus"]?["settled"] == nil)
        #expect(try await store.verify().problems == [])
    }

    @Test("a range that is not whole hours is read from the rows")
    func partHours() async throws {
        let (store, path) = try await Self.randomLedger(seed: 4, steps: 60)
        let from = TestLedger.morning.addingTimeInterval(1_800)
        let to = from.addingTimeInterval(86_400)
        #expect(!LedgerQueries.wholeHours(from, to))
        let rows = try await store.dayBreakdown(from: from, to: to)
        // Counted apart, by the sqlite3 tool: exactly the invoices issued in the range, to the millisecond.
        let counted = try await LateEventMigrationTests.sql(
            path,
            """
            SELECT COUNT(*) || ' ' || SUM(amount) FROM invoices
            WHERE issued_ms >= \(from.ledgerMilliseconds) AND issued_ms < \(to.ledgerMilliseconds)
            """)
        let sums = "\(rows.reduce(Int64(0)) { $0 + $1.count }) \(rows.reduce(Int64(0)) { $0 + $1.amount.value })\n"
        #expect(!rows.isEmpty && sums == counted, "\(sums) against \(counted)")
    }

    @Test(
        "ledger verify names a total that differs from its rows",
        arguments: [
            "UPDATE invoice_totals SET amount = amount + 1 WHERE hour_ms = (SELECT MIN(hour_ms) FROM invoice_totals)",
            "DELETE FROM payment_totals WHERE hour_ms = (SELECT MAX(hour_ms) FROM payment_totals)",
            "UPDATE device_hours SET high = high + 1 WHERE hour_ms = (SELECT MIN(hour_ms) FROM device_hours)",
            "INSERT INTO invoice_totals VALUES (0, 'JKR-T1', '-', 'fee:RET-PASAR', 'paid', 1, 500, 0, 0)",
            "UPDATE paid_hours SET paid_hour_ms = paid_hour_ms + 86400000 WHERE hour_ms = (SELECT MIN(hour_ms) FROM paid_hours)",
        ])
    func tampering(statement: String) async throws {
        let (store, path) = try await Self.randomLedger(seed: 5, steps: 60)
        #expect(try await store.verify().problems == [])
        _ = try await LateEventMigrationTests.sql(path, statement)
        let table = ["invoice_totals", "payment_totals", "device_hours", "paid_hours"].first { statement.contains($0) }!
        let report = try await SQLiteLedgerStore.open(path: path).verify()
        #expect(!report.isIntact)
        #expect(report.problems.contains { "\($0)".contains(table) }, "\(report.problems)")
    }

    @Test("v16 fills the totals of a ledger written before it, equal to those kept by the writes")
    func backfill() async throws {
        let (store, path) = try await Self.randomLedger(seed: 6)
        _ = store
        let dump = """
            SELECT * FROM invoice_totals WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5;
            SELECT * FROM payment_totals ORDER BY 1, 2; SELECT * FROM device_hours ORDER BY 1, 2;
            SELECT * FROM paid_hours ORDER BY 1, 2;
            """
        let kept = try await LateEventMigrationTests.sql(path, dump)
        #expect(kept.split(separator: "\n").count > 20)
        _ = try await LateEventMigrationTests.sql(
            path,
            """
            DROP TABLE invoice_totals; DROP TABLE payment_totals; DROP TABLE device_hours; DROP TABLE paid_hours;
            DELETE FROM grdb_migrations WHERE identifier = 'v16-day-totals';
            """)
        let reopened = try await SQLiteLedgerStore.open(path: path)
        #expect(try await LateEventMigrationTests.sql(path, dump) == kept)
        let problems = try await reopened.verify().problems
        #expect(problems == [], "\(problems)")
    }
}
