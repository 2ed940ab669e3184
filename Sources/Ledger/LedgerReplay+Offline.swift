import Foundation

extension LedgerReplay {
    /// `device.keyRegistered` and `offline.recorded`.
    mutating func applyOffline(_ fact: LedgerFact, at: Date, sequence: Int64) throws {
        switch fact {
        case .deviceKeyRegistered(let id, let publicKey, let code, let actor):
            guard var device = devices[id], device.revokedAt == nil else {
                throw broken("device \(id) registered a key but it is unknown or revoked")
            }
            guard actor.device == nil || actor.device == id else {
                throw broken("device \(id)'s key was registered by another device, \(actor)")
            }
            guard device.publicKey == nil, device.code == nil || device.code == code else {
                throw broken("device \(id) registered a key twice, or its device code changed")
            }
            guard !devices.values.contains(where: { $0.id != id && $0.code == code }) else {
                throw broken("device code \(code) of device \(id) is another device's")
            }
            device.publicKey = publicKey
            device.code = code
            devices[id] = device
        case .offlineRecorded(let recording):
            let record = recording.record
            guard var device = devices[record.deviceID], device.role.canIssue, let publicKey = device.publicKey,
                device.code == record.deviceCode
            else {
                throw broken(
                    "offline record \(record.idempotencyKey) of device \(record.deviceID), which is unknown, "
                        + "not issuing, without a key or of another device code")
            }
            // Synced by the device while active, or collected by an admin (also from a revoked
            // device); never anything dated after the device's revocation.
            guard record.precedesRevocation(of: device) else {
                throw broken(
                    "offline record \(record.idempotencyKey) is dated after device \(device.id) was revoked")
            }
            if recording.actor.device == record.deviceID {
                guard device.revokedAt == nil else {
                    throw broken("offline record \(record.idempotencyKey) was sent by its device after its revocation")
                }
            } else {
                try requireAdmin(recording.actor, "offline record \(record.idempotencyKey) collected")
            }
            guard record.hasValidSignature(publicKey: publicKey) else {
                throw broken("offline record \(record.idempotencyKey) does not carry its device's signature")
            }
            guard offlineRecords[recording.key] == nil else {
                throw broken("offline record \(record.idempotencyKey) recorded twice")
            }
            if let number = record.sequence {
                // A gap is accepted only as flagged: the event names the sequence it skipped from.
                if number != device.lastSequence + 1 {
                    guard recording.gapAfter == device.lastSequence, number > device.lastSequence + 1 else {
                        throw broken(
                            "offline record \(record.idempotencyKey) has sequence \(number) on device "
                                + "\(device.id), expected \(device.lastSequence + 1) or a flagged gap")
                    }
                    device.lastSequence = number - 1
                    devices[device.id] = device
                }
            } else if recording.gapAfter != nil {
                throw broken("offline record \(record.idempotencyKey) flags a gap but takes no sequence")
            }
            offlineRecords[recording.key] = recording
            createdBy[recording.key] = sequence
        case .offlineBundleIssued(let id, _, _, _, let actor):
            guard let device = devices[id], device.revokedAt == nil, device.publicKey != nil,
                actor.device == nil || actor.device == id
            else {
                throw broken(
                    "device \(id) was issued an offline bundle but it is unknown, revoked, keyless or not the actor")
            }
        default:
            return
        }
    }
}
