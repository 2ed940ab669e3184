import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// An attacker with the database file and the sqlite3 shell edits and deletes rows; `verify` (and
/// `lunas ledger verify`) must name what was touched.
@Suite struct TamperingTests {
    struct Ledger {
        let directory: URL
        let path: String
        let paid: Invoice
        let open: Invoice
        let issuedEvent: Int64
    }

    /// A small ledger: one device, a paid and an open invoice. The store is closed on return.
    static func makeLedger() async throws -> Ledger {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-T"))
        let paid = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-T")).invoice
        _ = try await store.recordPayment(TestLedger.payment(paid, rrn: "T0001"))
        let open = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-T", amount: 9_000)).invoice
        _ = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-T", amount: 4_000))
        #expect(try await store.verify().isIntact)
        let issuedEvent = try await store.events(entityID: open.id.rawValue)[0].sequence
        return Ledger(
            directory: directory, path: path, paid: try #require(await store.invoice(id: paid.id)), open: open,
            issuedEvent: issuedEvent)
    }

    static func verify(_ ledger: Ledger) async throws -> LedgerVerificationReport {
        try await SQLiteLedgerStore.open(path: ledger.path).verify()
    }

    static let dropTriggers = "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;"

    @Test func eventsRefuseUpdateAndDeleteWhileTheTriggersStand() async throws {
        let ledger = try await Self.makeLedger()
        let update = try await ExternalTools.sql(ledger.path, "UPDATE events SET payload = '{}' WHERE seq = 2;")
        #expect(update.status != 0 && update.error.contains("append-only"))
        let delete = try await ExternalTools.sql(ledger.path, "DELETE FROM events WHERE seq = 2;")
        #expect(delete.status != 0 && delete.error.contains("append-only"))
        #expect(try await Self.verify(ledger).isIntact)
    }

    @Test func editedInvoiceRowIsNamed() async throws {
        let ledger = try await Self.makeLedger()
        try await ExternalTools.sql(
            ledger.path, "UPDATE invoices SET status = 'paid', amount = 1 WHERE id = '\(ledger.open.id)';")
        let report = try await Self.verify(ledger)
        let rows = report.problems.filter { !$0.place.isRow(in: "invoice_totals") }
        let problem = try #require(rows.first)
        #expect(problem.place == .row(table: "invoices", id: ledger.open.id.rawValue))
        #expect(problem.message.contains("status") && problem.message.contains("amount"))
        #expect(rows.count == 1)
        // And the running totals no longer match the rows (the invoice's old group and its new one).
        #expect(report.problems.contains { $0.place.isRow(in: "invoice_totals") })
    }

    @Test func deletedRowsAreNamed() async throws {
        let ledger = try await Self.makeLedger()
        try await ExternalTools.sql(
            ledger.path,
            """
            PRAGMA foreign_keys = OFF;
            DELETE FROM payments WHERE invoice_id = '\(ledger.paid.id)';
            DELETE FROM invoices WHERE id = '\(ledger.open.id)';
            """)
        let report = try await Self.verify(ledger)
        #expect(report.problems.contains { $0.place == .row(table: "invoices", id: ledger.open.id.rawValue) })
        #expect(report.problems.contains { $0.place.isRow(in: "payments") && $0.message.contains("missing") })
        #expect(report.problems.contains { $0.message.contains("created by event #\(ledger.issuedEvent)") })
    }

    /// The daily report reads the running totals, which still count a row deleted behind the
    /// ledger's back (a day's report costs the same whatever its size); `ledger verify` names the
    /// missing row and the totals it no longer matches. A gap the device left (a number it never
    /// reported) is in the totals too: ``RunningTotalsTests``.
    @Test func deletedInvoiceIsNamedByVerifyAndStillCountedInTheDailyTotals() async throws {
        let ledger = try await Self.makeLedger()
        try await ExternalTools.sql(ledger.path, "DELETE FROM invoices WHERE id = '\(ledger.open.id)';")
        let store = try await SQLiteLedgerStore.open(path: ledger.path)
        let day = DailyTotals.day(containing: TestLedger.morning, in: TimeZone(identifier: "Asia/Jayapura")!)
        let totals = try await store.dailyTotals(from: day.from, to: day.to)
        #expect(totals.issued.count == 3 && totals.devices.map(\.sequenceGaps) == [[]])
        let report = try await store.verify()
        #expect(report.problems.contains { $0.place == .row(table: "invoices", id: ledger.open.id.rawValue) })
        #expect(report.problems.contains { $0.place.isRow(in: "invoice_totals") })
    }

