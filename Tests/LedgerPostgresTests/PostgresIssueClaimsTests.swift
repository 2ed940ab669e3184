import Foundation
import Ledger
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

@testable import LedgerPostgres

/// A batch's invoices claimed ahead on PostgreSQL (issue #18): every key in one statement, every
/// device's numbers in one, and each invoice left without a number finding out why itself — a key
/// taken before or earlier in the run, a revoked device — exactly as when each claims its own.
@Suite(
    "PostgreSQL: a run of invoices claimed ahead",
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresIssueClaimsTests {
    /// The drafts and enrolments of the claim-ahead batch tests.
    typealias Fixture = PostgresClaimAheadBatchTests

    static func enrol(_ id: String, _ db: PostgresSession, _ state: inout WriteState) throws {
        _ = try LedgerWrites.enrolDevice(Fixture.enrolment(id), db, &state)
    }

    /// What each invoice of the run came to: its number, the invoice it replayed, or its error.
    enum Outcome: Equatable {
        case issued(Int64)
        case replayed(of: String)
        case refused(String)
    }

    @Test("numbers in the run's order per device; a key taken before, twice in the run, or a revoked device gets none")
    func run() async throws {
        let logger = Logger(label: "lunas-test")
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let session = try PostgresSession.open(server, password: password, logger: logger)
            defer { session.close() }
            let (numbers, outcomes, sequences, left) = try session.transaction { db in
                var state = try WriteState.start(db)
                for device in ["AMB-1", "AMB-2", "AMB-3"] { try Self.enrol(device, db, &state) }
                let first = try Fixture.draft("AMB-1", "k0", bill: "B0")
                let earlier = try LedgerWrites.issueInvoice(
                    first, requestHash: IdempotencyFingerprint.kept(first), db, &state
                ).invoice
                try db.execute("UPDATE devices SET revoked_ms = 1 WHERE id = 'AMB-2'", [])
                let drafts = [
                    try Fixture.draft("AMB-1", "k1", bill: "B1"), try Fixture.draft("AMB-2", "k2", bill: "B2"),
                    try Fixture.draft("AMB-1", "k3", bill: "B3"), try Fixture.draft("AMB-1", "k1", bill: "B1"),
                    first, try Fixture.draft("AMB-3", "k4", bill: "B4"), try Fixture.draft("AMB-1", "k5", bill: "B5"),
                ]
                let intents = drafts.map {
                    IssueIntent($0, invoiceID: .generate(), requestHash: IdempotencyFingerprint.kept($0))
                }
                let numbers = try PostgresIssueClaims.claim(db, intents)
                state.claimedAhead = numbers
                var outcomes: [Outcome] = []
                var issued: [Invoice.ID] = []
                for (draft, intent) in zip(drafts, intents) {
                    do {
                        let invoice = try LedgerWrites.issueInvoice(
                            draft, intended: intent.invoiceID, requestHash: intent.record.requestHash, db, &state
                        ).invoice
                        if invoice.id == intent.invoiceID {
                            outcomes.append(.issued(invoice.sequence))
                        } else {
                            let earlierIndex = issued.firstIndex(of: invoice.id)
                            outcomes.append(.replayed(of: earlierIndex.map { "run \($0)" } ?? "\(invoice.sequence)"))
                        }
                        issued.append(invoice.id)
                    } catch let error as LedgerError {
                        outcomes.append(.refused(error.code.rawValue))
                        issued.append(intent.invoiceID)
                    }
                }
                _ = earlier
                let sequences = try db.rows("SELECT id, last_sequence FROM devices ORDER BY id", []).map {
                    "\(try $0.text(0))=\(try $0.int64(1))"
                }
                let taken = intents.map { intent in
                    numbers[intent.invoiceID].map { $0.map(String.init) ?? "none" } ?? "missing"
                }
                return (taken, outcomes, sequences, state.claimedAhead.count)
            }
            #expect(numbers == ["2", "none", "3", "none", "none", "1", "4"])
            #expect(
                outcomes == [
                    .issued(2), .refused("device.revoked"), .issued(3), .replayed(of: "run 0"), .replayed(of: "1"),
                    .issued(1), .issued(4),
                ])
            #expect(sequences == ["AMB-1=4", "AMB-2=0", "AMB-3=1"])
            #expect(left == 0, "every number taken ahead was used")
        }
    }
}
