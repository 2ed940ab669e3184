import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

@Suite("lunas device enroll --attendant (the built binary)")
struct DeviceAttendantCLITests {
    @Test("the attendant is recorded with the enrolment; the token stays on the last line; an empty one is refused")
    func enrolWithAttendant() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-att-\(UUID().uuidString)").path
        let enrolled = try await DeviceCLITests.run([
            "device", "enroll", "--name", "HH Pattimura 03", "--role", "attendant", "--zone", "ptm-01",
            "--attendant", "Budi Latuconsina", "--data-dir", data,
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(enrolled.stdout.contains("attendant: Budi Latuconsina"))
        let token = try #require(enrolled.stdout.split(separator: "\n").last.map(String.init))
        let store = try await SQLiteLedgerStore.open(path: data + "/lunas.sqlite")
        let device = try await store.authenticateDevice(credentialHash: Device.credentialHash(forToken: token))
        #expect(device.attendant == "Budi Latuconsina")
        let enrolment = try #require(try await store.events(entityID: device.id.rawValue).first)
        #expect(enrolment.payload.contains(#""attendant":"Budi Latuconsina""#))
        #expect(try await store.verify().isIntact)

        let empty = try await DeviceCLITests.run([
            "device", "enroll", "--name", "X", "--role", "attendant", "--attendant", " ", "--data-dir", data,
        ])
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("--attendant"))
    }
}
