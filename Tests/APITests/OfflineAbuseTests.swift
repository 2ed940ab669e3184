import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import Testing

/// What a dishonest attendant or a stolen handheld tries with offline records (found by attacking
/// the server): times reaching into a closed day, an exit before its entry, a sequence thrown far
/// ahead, a key reused for another record, floods of forged records and of bundle downloads.
@Suite("Offline issuance refuses abuse")
struct OfflineAbuseTests {
    static func open(
        _ bundle: OfflineBundle, sequence: Int64, key: String, entry: Date, at: Date, plate: String = "DE1XY"
    ) throws -> OfflineRecord {
        try OfflineRecord(
            deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .open, idempotencyKey: key,
            sequence: sequence, plate: plate, vehicleClass: "car", zone: "ayp-01", entryAt: entry, at: at,
            bundleID: bundle.bundleID
        ).signed(with: OfflineSyncTests.key)
    }

    static func error(_ result: [String: Any]) -> (code: String?, field: String?) {
        let error = result["error"] as? [String: Any]
        return (error?["code"] as? String, error?["field"] as? String)
    }

    @Test("an entry in a closed day, an exit or void before the entry, a far sequence and a reused key are refused")
    func refusals() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            #expect(try await OfflineSyncTests.register(client, fixture).status == .created)
            let closed = try await client.execute(
                uri: "/api/v1/days/2026-11-20/close", method: .post, headers: fixture.headers(.admin))
            #expect(closed.status == .ok, "\(String(buffer: closed.body).prefix(300))")
            let bundle = try await OfflineSyncTests.bundle(client, fixture)
            let base = bundle.lastSequence
            let now = fixture.clock.now.addingTimeInterval(60)
            let intoClosedDay = try Self.open(
                bundle, sequence: base + 1, key: "o-1", entry: Date(timeIntervalSince1970: 1_795_143_600), at: now)
            let opened = try Self.open(bundle, sequence: base + 1, key: "o-2", entry: now, at: now)
            let exitBefore = try OfflineRecord(
                deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .exitFree, idempotencyKey: "f-1",
                ticket: .sequence(base + 1), exitAt: now.addingTimeInterval(-3600), at: now,
                bundleID: bundle.bundleID
            ).signed(with: OfflineSyncTests.key)
            let voidBefore = try OfflineRecord(
                deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .void, idempotencyKey: "v-1",
                ticket: .sequence(base + 1), reason: "salah input", at: now.addingTimeInterval(-3600),
                bundleID: bundle.bundleID
            ).signed(with: OfflineSyncTests.key)
            let farAhead = try Self.open(bundle, sequence: Int64.max, key: "o-3", entry: now, at: now)
            let sameKeyOtherPlate = try Self.open(
                bundle, sequence: base + 2, key: "o-2", entry: now, at: now, plate: "DE2XY")
            let results = try await OfflineSyncTests.sync(
                client, fixture, [intoClosedDay, opened, exitBefore, voidBefore, farAhead, sameKeyOtherPlate],
                clock: fixture.clock.now)
            #expect(results.map { $0["status"] as? String } == ["refused", "recorded"] + Array(repeating: "refused", count: 4))
            #expect(Self.error(results[0]) == ("offline.tooLate", "entryAt"))
            #expect(Self.error(results[2]) == ("offline.invalidRecord", "exitAt"))
            #expect(Self.error(results[3]) == ("offline.invalidRecord", "at"))
            #expect(Self.error(results[4]) == ("offline.invalidRecord", "sequence"))
            #expect(Self.error(results[5]) == ("offline.keyConflict", "idempotencyKey"))
            // The device still issues online after the far sequence was refused.
            let online = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "on-1"),
                body: ByteBuffer(string: #"{"plate":"de 3 ab","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
            #expect(online.status == .created, "\(String(buffer: online.body).prefix(300))")
            let report = try await fixture.store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }

    @Test("a flood of forged records opens one exception per device and hour; bundle downloads in a loop write once")
    func floods() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            #expect(try await OfflineSyncTests.register(client, fixture).status == .created)
            let bundle = try await OfflineSyncTests.bundle(client, fixture)
            let events = try await fixture.eventCount()
            for _ in 0..<5 { _ = try await OfflineSyncTests.bundle(client, fixture) }
            #expect(try await fixture.eventCount() == events, "the same bundle again writes nothing")
            let now = fixture.clock.now.addingTimeInterval(60)
            let forged = try (1...40).map { index in
                var record = try Self.open(
                    bundle, sequence: bundle.lastSequence + Int64(index), key: "forged-\(index)", entry: now, at: now)
                record.plate = "DE\(index)ZZ"  // changed after signing
                return record
            }
            let results = try await OfflineSyncTests.sync(client, fixture, forged, clock: fixture.clock.now)
            #expect(results.allSatisfy { Self.error($0).code == "offline.badSignature" })
            let exceptions = Set(results.compactMap { ($0["exception"] as? [String: Any])?["id"] as? String })
            #expect(exceptions.count == 1, "\(exceptions)")
            fixture.clock.advance(by: 3600)
            let later = try await OfflineSyncTests.sync(client, fixture, [forged[0]], clock: fixture.clock.now)
            let next = (later.first?["exception"] as? [String: Any])?["id"] as? String
            #expect(next != nil && !exceptions.contains(next!), "a new hour opens a new exception")
            // A changed bundle (the device's attendant) is recorded again.
            let attendant = try await client.execute(
                uri: "/api/v1/devices/me/attendant", method: .put, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"attendant":"Budi"}"#))
            #expect(attendant.status == .ok)
            let before = try await fixture.eventCount()
            let changed = try await OfflineSyncTests.bundle(client, fixture)
            #expect(changed.bundleID != bundle.bundleID && changed.attendant == "Budi")
            #expect(try await fixture.eventCount() == before + 1)
        }
    }
}
