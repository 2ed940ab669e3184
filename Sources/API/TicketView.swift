import Foundation
import Ledger

/// `ticket` in API responses.
public struct TicketView: Codable, Sendable, Equatable {
    var id: String
    var plate: String
    var vehicleClass: String
    var zone: String
    var entryTime: String
    var exitTime: String?
    var deviceSequence: Int64
    var invoiceID: String?
    /// How the ticket ended without an invoice: `free` (no charge at the exit) or `void`.
    var closure: String?
    /// Why a voided ticket was voided.
    var voidReason: String?
    /// How many times the ticket was printed again; absent when never.
    var reprints: Int?

    init(_ ticket: ParkingTicket) {
        reprints = ticket.reprints > 0 ? ticket.reprints : nil
        closure = ticket.closure?.rawValue
        voidReason = ticket.closure == .void ? ticket.closureReason : nil
        id = ticket.id.rawValue
        plate = ticket.plate
        vehicleClass = ticket.vehicleClass
        zone = ticket.zone
        entryTime = APITime.text(ticket.entryAt)
        exitTime = ticket.exitAt.map(APITime.text)
        deviceSequence = ticket.sequence
        invoiceID = ticket.invoiceID?.rawValue
    }
}
