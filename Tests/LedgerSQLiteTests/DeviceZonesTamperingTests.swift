import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Zones live in their own table; rows added behind the ledger's back are reported by verify.
@Suite("device_zones tampering")
struct DeviceZonesTamperingTests {
    @Test("a zone added to a device, or a zone row of no device, breaks verify")
    func tamperedZones() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        _ = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID("JKR-1"), name: "Jukir 1", role: .attendant, zones: ["ayp-01"],
                credentialHash: Device.credentialHash(forToken: "t"), enrolledAt: TestLedger.morning,
                idempotencyKey: "e1"))
        #expect(try await store.verify().isIntact)
        let added = try await ExternalTools.sql(path, "INSERT INTO device_zones VALUES ('JKR-1', 'smr-01');")
        #expect(added.status == 0, "\(added.error)")
        let widened = try await store.verify()
        #expect(widened.problems.contains { $0.message.contains("devices row JKR-1 disagrees") })
        let orphan = try await ExternalTools.sql(path, "INSERT INTO device_zones VALUES ('GHOST', 'ayp-01');")
        #expect(orphan.status == 0, "\(orphan.error)")
        let report = try await store.verify()
        #expect(report.problems.contains { $0.message.contains("device_zones row GHOST ayp-01") })
    }
}
