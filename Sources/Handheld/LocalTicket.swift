import Foundation

/// A ticket as the handheld knows it: opened or issued here, online or offline.
///
/// ``localID`` is the number printed on the ticket: the server's `tkt_…` id for a ticket issued
/// online, `CODE-SEQUENCE` (the device code and the sequence its issue or open took) for one
/// issued offline; ``serverID`` is the server's id once known (at once online, after sync offline).
public struct LocalTicket: Sendable, Hashable, Codable {
    /// Where the ticket stands.
    public enum State: String, Sendable, Hashable, Codable {
        /// An hourly ticket waiting for its exit.
        case open
        /// Billed: a flat ticket at entry or an hourly one at exit (an invoice with a QRIS).
        case billed
        /// Closed at Rp0 (an exit within the grace period or in a free window).
        case free
        /// Voided.
        case void
    }

    /// The printed ticket number.
    public var localID: String
    /// The server's ticket id, once known.
    public var serverID: String?
    /// The normalised plate.
    public var plate: String
    /// The vehicle class code.
    public var vehicleClass: String
    /// The zone code.
    public var zone: String
    /// When the vehicle entered.
    public var entryAt: Date
    /// When it left (hourly tickets, once closed).
    public var exitAt: Date?
    /// Where the ticket stands.
    public var state: State
    /// The device sequence of its issue or open.
    public var sequence: Int64?
    /// The amount billed, in rupiah.
    public var amount: Int64?
    /// The bill number of its invoice.
    public var billNumber: String?
    /// The QRIS payload printed on its bill.
    public var qrisPayload: String?
    /// The server's invoice id, once known.
    public var invoiceID: String?
    /// `online` or `offline`: how the ticket was opened or issued.
    public var source: String
    /// How many times the handheld printed it again.
    public var reprints: Int
    /// Why it was voided.
    public var voidReason: String?
    /// Whether its invoice is paid, as last learnt from the server (nil: not known).
    public var paid: Bool?
    /// The attendant printed on it.
    public var attendant: String?

    /// Creates a ticket record from its parts.
    public init(
        localID: String, serverID: String?, plate: String, vehicleClass: String, zone: String, entryAt: Date,
        exitAt: Date?, state: State, sequence: Int64?, amount: Int64?, billNumber: String?, qrisPayload: String?,
        invoiceID: String?, source: String, reprints: Int, voidReason: String?, paid: Bool?, attendant: String?
    ) {
        self.localID = localID
        self.serverID = serverID
        self.plate = plate
        self.vehicleClass = vehicleClass
        self.zone = zone
        self.entryAt = entryAt
        self.exitAt = exitAt
        self.state = state
        self.sequence = sequence
        self.amount = amount
        self.billNumber = billNumber
        self.qrisPayload = qrisPayload
        self.invoiceID = invoiceID
        self.source = source
        self.reprints = reprints
        self.voidReason = voidReason
        self.paid = paid
        self.attendant = attendant
    }

    /// Whether the server knows the ticket (it was issued online or has been synced).
    public var isKnownToServer: Bool { serverID != nil }
}
