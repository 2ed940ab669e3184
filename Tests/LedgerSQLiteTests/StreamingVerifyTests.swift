import Foundation
import Ledger
import LedgerSQL
import Testing

@testable import LedgerSQLite

/// `verify` in bounded memory: the replayed state goes through a temporary database (the spill)
/// and every table streams in key order. With two entries per generation nearly every entry is
/// written to the spill and read back from it; the findings must be exactly those of the replay
/// kept in memory.
@Suite struct StreamingVerifyTests {
    struct Ledger {
        let directory: URL
        let path: String
        let invoices: [Invoice]
        let paid: [Invoice]
    }

    /// Three devices, 240 invoices: every third paid, every fifth of the rest cancelled, the rest
    /// expired; twelve notifies for unknown bills (payment exceptions, each with its case).
    static func makeLedger() async throws -> Ledger {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        for device in ["JKR-A", "JKR-B", "JKR-C"] { _ = try await store.enrolDevice(TestLedger.deviceDraft(device)) }
        var invoices: [Invoice] = []
        var paid: [Invoice] = []
        for index in 0..<240 {
            let device = ["JKR-A", "JKR-B", "JKR-C"][index % 3]
            let invoice = try await store.issueInvoice(
                TestLedger.feeDraft(device: device, amount: Int64(2_000 + index), at: TestLedger.morning)
            ).invoice
            invoices.append(invoice)
            if index % 3 == 0 {
                _ = try await store.recordPayment(TestLedger.payment(invoice, rrn: "R\(index)"))
                paid.append(invoice)
            } else if index % 5 == 0 {
                _ = try await store.cancelInvoice(invoice.id, reason: "salah tulis", at: TestLedger.morning)
            }
        }
        for index in 0..<12 {
            let paidAt = TestLedger.morning.addingTimeInterval(Double(100 + index))
            _ = try await store.recordPaymentException(
                PaymentExceptionDraft(
                    billNumber: "NOSUCHBILL\(index)", rrn: "RRN\(index)", issuer: "OVO", amount: Rupiah(5_000),
                    paidAt: paidAt, recordedAt: paidAt, source: .acquirerNotification, reason: .unknownInvoice,
                    detail: "notify for unknown bill"))
        }
        _ = try await store.expireDueInvoices(now: TestLedger.morning.addingTimeInterval(7_200))
        return Ledger(directory: directory, path: path, invoices: invoices, paid: paid)
    }

    /// The report through the spill (2 entries per generation) and with the replay in memory.
    static func reports(
        _ ledger: Ledger
    ) async throws -> (spilled: LedgerVerificationReport, memory: LedgerVerificationReport) {
        let store = try await SQLiteLedgerStore.open(path: ledger.path)
        return (try await store.verify(generation: 2), try await store.verify(generation: .max))
    }

    static func expectSame(_ reports: (spilled: LedgerVerificationReport, memory: LedgerVerificationReport)) {
        #expect(reports.spilled.problems == reports.memory.problems)
        #expect(reports.spilled.eventCount == reports.memory.eventCount)
        #expect(reports.spilled.head == reports.memory.head)
        #expect(reports.spilled.settlementFiles == reports.memory.settlementFiles)
    }

    @Test func intactLedgerVerifiesThroughTheSpill() async throws {
        let ledger = try await Self.makeLedger()
        let reports = try await Self.reports(ledger)
        #expect(reports.spilled.isIntact, "\(reports.spilled.problems.prefix(3))")
        #expect(reports.spilled.eventCount > 240 + 80)
        Self.expectSame(reports)
        let left = try FileManager.default.contentsOfDirectory(atPath: ledger.directory.path)
        #expect(!left.contains { $0.hasPrefix(".verify-") }, "the spill file is removed: \(left)")
    }

    @Test func tamperedRowsAreNamedAlikeThroughTheSpill() async throws {
        let ledger = try await Self.makeLedger()
        let edited = ledger.invoices[7]
        let deleted = ledger.invoices[100]
        let deletedPayment = ledger.paid[5]
        let tampering = try await ExternalTools.sql(
            ledger.path,
            """
            PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON;
            UPDATE invoices SET amount = 1 WHERE id = '\(edited.id)';
            DELETE FROM invoices WHERE id = '\(deleted.id)';
            DELETE FROM payments WHERE invoice_id = '\(deletedPayment.id)';
            DELETE FROM idempotency_keys WHERE key = 'idem-\(ledger.invoices[50].billNumber)';
            INSERT INTO payments (id, invoice_id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source,
                source_reason, effect)
            VALUES ('pay_FAKE', '\(deleted.id)', '\(deleted.billNumber)', 'FAKE1', 'X', 9000, 1, 1, 'manual',
                'cash', 'paid');
            INSERT INTO payments (id, invoice_id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source,
                source_reason, effect)
            VALUES ('pay_0BAD', '\(deleted.id)', '\(deleted.billNumber)', 'FAKE2', 'X', 9000, 1, 1, 'nonsense',
                'cash', 'paid');
            UPDATE exception_cases SET detail = 'nothing to see';
            """)
        #expect(tampering.status == 0, "the sqlite3 shell refused the tampering: \(tampering.error)")
        let reports = try await Self.reports(ledger)
        Self.expectSame(reports)
        let places = Set(reports.spilled.problems.map(\.place))
        #expect(places.contains(.row(table: "invoices", id: edited.id.rawValue)))
        #expect(places.contains(.row(table: "invoices", id: deleted.id.rawValue)))
        #expect(places.contains(.row(table: "payments", id: "pay_FAKE")))
        #expect(places.contains(.row(table: "payments", id: "pay_0BAD")))
        #expect(places.contains(.row(table: "idempotency_keys", id: "idem-\(ledger.invoices[50].billNumber)")))
        #expect(places.contains { if case .row("exception_cases", _) = $0 { true } else { false } })
        #expect(
            reports.spilled.problems.contains {
                $0.place.isRow(in: "payments") && $0.message.contains("is missing (created by event #")
            })
        // Unreadable rows first, then each table's disagreements in key order, missing rows last.
        let messages = reports.spilled.problems.map(\.message)
        let unreadable = try #require(messages.firstIndex { $0.contains("pay_0BAD") })
        let edit = try #require(messages.firstIndex { $0.contains("\(edited.id) disagrees") })
        #expect(unreadable < edit)
    }

    @Test func brokenEventsAreNamedAlikeThroughTheSpill() async throws {
        let ledger = try await Self.makeLedger()
        try await ExternalTools.sql(
            ledger.path,
            TamperingTests.dropTriggers
                + "UPDATE events SET payload = replace(payload, '2050', '2051') WHERE kind = 'invoice.issued';"
                + "DELETE FROM events WHERE seq = 40;")
        let reports = try await Self.reports(ledger)
        Self.expectSame(reports)
        #expect(reports.spilled.problems.contains { $0.place == .event(41) })
        #expect(reports.spilled.problems.contains { $0.message.contains("hash mismatch") })
    }
}
