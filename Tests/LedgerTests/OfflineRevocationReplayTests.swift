import Foundation
import Ledger
import Testing

/// The replay's rule for offline records of a revoked device ("nothing issued after the device's
/// revocation time accepted"): an admin may bring what it made before its revocation; nothing
/// dated after it, and nothing sent by the revoked device itself, replays.
@Suite("Replaying offline records of a revoked device")
struct OfflineRevocationReplayTests {
    static let key = DeviceSigningKey.generate()
    static let start = Date(timeIntervalSince1970: 1_795_482_000)
    static let revokedAt = start.addingTimeInterval(600)

    /// An admin, a finance device and an attendant with its key, revoked at ``revokedAt``.
    static func ledger() throws -> (replay: LedgerReplay, next: Int64) {
        var replay = LedgerReplay()
        var sequence: Int64 = 0
        let devices: [(String, Device.Role, [String])] = [
            ("adm", .admin, []), ("fin", .finance, []), ("hh", .attendant, ["ayp-01"]),
        ]
        for (id, role, zones) in devices {
            sequence += 1
            let device = Device(
                id: Device.ID(id), name: id, role: role, zones: zones, credentialHash: "x", enrolledAt: start)
            try replay.apply(
                .deviceEnrolled(device, .init(key: "enrol-\(id)", requestHash: "h-\(id)")), at: start,
                sequence: sequence)
        }
        sequence += 1
        try replay.apply(
            .deviceKeyRegistered(
                Device.ID("hh"), publicKey: key.publicKey, code: try DeviceCode("7K2Q"), actor: .device(Device.ID("hh"))
            ),
            at: start, sequence: sequence)
        sequence += 1
        try replay.apply(
            .deviceRevoked(Device.ID("hh"), reason: "lost", actor: .device(Device.ID("adm"))), at: revokedAt,
            sequence: sequence)
        return (replay, sequence + 1)
    }

    /// An hourly entry the handheld made at `at`, recorded an hour after the revocation.
    static func recording(at: Date, actor: String) throws -> LedgerFact {
        let record = try OfflineRecord(
            deviceID: Device.ID("hh"), deviceCode: try DeviceCode("7K2Q"), operation: .open, idempotencyKey: "k-1",
            sequence: 1, plate: "DE1AB", vehicleClass: "car", zone: "ayp-01", entryAt: at, at: at, bundleID: "b"
        ).signed(with: key)
        let received = revokedAt.addingTimeInterval(3600)
        return .offlineRecorded(
            OfflineRecording(
                record: record, receivedAt: received, deviceClock: received, ticketID: nil, invoiceID: nil,
                gapAfter: nil, exceptions: [], actor: .device(Device.ID(actor))))
    }

    @Test("an admin brings a record made before the revocation")
    func beforeRevocation() throws {
        let ledger = try Self.ledger()
        var replay = ledger.replay
        try replay.apply(
            try Self.recording(at: Self.start.addingTimeInterval(60), actor: "adm"),
            at: Self.revokedAt.addingTimeInterval(3600), sequence: ledger.next)
        #expect(replay.offlineRecords.count == 1)
    }

    @Test("a record dated after the revocation, one the revoked device sent, or one a non-admin brought is broken")
    func refused() throws {
        let cases: [(Date, String)] = [
            (Self.revokedAt.addingTimeInterval(1), "adm"), (Self.start.addingTimeInterval(60), "hh"),
            (Self.start.addingTimeInterval(60), "fin"),
        ]
        for (at, actor) in cases {
            let ledger = try Self.ledger()
            var replay = ledger.replay
            let fact = try Self.recording(at: at, actor: actor)
            #expect(throws: LedgerError.self, "\(actor) at \(at)") {
                try replay.apply(fact, at: Self.revokedAt.addingTimeInterval(3600), sequence: ledger.next)
            }
        }
    }
}
