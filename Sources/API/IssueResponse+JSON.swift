import Ledger

// The `201` body of issuing, written straight into bytes with the ledger's sorted-key object
// writer: `JSONEncoder` took a tenth of the server's CPU per issued ticket. The members are the
// ones `Codable` gives (an optional member of a view is left out when nil, `ticket`, `invoice` and
// `links` of the response are `null`), keys in byte order as `.sortedKeys` writes these ASCII names.
// `IssueResponseJSONTests` decodes the bytes back and compares them with the `Codable` encoding.

extension IssueResponse {
    /// The JSON body.
    public func jsonBytes() -> [UInt8] {
        var body = CanonicalObjectWriter(capacity: 2048)
        if let exit { body.string("exit", exit) }
        if let invoice { body.raw("invoice", invoice.jsonBytes()) } else { body.null("invoice") }
        if let links { body.raw("links", links.jsonBytes()) } else { body.null("links") }
        if let ticket { body.raw("ticket", ticket.jsonBytes()) } else { body.null("ticket") }
        return body.finish()
    }
}

extension InvoiceView {
    func jsonBytes() -> [UInt8] {
        var object = CanonicalObjectWriter(capacity: 768)
        object.int("amount", amount)
        object.string("billNumber", billNumber)
        object.string("deviceID", deviceID)
        object.int("deviceSequence", deviceSequence)
        object.string("expiresAt", expiresAt)
        if let fee { object.string("fee", fee) }
        object.string("id", id)
        object.string("issuedAt", issuedAt)
        object.string("kind", kind)
        if let paidAt { object.string("paidAt", paidAt) }
        object.string("qris", qris)
        object.string("receiptCode", receiptCode)
        object.string("shortCode", shortCode)
        object.string("status", status)
        if let ticketID { object.string("ticketID", ticketID) }
        return object.finish()
    }
}

extension InvoiceLinks {
    func jsonBytes() -> [UInt8] {
        var object = CanonicalObjectWriter(capacity: 768)
        if let cancel { object.string("cancel", cancel) }
        if let escpos { object.string("escpos", escpos) }
        if let events { object.string("events", events) }
        if let png { object.string("png", png) }
        if let receipt { object.string("receipt", receipt) }
        if let status { object.string("status", status) }
        if let svg { object.string("svg", svg) }
        if let text { object.string("text", text) }
        object.string("ticketEscpos", ticketEscpos)
        object.string("ticketPng", ticketPng)
        return object.finish()
    }
}

extension TicketView {
    func jsonBytes() -> [UInt8] {
        var object = CanonicalObjectWriter(capacity: 384)
        if let closure { object.string("closure", closure) }
        object.int("deviceSequence", deviceSequence)
        object.string("entryTime", entryTime)
        if let exitTime { object.string("exitTime", exitTime) }
        object.string("id", id)
        if let invoiceID { object.string("invoiceID", invoiceID) }
        object.string("plate", plate)
        if let reprints { object.int("reprints", Int64(reprints)) }
        object.string("vehicleClass", vehicleClass)
        if let voidReason { object.string("voidReason", voidReason) }
        object.string("zone", zone)
        return object.finish()
    }
}
