/// When a device's unpaid invoices stand out from its zone's: the red mark of the leakage view.
///
/// A device is an outlier when it left at least ``minimumUnpaid`` invoices unpaid in the day and its
/// unpaid share (unpaid ÷ issued, see ``DeviceActivity/unpaid``) is more than ``factor`` times its
/// zone's. The zone's share is over every device whose ``DeviceActivity/primaryZone`` is that zone,
/// the device itself included (the figure the page shows beside it). Shares are compared exactly, by
/// cross-multiplying counts, never in floating point. A device with a complaint found true in the
/// day (``DeviceActivity/substantiatedComplaints``) is marked too: a citizen proved a leak there.
///
/// Why unpaid and not cancelled: an attendant who takes cash and lets the QRIS invoice lapse leaves
/// it unpaid; cancellations have their own column. The minimum keeps one unlucky invoice on a quiet
/// device from raising a mark.
public struct LeakageRule: Sendable, Hashable {
    /// How many times the zone's unpaid share a device's must exceed.
    public var factor: Int
    /// The fewest unpaid invoices that can raise a mark.
    public var minimumUnpaid: Int

    /// The default: more than twice the zone's share, and at least 3 unpaid.
    public static let standard = LeakageRule(factor: 2, minimumUnpaid: 3)

    /// Creates a rule.
    public init(factor: Int, minimumUnpaid: Int) {
        self.factor = factor
        self.minimumUnpaid = minimumUnpaid
    }

    /// The devices of `activity` this rule marks.
    public func outliers(_ activity: [DeviceActivity]) -> Set<Device.ID> {
        var zones: [String: (unpaid: Int, issued: Int)] = [:]
        for device in activity {
            zones[device.primaryZone, default: (0, 0)].unpaid += device.unpaid.count
            zones[device.primaryZone, default: (0, 0)].issued += device.issued.count
        }
        var marked: Set<Device.ID> = []
        for device in activity {
            guard let zone = zones[device.primaryZone] else { continue }
            if device.substantiatedComplaints > 0 || isOutlier(
                unpaid: device.unpaid.count, issued: device.issued.count, zoneUnpaid: zone.unpaid,
                zoneIssued: zone.issued)
            {
                marked.insert(device.deviceID)
            }
        }
        return marked
    }

    /// Whether a device with `unpaid` of `issued` stands out in a zone with `zoneUnpaid` of
    /// `zoneIssued`: `unpaid >= minimumUnpaid` and `unpaid / issued > factor × zoneUnpaid / zoneIssued`.
    public func isOutlier(unpaid: Int, issued: Int, zoneUnpaid: Int, zoneIssued: Int) -> Bool {
        guard unpaid >= minimumUnpaid, issued > 0, zoneIssued > 0 else { return false }
        // unpaid × zoneIssued > factor × zoneUnpaid × issued, in 128 bits so no count can overflow.
        let left = Int128(unpaid) * Int128(zoneIssued)
        let right = Int128(factor) * Int128(zoneUnpaid) * Int128(issued)
        return left > right
    }
}
