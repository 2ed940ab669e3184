import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// `lunas device enroll --zone A --zone B` (the built binary): several zones per device, and the
/// supervisor role.
@Suite("lunas device enroll with several zones")
struct DeviceZonesCLITests {
    @Test("--zone given twice enrols the device for both; list shows them; an unknown one is refused")
    func severalZones() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-dev-\(UUID().uuidString)").path
        let enrolled = try await DeviceCLITests.run([
            "device", "enroll", "--name", "Jukir Patty", "--role", "attendant", "--zone", "smr-01", "--zone",
            "ayp-01", "--data-dir", data,
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(enrolled.stdout.contains("zones ayp-01,smr-01"))
        let token = try #require(enrolled.stdout.split(separator: "\n").last.map(String.init))

        let supervisor = try await DeviceCLITests.run([
            "device", "enroll", "--name", "Pengawas Kota", "--role", "supervisor", "--data-dir", data,
        ])
        #expect(supervisor.status == 0, "\(supervisor.stderr)")
        #expect(supervisor.stdout.contains("(supervisor, no zone)"))

        let badZone = try await DeviceCLITests.run([
            "device", "enroll", "--name", "X", "--role", "attendant", "--zone", "ayp-01", "--zone", "mars",
            "--data-dir", data,
        ])
        #expect(badZone.status == 2)
        #expect(badZone.stderr.contains("mars"))

        let listed = try await DeviceCLITests.run(["device", "list", "--data-dir", data])
        #expect(listed.stdout.contains("\tattendant\tayp-01,smr-01\tactive"))
        #expect(listed.stdout.contains("\tsupervisor\t-\tactive"))

        let store = try await SQLiteLedgerStore.open(path: data + "/lunas.sqlite")
        let device = try await store.authenticateDevice(credentialHash: Device.credentialHash(forToken: token))
        #expect(device.zones == ["ayp-01", "smr-01"])
        #expect(try await store.devices().count == 2)
        let event = try #require(try await store.events(entityID: device.id.rawValue).first)
        #expect(event.payload.contains(#""zones":["ayp-01","smr-01"]"#))
        #expect(event.payload.contains(#""actor":{"device":null,"staff":null}"#))
        #expect(try await store.verify().isIntact)
    }
}
