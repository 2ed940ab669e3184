import Foundation
import Ledger
import QRImage
import Tickets

/// The server's side of ``TicketPrinter``: it looks up the ticket, the invoice and the attendant of
/// the issuing device at issue time (``LedgerStore/attendant(of:at:)``) in the ledger.
extension TicketPrinter {
    /// A printer for the server's city configuration.
    init(services: APIServices) { self.init(configuration: services.configuration) }

    /// The printable bill of an invoice, with its ticket and attendant from the store.
    func content(invoice: Invoice, store: any LedgerStore) async throws -> TicketContent {
        var ticket: ParkingTicket?
        if let ticketID = invoice.ticketID { ticket = try await store.ticket(id: ticketID) }
        let attendant = try await store.attendant(of: invoice.deviceID, at: invoice.issuedAt)
        return content(invoice: invoice, ticket: ticket, attendant: attendant)
    }

    /// The printed form of a ticket: its invoice's bill, its closure (free exit, void) or its entry ticket.
    func content(ticket: ParkingTicket, store: any LedgerStore) async throws -> TicketContent {
        if let invoiceID = ticket.invoiceID, let invoice = try await store.invoice(id: invoiceID) {
            return try await content(invoice: invoice, store: store)
        }
        let attendant = try await store.attendant(of: ticket.deviceID, at: ticket.entryAt)
        if ticket.closure != nil { return closedContent(ticket: ticket, attendant: attendant) }
        return entryContent(ticket: ticket, attendant: attendant)
    }
}
