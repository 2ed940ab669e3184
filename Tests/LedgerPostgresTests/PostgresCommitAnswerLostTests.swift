import Foundation
import Ledger
import LedgerSQL
import Logging
import LunasTestSupport
import Testing

@testable import LedgerPostgres

/// A batch whose COMMIT the server carried out but whose answer never came back (the answer's
/// deadline passed while the commit waited) is run again by the group commit, each request in its
/// savepoint, on a new connection. An invoice there must replay the committed one by its
/// idempotency key: its id is drawn per attempt unless it was claimed ahead (found by a review of
/// the batch-at-a-time issuing, where the id was drawn once per request and the retry failed with
/// `invoice.duplicateBillNumber`).
@Suite(
    "PostgreSQL: a batch run again after its commit's answer was lost", .serialized,
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct PostgresCommitAnswerLostTests {
    static let morning = Date(timeIntervalSince1970: 1_795_392_000)
    static let logger = Logger(label: "lunas-test")
    /// The advisory lock a deferred trigger waits for at COMMIT while the test holds it.
    static let commitGate: Int64 = 4_242_001

    @Test("an invoice whose batch committed but whose COMMIT answer was lost: the retry replays it")
    func commitAnswerLost() async throws {
        try await PostgresTestServer.withScratchDatabase { server, password in
            try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: Self.logger) {
                _ = try await PostgresLedgerSchema.migrate($0, appliedBy: "test")
            }
            let writer = PostgresLedgerWriter(
                server, password: password, logger: Self.logger, label: "answer-lost", answerTimeout: .seconds(3))
            _ = try await writer.write { db, state in
                try LedgerWrites.enrolDevice(PostgresClaimAheadBatchTests.enrolment("AMB-1"), db, &state)
            }
            let admin = try PostgresSession.open(server, password: password, logger: Self.logger)
            defer { admin.close() }
            // A commit that waits for the test: a deferred trigger on invoices takes the gate.
            try admin.execute(
                """
                CREATE FUNCTION review_commit_gate() RETURNS trigger LANGUAGE plpgsql AS '
                BEGIN
                    PERFORM pg_advisory_lock_shared(\(Self.commitGate));
                    PERFORM pg_advisory_unlock_shared(\(Self.commitGate));
                    RETURN NULL;
                END'
                """, [])
            try admin.execute(
                """
                CREATE CONSTRAINT TRIGGER review_commit_gate AFTER INSERT ON invoices
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION review_commit_gate()
                """, [])
            try admin.execute("SELECT pg_advisory_lock(\(Self.commitGate))", [])

            let draft = InvoiceDraft(
                terms: InvoiceTerms(
                    billNumber: try BillNumber("B1"), amount: Rupiah(2_000),
                    qrisPayload: "000201010212PAYLOADB16304ABCD", receiptCode: "RCPT-B1", issuedAt: Self.morning,
                    expiresAt: Self.morning.addingTimeInterval(900), deviceID: Device.ID("AMB-1")),
                purpose: .fee(code: "RET-PASAR"), idempotencyKey: "k1")
            // As `SQLLedgerStore.issueInvoice` sends it.
            let intent = IssueIntent(draft, invoiceID: .generate(), requestHash: IdempotencyFingerprint.kept(draft))
            let issuing = Task { () -> Result<Invoice, any Error> in
                do {
                    return .success(
                        try await writer.write(
                            { db, state in
                                try LedgerWrites.issueInvoice(
                                    draft, intended: intent.invoiceID, requestHash: intent.record.requestHash, db,
                                    &state
                                ).invoice
                            }, issuing: intent))
                } catch {
                    return .failure(error)
                }
            }
            // The first attempt's COMMIT waits at the gate past its deadline; the writer's connection
            // is closed and the batch runs again on a new one, which waits for the chain's lock
            // (still held by the first attempt's transaction, which has not ended).
            let deadline = ContinuousClock.now + .seconds(60)
            func secondAttemptWaits() throws -> Bool {
                try admin.int64(
                    """
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT pg_advisory_xact_lock%'
                    """) == 1
            }
            while try !secondAttemptWaits(), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            try #require(try secondAttemptWaits(), "the batch runs again and waits for the chain's lock")
            // The first attempt's commit goes on and completes; its answer has nowhere to go.
            try admin.execute("SELECT pg_advisory_unlock(\(Self.commitGate))", [])
            let outcome = await issuing.value
            await writer.close()

            let committed = try admin.rows("SELECT id, sequence FROM invoices", []).map {
                "\(try $0.text(0))#\(try $0.int64(1))"
            }
            #expect(committed.count == 1 && committed[0].hasSuffix("#1"), "the first attempt committed: \(committed)")
            #expect(try admin.int64("SELECT last_sequence FROM devices WHERE id = 'AMB-1'") == 1)
            switch outcome {
            case .success(let invoice):
                #expect(
                    "\(invoice.id.rawValue)#\(invoice.sequence)" == committed.first, "the committed invoice, replayed")
            case .failure(let error):
                Issue.record("the caller was told its committed invoice failed: \(error)")
            }
        }
    }
}
