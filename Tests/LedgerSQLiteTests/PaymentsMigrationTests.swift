import Foundation
import Ledger
import LedgerSQL
import Testing

@testable import LedgerSQLite

/// Migration `v2-payments` on a database that only `v1-ledger` ever touched.
///
/// The fixture is written as the v1 code wrote it: the frozen `v1-ledger` SQL, GRDB's migration
/// table naming only `v1-ledger`, the projection rows in v1 columns and the events' payloads in
/// their v1 canonical form (literal JSON below, not today's encoder), hash-chained. It holds the
/// attack of issue 12 item 3: a payment exception for 9223372036854775807 rupiah.
@Suite("v2-payments: an old v1 database migrates, verifies and reports")
struct PaymentsMigrationTests {
    static let at: Int64 = 1_795_392_000_000  // 2026-11-23 09:00 WIT
    static let device =
        #"{"device":{"credentialHash":"h-JKR-1","enrolledAt":1795392000000,"id":"JKR-1","name":"Jukir 1","role":"attendant","zone":"AMB-A"},"idempotency":{"key":"enrol-JKR-1","requestHash":"r1"}}"#
    static let invoice =
        #"{"idempotency":{"key":"issue-1","requestHash":"r2"},"invoice":{"amount":5000,"billNumber":"AMBV1BILL1","deviceID":"JKR-1","expiresAt":1795392900000,"feeCode":"RET-PASAR","id":"inv_v1a","idempotencyKey":"issue-1","issuedAt":1795392000000,"kind":"fee","qrisPayload":"000201PAYLOAD","receiptCode":"RCPT-V1A","sequence":1,"ticketID":null},"ticket":null}"#
    static let payment =
        #"{"payment":{"amount":5000,"billNumber":"AMBV1BILL1","effect":"paid","id":"pay_v1a","invoiceID":"inv_v1a","issuer":"OVO","paidAt":1795392060000,"recordedAt":1795392061000,"rrn":"RRN0001","source":{"code":"acquirer_notification","reason":null}}}"#
    static let attack =
        #"{"exception":{"amount":9223372036854775807,"billNumber":"AMBNOSUCH","detail":"no invoice has bill number AMBNOSUCH","id":"pex_v1a","issuer":"OVO","paidAt":1795392120000,"reason":"unknown_invoice","recordedAt":1795392121000,"rrn":"RRN0002","source":{"code":"acquirer_notification","reason":null}}}"#

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    /// The v1 database's SQL: schema, rows, and the hash-chained events.
    static func v1Script() throws -> String {
        let events: [(kind: String, entity: String, at: Int64, payload: String)] = [
            ("device.enrolled", "JKR-1", at, device),
            ("invoice.issued", "inv_v1a", at, invoice),
            ("payment.recorded", "inv_v1a", at + 61_000, payment),
            ("payment.exception", "pex_v1a", at + 121_000, attack),
        ]
        var previous = LedgerEvent.genesisHash
        var sql = LedgerSchema.v1 + ";\n"
        sql += "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);\n"
        sql += "INSERT INTO grdb_migrations VALUES ('v1-ledger');\n"
        for (index, event) in events.enumerated() {
            let payload = try CanonicalJSON.parse(event.payload)
            #expect(payload.text == event.payload, "fixture payload \(index + 1) is not canonical")
            let hash = LedgerEvent.chainHash(
                previous: previous,
                canonicalBytes: LedgerEvent.canonicalBytes(
                    sequence: Int64(index + 1), kind: event.kind, entityID: event.entity, atMilliseconds: event.at,
                    payload: payload))
            sql += """
                INSERT INTO events VALUES (\(index + 1), '\(event.kind)', '\(event.entity)', \(event.at), \
                '\(event.payload)', X'\(hex(previous))', X'\(hex(hash))');

                """
            previous = hash
        }
        sql += """
            INSERT INTO chain_head VALUES (1, \(events.count), X'\(hex(previous))');
            INSERT INTO devices VALUES ('JKR-1', 'Jukir 1', 'attendant', 'AMB-A', 'h-JKR-1', \(at), NULL, NULL, 1);
            INSERT INTO invoices VALUES ('inv_v1a', 'AMBV1BILL1', 'fee', 5000, '000201PAYLOAD', 'RCPT-V1A', 'paid', \
            \(at), \(at + 900_000), 'JKR-1', 1, 'RET-PASAR', NULL, \(at + 60_000), \(at + 61_000), 'issue-1');
            INSERT INTO payments VALUES ('pay_v1a', 'inv_v1a', 'AMBV1BILL1', 'RRN0001', 'OVO', 5000, \(at + 60_000), \
            \(at + 61_000), 'acquirer_notification', NULL, 'paid');
            INSERT INTO payment_exceptions VALUES ('pex_v1a', 'AMBNOSUCH', 'RRN0002', 'OVO', 9223372036854775807, \
            \(at + 120_000), \(at + 121_000), 'acquirer_notification', NULL, 'unknown_invoice', \
            'no invoice has bill number AMBNOSUCH');
            INSERT INTO idempotency_keys VALUES ('enrol-JKR-1', 'device.enrol', 'JKR-1', 'r1');
            INSERT INTO idempotency_keys VALUES ('issue-1', 'invoice.issue', 'inv_v1a', 'r2');

            """
        return sql
    }

