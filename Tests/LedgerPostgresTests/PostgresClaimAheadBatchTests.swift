import Foundation
import Ledger
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

@testable import LedgerPostgres

/// Invoices claimed ahead (issue #18; written by a review of the batch-at-a-time issuing): batches
/// built in a known order on the real
/// writer (the chain's lock held from outside while they queue), whose outcomes must be those of
/// the same requests run one at a time.
@Suite(
    "PostgreSQL: batches with invoices claimed ahead give what one at a time gives",
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresClaimAheadBatchTests {
    static let morning = Date(timeIntervalSince1970: 1_795_392_000)
    static let logger = Logger(label: "lunas-test")

    static func draft(_ device: String, _ key: String, bill: String, plate: String? = nil) throws -> InvoiceDraft {
        let purpose: InvoiceDraft.Purpose =
            plate.map {
                .parking(ParkingDetails(plate: $0, vehicleClass: "motor", zone: "AMB-A", entryAt: morning))
            } ?? .fee(code: "RET-PASAR")
        return InvoiceDraft(
            terms: InvoiceTerms(
                billNumber: try BillNumber(bill), amount: Rupiah(2_000),
                qrisPayload: "000201010212PAYLOAD\(bill)6304ABCD", receiptCode: "RCPT-\(bill)",
                issuedAt: morning, expiresAt: morning.addingTimeInterval(900), deviceID: Device.ID(device)),
            purpose: purpose, idempotencyKey: key)
    }

    static func ticket(_ device: String, _ key: String, plate: String) -> TicketDraft {
        TicketDraft(
            details: ParkingDetails(plate: plate, vehicleClass: "motor", zone: "AMB-A", entryAt: morning),
            deviceID: Device.ID(device), idempotencyKey: key)
    }

    enum Request: Sendable {
        case issue(InvoiceDraft)
        case open(TicketDraft)
    }

    /// One request as the store sends it (`SQLLedgerStore.issueInvoice`: the intent named to the
    /// writer, the invoice's id chosen before the write): its entity's id and number, or its error.
    static func send(_ request: Request, _ writer: PostgresLedgerWriter) async -> Result<[String], LedgerError> {
        do {
            switch request {
            case .issue(let draft):
                let intent = IssueIntent(
                    draft, invoiceID: .generate(), requestHash: IdempotencyFingerprint.kept(draft))
                let invoice = try await writer.write(
                    { db, state in
                        try LedgerWrites.issueInvoice(
                            draft, intended: intent.invoiceID, requestHash: intent.record.requestHash, db, &state
                        ).invoice
                    }, issuing: intent)
                return .success([invoice.id.rawValue, "\(invoice.sequence)"])
            case .open(let draft):
                let ticket = try await writer.write { db, state in try LedgerWrites.openTicket(draft, db, &state) }
                return .success([ticket.id.rawValue, "\(ticket.sequence)"])
            }
        } catch let error as LedgerError {
            return .failure(error)
        } catch {
            return .failure(LedgerError(.storageFailure, "\(error)"))
        }
    }

    static func waitUntil(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw LedgerError(.storageFailure, "never: \(what)") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Runs `requests` as one batch, in this order: the chain's lock is held from outside while a
    /// first write waits for it and the requests queue one by one behind it.
    static func batch(
        _ requests: [Request], _ writer: PostgresLedgerWriter, _ server: DatabaseLocation.PostgresServer,
        _ password: String?
    ) async throws -> [Result<[String], LedgerError>] {
        let blocker = try PostgresSession.open(server, password: password, logger: logger)
        defer { blocker.close() }
        try blocker.execute("SELECT pg_advisory_lock(?)", [PostgresEventChain.chainLockKey])
        let before = writer.statistics.transactions
        let plug = Task { try await writer.write { _, _ in 0 } }
        try await waitUntil("the plug's batch started") { writer.statistics.transactions == before + 1 }
        var tasks: [Task<Result<[String], LedgerError>, Never>] = []
        for (index, request) in requests.enumerated() {
            tasks.append(Task { await send(request, writer) })
            try await waitUntil("request \(index) queued") { writer.waiting == index + 1 }
        }
        try blocker.execute("SELECT pg_advisory_unlock(?)", [PostgresEventChain.chainLockKey])
        _ = try await plug.value
        var results: [Result<[String], LedgerError>] = []
        for task in tasks { results.append(await task.value) }
        #expect(writer.statistics.transactions == before + 2, "the requests went in one batch")
        return results
    }

    /// An attendant device's enrolment.
    static func enrolment(_ id: String) -> DeviceDraft {
        DeviceDraft(
            id: Device.ID(id), name: "Juru parkir", role: .attendant, zone: "AMB-A",
            credentialHash: Device.credentialHash(forToken: "token-\(id)"), enrolledAt: morning,
            idempotencyKey: "enrol-\(id)")
    }

    static func enrol(_ id: String, _ writer: PostgresLedgerWriter) async throws {
        _ = try await writer.write { db, state in try LedgerWrites.enrolDevice(enrolment(id), db, &state) }
    }

    /// Each result as `#n` (a new entity numbered n), `=i` (request i's entity again) or its error code.
    static func outcomes(_ results: [Result<[String], LedgerError>]) -> [String] {
        var ids: [String] = []
        return results.map { result in
            switch result {
            case .success(let parts):
                defer { ids.append(parts[0]) }
                if let earlier = ids.firstIndex(of: parts[0]) { return "=\(earlier)" }
                return "#\(parts[1])"
            case .failure(let error):
                ids.append("")
                return error.code.rawValue
            }
        }
    }

    /// The numbers of the issued invoices and opened tickets, in the chain's order.
    static func numbersInChainOrder(_ session: PostgresSession) throws -> [Int64] {
        try session.int64s(
            """
            SELECT COALESCE(i.sequence, t.sequence) FROM events e
            LEFT JOIN invoices i ON e.kind = 'invoice.issued' AND i.id = e.entity_id
            LEFT JOIN tickets t ON e.kind = 'ticket.opened' AND t.id = e.entity_id
            WHERE e.kind IN ('invoice.issued', 'ticket.opened') ORDER BY e.seq
            """)
    }

    static func verifyChain(_ session: PostgresSession) throws -> Bool {
        let stored = try session.rows(
            "SELECT seq, kind, entity_id, at_ms, payload, prev_hash, hash FROM events ORDER BY seq", [] as [SQLValue])
        var verifier = LedgerVerifier()
        for row in stored { verifier.check(try LedgerRowCodec.storedEvent(row)) }
        let report = verifier.report()
        return report.problems.isEmpty && report.eventCount == stored.count
    }

    @Test(
        "a batch with a bad plate, a used bill number, a key twice, a key reused, a revoked and an unknown device amid runs: as one at a time"
    )
    func failuresAmidRuns() async throws {
        let plateError: String
        do {
            _ = try LicensePlate.normalise("!!")
            plateError = "accepted"
        } catch let error as LedgerError {
            plateError = error.code.rawValue
        }
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let writer = PostgresLedgerWriter(server, password: password, logger: Self.logger, label: "claim-ahead")
            for device in ["AMB-1", "AMB-2"] { try await Self.enrol(device, writer) }
            _ = try await writer.write { db, _ in
                try db.execute("UPDATE devices SET revoked_ms = 1 WHERE id = 'AMB-2'", [] as [SQLValue])
            }
            let first = try Self.draft("AMB-1", "k1", bill: "B1")
            let results = try await Self.batch(
                [
                    .issue(first),
                    .issue(try Self.draft("AMB-1", "k2", bill: "B2", plate: "!!")),
                    .issue(try Self.draft("AMB-1", "k3", bill: "B1")),
                    .issue(first),
                    .issue(try Self.draft("AMB-1", "k1", bill: "B9")),
                    .issue(try Self.draft("AMB-2", "k4", bill: "B4")),
                    .issue(try Self.draft("AMB-9", "k8", bill: "B8")),
                    .open(Self.ticket("AMB-1", "k5", plate: "DE 1234 AB")),
                    .issue(try Self.draft("AMB-1", "k6", bill: "B6")),
                    .issue(try Self.draft("AMB-1", "k7", bill: "B7")),
                ], writer, server, password)
            await writer.close()
            #expect(
                Self.outcomes(results) == [
                    "#1", plateError, "invoice.duplicateBillNumber", "=0", "idempotency.keyReused", "device.revoked",
                    "device.unknown", "#2", "#3", "#4",
                ])
            let session = try PostgresSession.open(server, password: password, logger: Self.logger)
            defer { session.close() }
            let keys = try session.rows("SELECT key FROM idempotency_keys WHERE key LIKE 'k%' ORDER BY key", [])
                .map { try $0.text(0) }
            #expect(keys == ["k1", "k5", "k6", "k7"], "a request that failed left no claim")
            #expect(try session.int64("SELECT last_sequence FROM devices WHERE id = 'AMB-1'") == 4)
            #expect(try session.int64("SELECT last_sequence FROM devices WHERE id = 'AMB-2'") == 0)
            #expect(try Self.numbersInChainOrder(session) == [1, 2, 3, 4])
            #expect(try Self.verifyChain(session))
        }
    }

    @Test("a batch that commits at once: its runs claimed ahead, numbers per device rising with the chain, replays")
    func runsClaimedAhead() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let writer = PostgresLedgerWriter(server, password: password, logger: Self.logger, label: "claim-ahead")
            for device in ["AMB-1", "AMB-3"] { try await Self.enrol(device, writer) }
            // One issued before, replayed from inside a run.
            let earlier = try Self.draft("AMB-1", "k0", bill: "B0")
            _ = await Self.send(.issue(earlier), writer)
            let first = try Self.draft("AMB-3", "k1", bill: "B1")
            let results = try await Self.batch(
                [
                    .issue(first),
                    .issue(try Self.draft("AMB-1", "k2", bill: "B2")),
                    .issue(first),
                    .issue(earlier),
                    .issue(try Self.draft("AMB-3", "k3", bill: "B3")),
                    .open(Self.ticket("AMB-1", "k4", plate: "DE 1234 AB")),
                    .issue(try Self.draft("AMB-1", "k5", bill: "B5")),
                    .issue(try Self.draft("AMB-3", "k6", bill: "B6")),
                ], writer, server, password)
            let claimed = writer.claimedAhead
            await writer.close()
            #expect(Self.outcomes(results) == ["#1", "#2", "=0", "#1", "#2", "#3", "#4", "#3"])
            #expect(claimed == 7, "both runs were claimed ahead (5 + 2) and the batch committed at once")
            let session = try PostgresSession.open(server, password: password, logger: Self.logger)
            defer { session.close() }
            #expect(try session.int64("SELECT last_sequence FROM devices WHERE id = 'AMB-1'") == 4)
            #expect(try session.int64("SELECT last_sequence FROM devices WHERE id = 'AMB-3'") == 3)
            let perDevice = try session.rows(
                """
                SELECT COALESCE(i.device_id, t.device_id), COALESCE(i.sequence, t.sequence) FROM events e
                LEFT JOIN invoices i ON e.kind = 'invoice.issued' AND i.id = e.entity_id
                LEFT JOIN tickets t ON e.kind = 'ticket.opened' AND t.id = e.entity_id
                WHERE e.kind IN ('invoice.issued', 'ticket.opened') ORDER BY e.seq
                """, []
            ).map { "\(try $0.text(0))#\(try $0.int64(1))" }
            #expect(
                perDevice == ["AMB-1#1", "AMB-3#1", "AMB-1#2", "AMB-3#2", "AMB-1#3", "AMB-1#4", "AMB-3#3"])
            #expect(try Self.verifyChain(session))
        }
    }
}
