import Foundation
import Ledger
import LedgerSQL
import Testing

@testable import LedgerSQLite

/// `v3-devices` on a database that only `v1-ledger` built, holding events exactly as the first
/// version wrote them (no `actor` member, a device's single `zone`): the database migrates, its old
/// events still verify and replay, and new events carry actors and several zones.
@Suite("v3-devices migrates a v1 database")
struct DeviceMigrationTests {
    static let at: Int64 = 1_795_392_000_000

    /// The events of a v1 ledger as v1 wrote them: two enrolments, an invoice, its cancellation.
    static let v1Events: [(kind: String, entity: String, at: Int64, payload: String)] = [
        (
            "device.enrolled", "JKR-1", at,
            #"{"device":{"credentialHash":"\#(String(repeating: "a", count: 64))","enrolledAt":\#(at),"id":"JKR-1","#
                + #""name":"Jukir 1","role":"attendant","zone":"ayp-01"},"idempotency":{"key":"e1","requestHash":"h1"}}"#
        ),
        (
            "device.enrolled", "ADM-1", at,
            #"{"device":{"credentialHash":"\#(String(repeating: "b", count: 64))","enrolledAt":\#(at),"id":"ADM-1","#
                + #""name":"Admin","role":"admin","zone":"-"},"idempotency":{"key":"e2","requestHash":"h3"}}"#
        ),
        (
            "invoice.issued", "inv_1", at,
            #"{"idempotency":{"key":"k1","requestHash":"h2"},"invoice":{"amount":5000,"billNumber":"AMB1","#
                + #""deviceID":"JKR-1","expiresAt":\#(at + 900_000),"feeCode":"F","id":"inv_1","idempotencyKey":"k1","#
                + #""issuedAt":\#(at),"kind":"fee","qrisPayload":"P","receiptCode":"R1","sequence":1,"ticketID":null},"#
                + #""ticket":null}"#
        ),
        ("invoice.cancelled", "inv_1", at + 60_000, #"{"reason":"salah cetak"}"#),
    ]

    /// SQL that builds the v1 schema, records `v1-ledger` as GRDB does, and fills it.
    /// A v1 database written by `sqlite3` from ``v1Database()``, opened (so migrated) by the store,
    /// whose old events still verify: what each later migration's test starts from.
    static func openedV1Ledger() async throws -> (path: String, store: SQLiteLedgerStore) {
        let path = try TestLedger.temporaryDirectory().appendingPathComponent("lunas.sqlite").path
        let built = try await ExternalTools.run(try ExternalTools.sqlite3(), [path], input: try v1Database().sql)
        #expect(built.status == 0, "\(built.error)")
        let store = try await SQLiteLedgerStore.open(path: path)
        #expect(try await store.verify().isIntact)
        return (path, store)
    }

    static func v1Database() throws -> (sql: String, head: [UInt8]) {
        var sql = LedgerSchema.v1 + "\n"
        sql += "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);\n"
        sql += "INSERT INTO grdb_migrations VALUES ('v1-ledger');\n"
        var head = LedgerEvent.genesisHash
        for (index, event) in v1Events.enumerated() {
            let bytes = LedgerEvent.canonicalBytes(
                sequence: Int64(index + 1), kind: event.kind, entityID: event.entity, atMilliseconds: event.at,
                payload: try CanonicalJSON.parse(event.payload))
            let hash = LedgerEvent.chainHash(previous: head, canonicalBytes: bytes)
            let payload = event.payload.replacingOccurrences(of: "'", with: "''")
            sql += """
                INSERT INTO events VALUES (\(index + 1), '\(event.kind)', '\(event.entity)', \(event.at), '\(payload)', \
                X'\(hex(head))', X'\(hex(hash))');

                """
            head = hash
        }
        sql += """
            INSERT INTO chain_head VALUES (1, \(v1Events.count), X'\(hex(head))');
            INSERT INTO devices VALUES ('JKR-1', 'Jukir 1', 'attendant', 'ayp-01', '\(String(repeating: "a", count: 64))', \
            \(at), NULL, NULL, 1);
            INSERT INTO devices VALUES ('ADM-1', 'Admin', 'admin', '-', '\(String(repeating: "b", count: 64))', \
            \(at), NULL, NULL, 0);
            INSERT INTO invoices VALUES ('inv_1', 'AMB1', 'fee', 5000, 'P', 'R1', 'cancelled', \(at), \(at + 900_000), \
            'JKR-1', 1, 'F', NULL, NULL, \(at + 60_000), 'k1');
            INSERT INTO idempotency_keys VALUES ('e1', 'device.enrol', 'JKR-1', 'h1');
            INSERT INTO idempotency_keys VALUES ('e2', 'device.enrol', 'ADM-1', 'h3');
            INSERT INTO idempotency_keys VALUES ('k1', 'invoice.issue', 'inv_1', 'h2');

            """
        return (sql, head)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("a v1-only database migrates; old events verify; zones and actors work after")
    func migratesAndVerifies() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let built = try await ExternalTools.run(try ExternalTools.sqlite3(), [path], input: try Self.v1Database().sql)
        #expect(built.status == 0, "\(built.error)")

        let store = try await SQLiteLedgerStore.open(path: path)
        let report = try await store.verify()
        #expect(report.isIntact, "\(report.problems)")
        #expect(report.eventCount == 4)
        #expect(try await store.device(id: Device.ID("JKR-1"))?.zones == ["ayp-01"])
        #expect(try await store.device(id: Device.ID("ADM-1"))?.zones == [])
        let stored = try await store.events(after: 0, limit: 10).map(\.payload)
        #expect(stored == Self.v1Events.map(\.payload))
        let migrations = try await ExternalTools.run(
            try ExternalTools.sqlite3(), [path, "SELECT group_concat(identifier, ',') FROM grdb_migrations"])
        #expect(migrations.output.contains("v3-devices"))

        // New events: a supervisor enrolled by the admin for two zones, an invoice it cancels.
        let supervisor = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID("SPV-1"), name: "Pengawas", role: .supervisor, zones: ["smr-01", "ayp-01"],
                credentialHash: Device.credentialHash(forToken: "spv"), enrolledAt: TestLedger.morning,
                idempotencyKey: "e-spv", actor: .device(Device.ID("ADM-1"))))
        #expect(supervisor.zones == ["ayp-01", "smr-01"])
        let issued = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-1"))
        let cancelled = try await store.cancelInvoice(
            issued.invoice.id, reason: "salah", actor: .device(supervisor.id), at: TestLedger.morning)
        #expect(cancelled.status == .cancelled)
        let last = try #require(try await store.events(entityID: issued.invoice.id.rawValue).last)
        #expect(last.payload.contains(#""actor":{"device":"SPV-1","staff":null}"#))
        let after = try await store.verify()
        #expect(after.isIntact, "\(after.problems)")
        #expect(after.eventCount == 7)
    }

    @Test("the store refuses a cancel by a device that may not, and a non-admin enrolling; nothing is written")
    func storeRefusesActors() async throws {
        let store = try await TestLedger.sqlite()
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-A"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-B"))
        let issued = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-A"))
        let events = try await store.events(after: 0, limit: 100).count
        await #expect(throws: LedgerError.self) {
            _ = try await store.cancelInvoice(
                issued.invoice.id, reason: "x", actor: .device(Device.ID("JKR-B")), at: TestLedger.morning)
        }
        await #expect(throws: LedgerError.self) {
            var draft = TestLedger.deviceDraft("JKR-C")
            draft.actor = .device(Device.ID("JKR-A"))
            _ = try await store.enrolDevice(draft)
        }
        #expect(try await store.events(after: 0, limit: 100).count == events)
        #expect(try await store.verify().isIntact)
    }
}
