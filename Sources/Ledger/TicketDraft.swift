import Foundation

/// A request to open an hourly parking ticket at entry (``LedgerStore/openTicket(_:)``).
public struct TicketDraft: Sendable, Hashable {
    /// The vehicle: plate, class, zone and entry time.
    public var details: ParkingDetails
    /// The device printing the entry ticket; the store assigns its next sequence number.
    public var deviceID: Device.ID
    /// A repeat with the same key returns the first ticket and creates nothing.
    public var idempotencyKey: String
    /// Who opens the ticket: the device (and, later, the staff member signed in on it).
    public var actor: LedgerActor
    /// The fingerprint of the caller's request; nil: this draft's (see ``InvoiceDraft/requestHash``).
    public var requestHash: String?

    /// Creates a value from its parts (the actor defaults to the device).
    public init(
        details: ParkingDetails, deviceID: Device.ID, idempotencyKey: String, actor: LedgerActor? = nil,
        requestHash: String? = nil
    ) {
        self.details = details
        self.deviceID = deviceID
        self.idempotencyKey = idempotencyKey
        self.actor = actor ?? .device(deviceID)
        self.requestHash = requestHash
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try details.validate()
        try LedgerValidation.deviceID(deviceID)
        try LedgerValidation.issuance(
            idempotencyKey: idempotencyKey, actor: actor, issuer: deviceID, requestHash: requestHash)
    }
}

/// A request to close an open hourly ticket at exit and issue its invoice
/// (``LedgerStore/closeTicket(_:)``).
public struct TicketClosure: Sendable, Hashable {
    /// The open ticket to close.
    public var ticketID: ParkingTicket.ID
    /// The exit time; not before the entry.
    public var exitAt: Date
    /// The invoice for the stay (amount from the tariff evaluator).
    public var terms: InvoiceTerms
    /// A repeat with the same key returns the first result and changes nothing.
    public var idempotencyKey: String
    /// Who closes the ticket: the device issuing the exit invoice (and, later, its staff member).
    public var actor: LedgerActor
    /// The fingerprint of the caller's request; nil: this closure's (see ``InvoiceDraft/requestHash``).
    public var requestHash: String?

    /// Creates a value from its parts (the actor defaults to the device issuing the invoice).
    public init(
        ticketID: ParkingTicket.ID, exitAt: Date, terms: InvoiceTerms, idempotencyKey: String,
        actor: LedgerActor? = nil, requestHash: String? = nil
    ) {
        self.ticketID = ticketID
        self.exitAt = exitAt
        self.terms = terms
        self.idempotencyKey = idempotencyKey
        self.actor = actor ?? .device(terms.deviceID)
        self.requestHash = requestHash
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try terms.validate()
        try LedgerValidation.issuance(
            idempotencyKey: idempotencyKey, actor: actor, issuer: terms.deviceID, requestHash: requestHash)
    }
}

/// The result of closing a ticket: the closed ticket and its new invoice.
public struct ClosedTicket: Sendable, Hashable {
    /// The ticket, closed.
    public var ticket: ParkingTicket
    /// The new invoice.
    public var invoice: Invoice

    /// Creates a value from its parts.
    public init(ticket: ParkingTicket, invoice: Invoice) {
        self.ticket = ticket
        self.invoice = invoice
    }
}

/// The result of issuing an invoice: the invoice and, for flat parking, its ticket.
public struct IssuedInvoice: Sendable, Hashable {
    /// The new invoice.
    public var invoice: Invoice
    /// The ticket, closed.
    public var ticket: ParkingTicket?

    /// Creates a value from its parts.
    public init(invoice: Invoice, ticket: ParkingTicket?) {
        self.invoice = invoice
        self.ticket = ticket
    }
}
