import Foundation
import Ledger

/// The body of `201` for tickets, invoices and exits; `invoice` is null for an hourly ticket until
/// its exit (its `links` then hold only the printable entry ticket), `ticket` is null for a fee
/// invoice. Public for tests, which compare
/// the hand-written ``jsonBytes()`` with this `Codable` encoding.
public struct IssueResponse: Codable, Sendable, Equatable {
    var ticket: TicketView?
    var invoice: InvoiceView?
    var links: InvoiceLinks?
    var exit: String?

    public init(ticket: ParkingTicket?, invoice: Invoice?) {
        self.ticket = ticket.map(TicketView.init)
        self.invoice = invoice.map(InvoiceView.init)
        self.links = invoice.map(InvoiceLinks.init) ?? ticket.map(InvoiceLinks.init(printing:))
        if let ticket, ticket.isOpen { exit = "/api/v1/parking/tickets/\(ticket.id.rawValue)/exit" }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(invoice, forKey: .invoice)
        try container.encode(links, forKey: .links)
        try container.encodeIfPresent(exit, forKey: .exit)
    }
}

/// `links` in API responses: where to fetch the invoice's images, status and receipt. A ticket
/// without an invoice (an hourly entry) has only ``ticketEscpos`` and ``ticketPng``.
public struct InvoiceLinks: Codable, Sendable, Equatable {
    var png: String?
    var svg: String?
    var escpos: String?
    var text: String?
    var ticketEscpos: String
    var ticketPng: String
    var status: String?
    var events: String?
    var cancel: String?
    var receipt: String?

    /// The printable ticket of a parking ticket without an invoice: the entry ticket while open,
    /// the Rp0 ticket once closed free, the void slip once voided.
    init(printing ticket: ParkingTicket) {
        let base = "/api/v1/parking/tickets/\(ticket.id.rawValue)"
        ticketEscpos = base + "/ticket.escpos"
        ticketPng = base + "/ticket.png"
    }

    init(_ invoice: Invoice) {
        let base = "/api/v1/invoices/\(invoice.id.rawValue)"
        png = base + "/qr.png"
        svg = base + "/qr.svg"
        escpos = base + "/qr.escpos"
        text = base + "/qr.txt"
        ticketEscpos = base + "/ticket.escpos"
        ticketPng = base + "/ticket.png"
        status = base
        events = base + "/events"
        cancel = base + "/cancel"
        receipt = "/public/receipts/\(invoice.receiptCode)"
    }
}
