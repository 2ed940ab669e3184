import Foundation

// The canonical bytes of the hot-path records, written directly (``CanonicalObjectWriter``)
// instead of through a ``CanonicalJSON`` tree. Each must give byte for byte what the tree gives
// (`LedgerFact+Encoding.swift`); `CanonicalFastEncodingTests` compares them. Members are in
// sorted key order.

extension LedgerFact {
    /// The canonical payload bytes of the fact's event: ``payload``'s bytes, written directly for
    /// `invoice.issued` (the one fact issued at high rates).
    public var payloadBytes: [UInt8] {
        guard case .invoiceIssued(let invoice, let ticket, let idempotency, let actor) = self else {
            return payload.bytes
        }
        var writer = CanonicalObjectWriter(capacity: 512 + (ticket == nil ? 0 : 256))
        if let actor { writer.raw("actor", actor.canonicalBytes) }
        writer.raw("idempotency", idempotency.canonicalBytes)
        writer.raw("invoice", invoice.canonicalBytes)
        if let ticket { writer.raw("ticket", ticket.canonicalBytes) } else { writer.null("ticket") }
        return writer.finish()
    }
}

extension LedgerActor {
    var canonicalBytes: [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 64)
        writer.optionalString("device", device?.rawValue)
        writer.optionalString("staff", staff)
        return writer.finish()
    }
}

extension LedgerFact.Idempotency {
    var canonicalBytes: [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 128)
        writer.string("key", key)
        writer.string("requestHash", requestHash)
        return writer.finish()
    }
}

extension Invoice {
    /// ``canonical``'s bytes.
    var canonicalBytes: [UInt8] { canonicalBytes(sequence: sequence).bytes }

    /// ``canonical``'s bytes with `sequence`, or, when it is nil, without the sequence number's
    /// digits: `hole` is the offset where they belong (``PreparedInvoiceIssue`` fills it in).
    func canonicalBytes(sequence: Int64?) -> (bytes: [UInt8], hole: Int) {
        var writer = CanonicalObjectWriter(capacity: 256 + qrisPayload.utf8.count)
        writer.int("amount", amount.value)
        writer.string("billNumber", billNumber.rawValue)
        writer.string("deviceID", deviceID.rawValue)
        writer.int("expiresAt", expiresAt.ledgerMilliseconds)
        writer.optionalString("feeCode", feeCode)
        writer.string("id", id.rawValue)
        writer.string("idempotencyKey", idempotencyKey)
        writer.int("issuedAt", issuedAt.ledgerMilliseconds)
        writer.string("kind", kind.rawValue)
        writer.string("qrisPayload", qrisPayload)
        writer.string("receiptCode", receiptCode)
        let hole = writer.intOrHole("sequence", sequence)
        writer.optionalString("ticketID", ticketID?.rawValue)
        return (writer.finish(), hole)
    }
}

extension ParkingTicket {
    /// ``canonical``'s bytes.
    var canonicalBytes: [UInt8] { canonicalBytes(sequence: sequence).bytes }

    /// As ``Invoice/canonicalBytes(sequence:)``: without the sequence number's digits when it is nil.
    func canonicalBytes(sequence: Int64?) -> (bytes: [UInt8], hole: Int) {
        var writer = CanonicalObjectWriter(capacity: 256)
        writer.string("deviceID", deviceID.rawValue)
        writer.int("entryAt", entryAt.ledgerMilliseconds)
        writer.string("id", id.rawValue)
        writer.string("idempotencyKey", idempotencyKey)
        writer.optionalString("invoiceID", invoiceID?.rawValue)
        writer.string("plate", plate)
        let hole = writer.intOrHole("sequence", sequence)
        writer.string("vehicleClass", vehicleClass)
        writer.string("zone", zone)
        return (writer.finish(), hole)
    }
}

extension ParkingDetails {
    /// ``canonical``'s bytes.
    var canonicalBytes: [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 128)
        writer.int("entryAt", entryAt.ledgerMilliseconds)
        writer.string("plate", plate)
        writer.string("vehicleClass", vehicleClass)
        writer.string("zone", zone)
        return writer.finish()
    }
}

extension InvoiceDraft {
    /// The canonical request that ``IdempotencyFingerprint/of(_:)-(InvoiceDraft)`` hashes: the
    /// terms, the purpose and `"operation":"invoice.issue"`.
    var fingerprintBytes: [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 384 + terms.qrisPayload.utf8.count)
        writer.int("amount", terms.amount.value)
        writer.string("billNumber", terms.billNumber.rawValue)
        writer.string("deviceID", terms.deviceID.rawValue)
        writer.int("expiresAt", terms.expiresAt.ledgerMilliseconds)
        if case .fee(let code) = purpose { writer.string("feeCode", code) }
        writer.int("issuedAt", terms.issuedAt.ledgerMilliseconds)
        writer.string("operation", "invoice.issue")
        if case .parking(let details) = purpose { writer.raw("parking", details.canonicalBytes) }
        writer.string("qrisPayload", terms.qrisPayload)
        writer.string("receiptCode", terms.receiptCode)
        return writer.finish()
    }
}
