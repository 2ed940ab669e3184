import Foundation
import Ledger

/// `invoice` in API responses.
struct InvoiceView: Codable, Sendable, Equatable {
    var id: String
    var billNumber: String
    var amount: Int64
    var status: String
    var expiresAt: String
    var qris: String
    var receiptCode: String
    var kind: String
    var issuedAt: String
    var paidAt: String?
    var deviceID: String
    var deviceSequence: Int64
    var fee: String?
    var ticketID: String?

    init(_ invoice: Invoice) {
        id = invoice.id.rawValue
        billNumber = invoice.billNumber.rawValue
        amount = invoice.amount.value
        status = invoice.status.rawValue
        expiresAt = APITime.text(invoice.expiresAt)
        qris = invoice.qrisPayload
        receiptCode = invoice.receiptCode
        kind = invoice.kind.rawValue
        issuedAt = APITime.text(invoice.issuedAt)
        paidAt = invoice.paidAt.map(APITime.text)
        deviceID = invoice.deviceID.rawValue
        deviceSequence = invoice.sequence
        fee = invoice.feeCode
        ticketID = invoice.ticketID?.rawValue
    }
}

/// `ticket` in API responses.
struct TicketView: Codable, Sendable, Equatable {
    var id: String
    var plate: String
    var vehicleClass: String
    var zone: String
    var entryTime: String
    var exitTime: String?
    var deviceSequence: Int64
    var invoiceID: String?

    init(_ ticket: ParkingTicket) {
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

/// `links` in API responses: where to fetch the invoice's images, status and receipt.
struct InvoiceLinks: Codable, Sendable, Equatable {
    var png: String
    var svg: String
    var escpos: String
    var text: String
    var ticketEscpos: String
    var ticketPng: String
    var status: String
    var events: String
    var cancel: String
    var receipt: String

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

/// The body of `201` for tickets, invoices and exits; `invoice` and `links` are null for an
/// hourly ticket until its exit, `ticket` is null for a fee invoice.
struct IssueResponse: Codable, Sendable, Equatable {
    var ticket: TicketView?
    var invoice: InvoiceView?
    var links: InvoiceLinks?
    var exit: String?

    init(ticket: ParkingTicket?, invoice: Invoice?) {
        self.ticket = ticket.map(TicketView.init)
        self.invoice = invoice.map(InvoiceView.init)
        self.links = invoice.map(InvoiceLinks.init)
        if let ticket, ticket.isOpen { exit = "/api/v1/parking/tickets/\(ticket.id.rawValue)/exit" }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket, forKey: .ticket)
        try container.encode(invoice, forKey: .invoice)
        try container.encode(links, forKey: .links)
        try container.encodeIfPresent(exit, forKey: .exit)
    }
}

/// `POST /api/v1/parking/tickets` body.
struct TicketRequest: Decodable {
    var plate: String
    var vehicleClass: String
    var zone: String?
}

/// `POST /api/v1/invoices` body.
struct FeeInvoiceRequest: Decodable {
    var fee: String
    var payerReference: String
    var amount: Int64?
}

/// `POST /api/v1/invoices/{id}/cancel` body (optional).
struct CancelRequest: Decodable {
    var reason: String?
}

/// Times in API bodies: ISO 8601 in UTC.
enum APITime {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
