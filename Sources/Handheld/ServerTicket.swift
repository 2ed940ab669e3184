import Foundation
import Ledger

/// A ticket, its invoice and its print link as the server's issue answers carry them
/// (`{"ticket", "invoice", "links"}` of `POST /api/v1/parking/tickets` and its exit, void and
/// reprint).
struct ServerTicket: Sendable {
    var id: String
    var plate: String
    var vehicleClass: String
    var zone: String
    var entryAt: Date
    var exitAt: Date?
    var sequence: Int64?
    var closure: String?
    var voidReason: String?
    var invoiceID: String?
    var invoiceSequence: Int64?
    var invoiceDeviceID: String?
    var amount: Int64?
    var billNumber: String?
    var qrisPayload: String?
    var shortCode: String?
    var invoiceStatus: String?
    /// The path of the printable ticket (`links.ticketEscpos`).
    var escposPath: String?

    /// Reads an issue answer; nil when it holds no ticket.
    init?(answer: [String: Any]) {
        guard let ticket = answer["ticket"] as? [String: Any], let id = ticket["id"] as? String,
            let plate = ticket["plate"] as? String, let vehicleClass = ticket["vehicleClass"] as? String,
            let zone = ticket["zone"] as? String, let entry = (ticket["entryTime"] as? String).flatMap(Self.date)
        else { return nil }
        self.id = id
        self.plate = plate
        self.vehicleClass = vehicleClass
        self.zone = zone
        self.entryAt = entry
        exitAt = (ticket["exitTime"] as? String).flatMap(Self.date)
        sequence = Self.integer(ticket["deviceSequence"])
        closure = ticket["closure"] as? String
        voidReason = ticket["voidReason"] as? String
        if let invoice = answer["invoice"] as? [String: Any] {
            invoiceID = invoice["id"] as? String
            invoiceSequence = Self.integer(invoice["deviceSequence"])
            invoiceDeviceID = invoice["deviceID"] as? String
            amount = Self.integer(invoice["amount"])
            billNumber = invoice["billNumber"] as? String
            qrisPayload = invoice["qris"] as? String
            shortCode = invoice["shortCode"] as? String
            invoiceStatus = invoice["status"] as? String
        }
        escposPath = (answer["links"] as? [String: Any])?["ticketEscpos"] as? String
    }

    /// The ticket's state as the handheld keeps it.
    var state: LocalTicket.State {
        if closure == "void" { return .void }
        if closure == "free" { return .free }
        return invoiceID == nil ? .open : .billed
    }

    /// The local record of this ticket, keeping what the handheld knew of it before.
    func local(merging known: LocalTicket?, attendant: String?) -> LocalTicket {
        LocalTicket(
            localID: known?.localID ?? id, serverID: id, plate: plate, vehicleClass: vehicleClass, zone: zone,
            entryAt: entryAt, exitAt: exitAt, state: state, sequence: known?.sequence ?? sequence,
            amount: amount ?? known?.amount, billNumber: billNumber ?? known?.billNumber,
            qrisPayload: qrisPayload ?? known?.qrisPayload, invoiceID: invoiceID ?? known?.invoiceID,
            source: known?.source ?? "online", reprints: known?.reprints ?? 0,
            voidReason: voidReason ?? known?.voidReason,
            paid: invoiceStatus.map { $0 == "paid" } ?? known?.paid, attendant: known?.attendant ?? attendant)
    }

    /// A JSON number as read by `JSONSerialization` (an `Int`, or an `NSNumber` on some platforms).
    static func integer(_ value: Any?) -> Int64? {
        switch value {
        case let value as Int: Int64(value)
        case let value as Int64: value
        case let value as NSNumber: value.int64Value
        default: nil
        }
    }

    /// Parses the server's RFC 3339 times (with or without milliseconds).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
