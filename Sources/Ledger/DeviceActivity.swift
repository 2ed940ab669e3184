import Foundation

/// One device's city day, for the leakage view (the console's "Perangkat dan juru parkir" page):
/// what it issued, what of that was paid, left unpaid or cancelled, and the numbers missing from
/// its sequence.
///
/// All figures are about the invoices the device issued in the day `[from, to)`, by their status
/// now (the same invoices as ``DayFigures``). Built by ``LedgerStore/deviceActivity(from:to:)``.
public struct DeviceActivity: Sendable, Hashable {
    /// The device.
    public var deviceID: Device.ID
    /// Its name.
    public var name: String
    /// Its role.
    public var role: Device.Role
    /// The zones it is enrolled for (empty: the whole city).
    public var zones: [String]
    /// Whether it is revoked now.
    public var isRevoked: Bool
    /// Invoices it issued in the day.
    public var issued = Tally()
    /// Of those, paid: `paid`, `paid_late`, `settled` or `refunded` now (money came in).
    public var paid = Tally()
    /// Of those, never paid nor cancelled: `issued` or `expired` now.
    public var unpaid = Tally()
    /// Of those, `cancelled`.
    public var cancelled = Tally()
    /// Hourly parking tickets it opened in the day (they take sequence numbers too).
    public var ticketsOpened = 0
    /// Of those, voided since (by itself or a supervisor): a ticket voided after the car left
    /// unpaid is a way to hide cash, so supervisors watch the count per device.
    public var ticketsVoided = 0
    /// The lowest and highest sequence numbers it used in the day (invoices and parking tickets
    /// share one sequence per device); nil when it used none.
    public var sequenceRange: ClosedRange<Int64>?
    /// The runs of numbers missing between the lowest and highest it used in the day, ascending. A
    /// number used by neither an invoice nor a ticket is a possible leak (a ticket printed and never
    /// recorded). A run that straddles two days shows on neither (see docs/ledger.md).
    public var sequenceGaps: [ClosedRange<Int64>] = []
    /// Complaints filed in the day about this device's tickets and found true (resolved as
    /// `substantiated` or `restitution`).
    public var substantiatedComplaints = 0

    /// How many numbers are missing in all (the sum of ``sequenceGaps``' lengths).
    public var missingSequenceNumbers: Int64 {
        sequenceGaps.reduce(0) { $0 + ($1.upperBound - $1.lowerBound + 1) }
    }

    /// The zone the device is compared with in ``LeakageRule``: its first zone, `-` for none.
    public var primaryZone: String { zones.first ?? Device.noZone }

    /// A device with nothing counted yet.
    public init(device: Device) {
        deviceID = device.id
        name = device.name
        role = device.role
        zones = device.zones
        isRevoked = device.isRevoked
    }

    /// Adds `count` of the device's invoices of `status` worth `amount` in all.
    /// - Throws: `amount.overflow`.
    public mutating func addInvoices(status: InvoiceStatus, count: Int, amount: Rupiah) throws {
        let what = "device activity of \(deviceID)"
        try issued.add(count: count, amount: amount, what: what)
        switch status {
        case .paid, .paidLate, .settled, .refunded: try paid.add(count: count, amount: amount, what: what)
        case .issued, .expired: try unpaid.add(count: count, amount: amount, what: what)
        case .cancelled: try cancelled.add(count: count, amount: amount, what: what)
        }
    }
}
