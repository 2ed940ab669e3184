import Foundation

extension OfflineRecord {
    /// The latest time the record claims: its `at`, `entryAt` and `exitAt`.
    public var latestTime: Date { [at, entryAt, exitAt].compactMap { $0 }.max() ?? at }

    /// Whether the record may still be accepted from `device` as far as revocation goes: always
    /// for an active device, and for a revoked one when none of its times is after the revocation
    /// ("nothing issued after the device's revocation time is accepted").
    public func precedesRevocation(of device: Device) -> Bool {
        guard let revokedAt = device.revokedAt else { return true }
        return latestTime <= revokedAt
    }
}
