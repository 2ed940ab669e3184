import Foundation

// The one encoder of `invoice.issued` (the one event issued at high rates) and of the invoice
// draft's fingerprint: canonical bytes written directly (``CanonicalObjectWriter``), members in
// sorted key order. ``LedgerFact/payload`` reads this event's tree back from these bytes.
//
// Why not the ``CanonicalJSON`` tree (STYLE.md "one code path per concern"): measured side by side
// on 2026-12-06 (one release binary with each path switchable, `lunas ledger bench-issue --issuers
// 64 --mode group`, alternating, steal 0 %), issuing through the tree
// cost 117-141 µs of CPU per invoice (mean 127, seven rounds) and through this writer 104-122 µs
// (mean 113): 11 % less (9 % in the first run of three rounds, 13 % in the second of four), and
// 22 % more invoices per second (6,300 against 5,170/s), because the tree builds, hashes and sorts
// a dictionary per object on the single writer's thread. The records' tree forms
// that other events still use (`ticket.opened`, `ticket.closed`) must give the same bytes:
// `CanonicalFastEncodingTests` and the golden values in `InvoiceIssuedGoldenTests` hold them to it.

extension LedgerFact {
    /// The canonical payload bytes of the fact's event: written directly for `invoice.issued`,
    /// ``payload``'s bytes for every other fact.
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
    /// The invoice as issued, as ``canonical`` writes it.
    var canonicalBytes: [UInt8] {
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
        writer.int("sequence", sequence)
        writer.optionalString("ticketID", ticketID?.rawValue)
        return writer.finish()
    }
}

extension ParkingTicket {
    /// The ticket as opened, as ``canonical`` writes it.
    var canonicalBytes: [UInt8] {
        var writer = CanonicalObjectWriter(capacity: 256)
        writer.string("deviceID", deviceID.rawValue)
        writer.int("entryAt", entryAt.ledgerMilliseconds)
        writer.string("id", id.rawValue)
        writer.string("idempotencyKey", idempotencyKey)
        writer.optionalString("invoiceID", invoiceID?.rawValue)
        writer.string("plate", plate)
        writer.int("sequence", sequence)
        writer.string("vehicleClass", vehicleClass)
        writer.string("zone", zone)
        return writer.finish()
    }
}

extension ParkingDetails {
    /// The vehicle part as the invoice draft's fingerprint holds it.
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
    /// terms, the purpose and `"operation":"invoice.issue"` (its only encoder).
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