    @Test func insertedRowIsNotBackedByAnyEvent() async throws {
        let ledger = try await Self.makeLedger()
        try await ExternalTools.sql(
            ledger.path,
            """
            INSERT INTO payments (id, invoice_id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source,
                source_reason, effect)
            VALUES ('pay_FAKE', '\(ledger.open.id)', '\(ledger.open.billNumber)', 'FAKE1', 'X', 9000, 1, 1, 'manual',
                'cash', 'paid');
            """)
        let report = try await Self.verify(ledger)
        #expect(
            report.problems.filter { !$0.place.isRow(in: "payment_totals") }.map(\.place) == [
                .row(table: "payments", id: "pay_FAKE")
            ])
        #expect(
            report.problems.contains {
                $0.place == .row(table: "payments", id: "pay_FAKE") && $0.message.contains("not backed by any event")
            })
        // The payments' running totals no longer match the rows either.
        #expect(report.problems.contains { $0.place.isRow(in: "payment_totals") })
    }

    @Test func editedEventIsNamed() async throws {
        let ledger = try await Self.makeLedger()
        let seq = ledger.issuedEvent
        try await ExternalTools.sql(
            ledger.path,
            Self.dropTriggers + "UPDATE events SET payload = replace(payload, '9000', '900') WHERE seq = \(seq);")
        let report = try await Self.verify(ledger)
        let first = try #require(report.problems.first)
        #expect(first.place == .event(seq))
        #expect(first.message.contains("hash mismatch"))
    }

    @Test func deletedEventIsNamed() async throws {
        let ledger = try await Self.makeLedger()
        try await ExternalTools.sql(ledger.path, Self.dropTriggers + "DELETE FROM events WHERE seq = 3;")
        let report = try await Self.verify(ledger)
        let first = try #require(report.problems.first)
        #expect(first.place == .event(4))
        #expect(first.message.contains("#3…#3 are missing"))
    }

    @Test func truncatedLogIsNamed() async throws {
        let ledger = try await Self.makeLedger()
        try await ExternalTools.sql(
            ledger.path,
            Self.dropTriggers
                + "PRAGMA foreign_keys = OFF; DELETE FROM events WHERE seq = (SELECT MAX(seq) FROM events);")
        let report = try await Self.verify(ledger)
        #expect(report.problems.first?.place == .chainHead)
    }

    @Test func commandLineVerifyExitsOneAndNamesTheEvent() async throws {
        let ledger = try await Self.makeLedger()
        let lunas = try ExternalTools.lunas()
        let clean = try await ExternalTools.run(lunas, ["ledger", "verify", "--data-dir", ledger.directory.path])
        #expect(clean.status == 0 && clean.output.contains("ledger intact"))
        try await ExternalTools.sql(
            ledger.path, Self.dropTriggers + "UPDATE events SET at_ms = at_ms + 1 WHERE seq = \(ledger.issuedEvent);")
        let broken = try await ExternalTools.run(lunas, ["ledger", "verify", "--data-dir", ledger.directory.path])
        #expect(broken.status == 1)
        #expect(broken.output.contains("first problem: event #\(ledger.issuedEvent)"))
        let missing = try await ExternalTools.run(
            lunas, ["ledger", "verify", "--data-dir", ledger.directory.path + "/nope"])
        #expect(missing.status == 1 && missing.error.contains("no ledger database"))
    }
}

extension LedgerProblem.Place {
    func isRow(in table: String) -> Bool {
        if case .row(let rowTable, _) = self { return rowTable == table }
        return false
    }
}