    @Test("a v1 database with the 9223372036854775807 exception migrates, verifies intact and reports its day")
    func migratesAttackedV1() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let created = try await ExternalTools.sql(path, try Self.v1Script())
        #expect(created.status == 0, "\(created.error)")
        #expect(try await ExternalTools.sql(path, "SELECT identifier FROM grdb_migrations;").output == "v1-ledger\n")

        let store = try await SQLiteLedgerStore.open(path: path)
        let migrations = try await ExternalTools.sql(path, "SELECT identifier FROM grdb_migrations ORDER BY rowid;")
            .output
        #expect(migrations.hasPrefix("v1-ledger\nv2-payments\n"))
        let report = try await store.verify()
        #expect(report.problems == [])
        #expect(report.eventCount == 4)

        // The exception's amount is no money any more: kept as text, so the day sums.
        let day = DailyTotals.day(containing: TestLedger.morning, in: TimeZone(identifier: "Asia/Jayapura")!)
        let exceptions = try await store.paymentExceptions(paidFrom: day.from, to: day.to)
        #expect(exceptions.count == 1)
        #expect(exceptions.first?.amount == nil)
        #expect(exceptions.first?.amountText == "9223372036854775807")
        let totals = try await store.dailyTotals(from: day.from, to: day.to)
        #expect(totals.exceptions == Tally(count: 1, amount: .zero))
        #expect(totals.paid == Tally(count: 1, amount: Rupiah(5_000)))

        // The rebuilt tables keep their v1 rows and take v2 records: the same RRN on another bill.
        let other = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-1", amount: 5_000)).invoice
        let sameRRN = try await store.recordPayment(
            PaymentDraft(
                billNumber: other.billNumber, rrn: "RRN0001", issuer: "DANA", amount: Rupiah(5_000),
                paidAt: TestLedger.morning.addingTimeInterval(300),
                recordedAt: TestLedger.morning.addingTimeInterval(301),
                source: .acquirerNotification, verifiedBy: PaymentVerification(profileID: "bank", keyID: "rsa:0011")))
        #expect(sameRRN.isNew && sameRRN.invoice.status == .paid)
        #expect(try await store.payments(verifiedByKey: "rsa:0011").map(\.id) == [sameRRN.payment.id])
        #expect(try await store.verify().problems == [])
    }

    @Test("the CHECK constraints bound every stored amount; payments are unique on (bill number, RRN)")
    func constraints() async throws {
        let path = try await TestLedger.sqlite().path
        let now = TestLedger.morning.ledgerMilliseconds
        for (sql, what) in [
            (
                "INSERT INTO payment_exceptions (id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source, "
                    + "reason, detail) VALUES ('pex_x', 'B', 'R', 'I', 10000000000000, \(now), \(now), "
                    + "'acquirer_notification', 'unknown_invoice', 'd');", "exception amount"
            ),
            (
                "INSERT INTO payment_exceptions (id, bill_number, rrn, issuer, amount, paid_ms, recorded_ms, source, "
                    + "reason, detail) VALUES ('pex_y', 'B', 'R', 'I', NULL, \(now), \(now), "
                    + "'acquirer_notification', 'unknown_invoice', 'd');", "exception without amount nor text"
            ),
        ] {
            let result = try await ExternalTools.sql(path, sql)
            #expect(result.status != 0, "\(what) was accepted")
            #expect(result.error.contains("CHECK constraint failed"), "\(what): \(result.error)")
        }
        let schema = try await ExternalTools.sql(path, ".schema payments").output
        #expect(schema.contains("UNIQUE (bill_number, rrn)"))
        #expect(schema.contains("CHECK (amount BETWEEN 1 AND 9999999999999)"))
        let invoices = try await ExternalTools.sql(path, ".schema invoices").output
        #expect(invoices.contains("CHECK (amount BETWEEN 1 AND 9999999999999)"))
    }
}
