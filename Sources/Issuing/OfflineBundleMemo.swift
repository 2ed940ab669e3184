import Foundation
import Ledger

/// The last bundle the server recorded for each device, so that a handheld asking again within
/// ``reuseInterval`` gets the same bundle (the same window, the same id) and the ledger gains no
/// new `offline.bundleIssued` event: a device fetching its bundle in a loop costs no writes.
actor OfflineBundleMemo {
    /// How long a recorded bundle's window start is reused.
    static let reuseInterval: TimeInterval = 600
    /// At most this many devices are remembered; past it the memo starts over (it is only a saving).
    static let capacity = 10_000

    private var last: [Device.ID: (validFrom: Date, bundleID: String)] = [:]

    /// The window start to build the device's bundle with at `now`: the last recorded one while it
    /// is recent, otherwise `now`.
    func validFrom(for device: Device.ID, now: Date) -> (validFrom: Date, recordedID: String?) {
        guard let entry = last[device], entry.validFrom <= now,
            now.timeIntervalSince(entry.validFrom) < Self.reuseInterval
        else { return (now, nil) }
        return (entry.validFrom, entry.bundleID)
    }

    /// Notes a bundle the ledger recorded.
    func recorded(_ bundleID: String, validFrom: Date, for device: Device.ID) {
        if last.count >= Self.capacity, last[device] == nil { last.removeAll() }
        last[device] = (validFrom, bundleID)
    }
}
