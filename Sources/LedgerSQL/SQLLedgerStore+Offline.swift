import Foundation
import Ledger

extension SQLLedgerStore {
    public func registerDeviceKey(
        _ id: Device.ID, publicKey: DevicePublicKey, actor: LedgerActor, at: Date
    )
        async throws -> Device
    {
        try actor.validate()
        return try await write { db, state in
            try LedgerWrites.registerDeviceKey(id, publicKey: publicKey, actor: actor, at: at, db, &state)
        }
    }

    public func recordOffline(_ submission: OfflineSubmission) async throws -> OfflineOutcome {
        try submission.actor.validate()
        try submission.record.checkShape()
        return try await write { db, state in try LedgerWrites.recordOffline(submission, db, &state) }
    }

    public func recordBundleIssued(
        _ id: Device.ID, bundleID: String, validFrom: Date, validUntil: Date, actor: LedgerActor, at: Date
    ) async throws {
        try actor.validate()
        try await write { db, state in
            let device = try LedgerQueries.activeDevice(id, db)
            guard device.publicKey != nil, actor.device == nil || actor.device == id else {
                throw LedgerError(.deviceKeyMissing, "device \(id) has no registered key", field: "publicKey")
            }
            try LedgerRowCodec.append(
                .offlineBundleIssued(
                    id, bundleID: bundleID, validFrom: validFrom, validUntil: validUntil, actor: actor),
                at: at, db, state: &state)
        }
    }

    public func earlierOfflineOutcome(_ record: OfflineRecord) async throws -> OfflineOutcome? {
        try await read { db in try LedgerWrites.earlierOutcome(record, db) }
    }

    public func openOfflineException(_ exception: ExceptionCase) async throws -> ExceptionCase {
        try exception.validate()
        return try await write { db, state in
            if try LedgerWrites.open(exception, db, &state) { return exception }
            guard
                let row = try db.row("SELECT id FROM exception_cases WHERE key = ?", [exception.key]),
                let existing = try LedgerQueries.exceptionCase(id: ExceptionCase.ID(try row.text("id")), db)
            else { throw LedgerQueries.internalError("exception key \(exception.key) has no row") }
            return existing
        }
    }

    public func matchStaticOfflinePayment(_ id: ExceptionCase.ID, at: Date) async throws -> ExceptionCase? {
        try await write { db, state in
            guard let exception = try LedgerQueries.exceptionCase(id: id, db) else { return nil }
            return try LedgerWrites.matchStatic(exception, at: at, db, &state)
        }
    }

    public func device(code: DeviceCode) async throws -> Device? {
        try await read { db in
            try db.row(
                "SELECT \(LedgerRowCodec.deviceColumns(db.dialect)) FROM devices WHERE code = ?", [code.rawValue]
            ).map(LedgerRowCodec.device)
        }
    }

    public func ticket(device: Device.ID, sequence: Int64) async throws -> ParkingTicket? {
        try await read { db in
            guard
                let row = try db.row(
                    "SELECT id FROM tickets WHERE device_id = ? AND sequence = ?", [device.rawValue, sequence])
            else { return nil }
            return try LedgerQueries.ticket(id: ParkingTicket.ID(try row.text("id")), db)
        }
    }
}
