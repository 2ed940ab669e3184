import Crypto
import Foundation

/// An ``InvoiceDraft`` made ready for a store's single writer: ids drawn, times cut to the
/// millisecond, plate normalised, request fingerprint taken and the `invoice.issued` event's
/// canonical bytes written — all but the two numbers only the writer knows, the device's next
/// sequence number and the event's position in the chain.
///
/// Stores prepare on the caller's task, so the work that does not depend on the chain head runs
/// in parallel instead of inside the one write transaction. ``event(deviceSequence:after:)`` gives
/// byte for byte what ``LedgerEvent/make(_:at:after:)`` gives for the same fact
/// (`PreparedInvoiceIssueTests` compares them), and `verify` recomputes every hash from the tree.
public struct PreparedInvoiceIssue: Sendable {
    /// The request as the caller made it.
    public let draft: InvoiceDraft
    /// ``IdempotencyFingerprint/kept(_:)-(InvoiceDraft)``: the caller's request fingerprint, or the draft's.
    public let requestHash: String
    /// The invoice to store, with sequence number 0 until ``invoice(sequence:)`` fills it in.
    public let invoice: Invoice
    /// The flat-tariff parking ticket issued with the invoice, sequence number 0 likewise.
    public let ticket: ParkingTicket?

    /// `{"at":…,"entity":…,"kind":"invoice.issued","payload":` and the payload without the device
    /// sequence number's digits, then `,"seq":`.
    private let template: [UInt8]
    /// Offsets in `template` where the device sequence number's digits belong (the invoice's; the
    /// ticket's, or -1), in increasing order.
    private let holes: (Int, Int)
    /// Where the payload starts in `template` (and in the event's bytes).
    private let payloadStart: Int

    /// Prepares a draft (which the caller has validated).
    ///
    /// - Throws: `input.invalidField` (field `plate`) when a parking plate does not normalise.
    public init(_ draft: InvoiceDraft, invoiceID: Invoice.ID = .generate()) throws {
        self.draft = draft
        requestHash = IdempotencyFingerprint.kept(draft)
        let terms = draft.terms
        var ticket: ParkingTicket?
        var feeCode: String?
        switch draft.purpose {
        case .fee(let code):
            feeCode = code
        case .parking(let details):
            ticket = ParkingTicket(
                id: .generate(), plate: try LicensePlate.normalise(details.plate), vehicleClass: details.vehicleClass,
                zone: details.zone, entryAt: details.entryAt.ledgerRounded, exitAt: nil, deviceID: terms.deviceID,
                sequence: 0, invoiceID: invoiceID, idempotencyKey: draft.idempotencyKey)
        }
        let issuedAt = terms.issuedAt.ledgerRounded
        invoice = Invoice(
            id: invoiceID, billNumber: terms.billNumber, kind: draft.kind, amount: terms.amount,
            qrisPayload: terms.qrisPayload, receiptCode: terms.receiptCode, status: .issued, issuedAt: issuedAt,
            expiresAt: terms.expiresAt.ledgerRounded, deviceID: terms.deviceID, sequence: 0, feeCode: feeCode,
            ticketID: ticket?.id, paidAt: nil, statusChangedAt: issuedAt, idempotencyKey: draft.idempotencyKey)
        self.ticket = ticket

        // The event object's members in sorted order: at, entity, kind, payload, seq.
        var out: [UInt8] = []
        out.reserveCapacity(768 + terms.qrisPayload.utf8.count + terms.receiptCode.utf8.count)
        out.append(contentsOf: #"{"at":"#.utf8)
        CanonicalObjectWriter.writeInt(issuedAt.ledgerMilliseconds, into: &out)
        out.append(contentsOf: #","entity":"#.utf8)
        CanonicalJSON.writeString(invoiceID.rawValue, into: &out)
        out.append(contentsOf: #","kind":"#.utf8)
        CanonicalJSON.writeString(LedgerEvent.Kind.invoiceIssued.rawValue, into: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        payloadStart = out.count
        // The payload as `LedgerFact.payloadBytes` writes it: actor, idempotency, invoice, ticket.
        let idempotency = LedgerFact.Idempotency(key: draft.idempotencyKey, requestHash: requestHash)
        out.append(contentsOf: #"{"actor":"#.utf8)
        out.append(contentsOf: draft.actor.canonicalBytes)
        out.append(contentsOf: #","idempotency":"#.utf8)
        out.append(contentsOf: idempotency.canonicalBytes)
        out.append(contentsOf: #","invoice":"#.utf8)
        let invoiceBytes = invoice.canonicalBytes(sequence: nil)
        let invoiceHole = out.count + invoiceBytes.hole
        out.append(contentsOf: invoiceBytes.bytes)
        out.append(contentsOf: #","ticket":"#.utf8)
        var ticketHole = -1
        if let ticket {
            let ticketBytes = ticket.canonicalBytes(sequence: nil)
            ticketHole = out.count + ticketBytes.hole
            out.append(contentsOf: ticketBytes.bytes)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        out.append(UInt8(ascii: "}"))
        out.append(contentsOf: #","seq":"#.utf8)
        template = out
        holes = (invoiceHole, ticketHole)
    }

    /// The invoice with its device sequence number.
    public func invoice(sequence: Int64) -> Invoice {
        var invoice = invoice
        invoice.sequence = sequence
        return invoice
    }

    /// The ticket (if any) with its device sequence number.
    public func ticket(sequence: Int64) -> ParkingTicket? {
        guard var ticket else { return nil }
        ticket.sequence = sequence
        return ticket
    }

    /// The `invoice.issued` event for the device's sequence number `deviceSequence`, appended after `head`.
    public func event(deviceSequence: Int64, after head: ChainHead) -> Event {
        let sequence = head.sequence + 1
        var bytes: [UInt8] = []
        bytes.reserveCapacity(template.count + 48)
        template.withUnsafeBufferPointer { template in
            bytes.append(contentsOf: template[..<holes.0])
            CanonicalObjectWriter.writeInt(deviceSequence, into: &bytes)
            if holes.1 >= 0 {
                bytes.append(contentsOf: template[holes.0..<holes.1])
                CanonicalObjectWriter.writeInt(deviceSequence, into: &bytes)
                bytes.append(contentsOf: template[holes.1...])
            } else {
                bytes.append(contentsOf: template[holes.0...])
            }
        }
        let payloadEnd = bytes.count - #","seq":"#.utf8.count
        CanonicalObjectWriter.writeInt(sequence, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
        var hasher = SHA256()
        hasher.update(data: head.hash)
        hasher.update(data: bytes)
        return Event(
            sequence: sequence, bytes: bytes, payload: payloadStart..<payloadEnd, hash: Array(hasher.finalize()))
    }

    /// One prepared event: its chain position, hashed bytes and hash.
    public struct Event: Sendable {
        /// The event's position in the chain.
        public var sequence: Int64
        /// The canonical bytes the hash covers.
        public var bytes: [UInt8]
        /// Where the payload (the events table's `payload` text) lies in ``bytes``.
        public var payload: Range<Int>
        /// `SHA-256(previous hash ‖ bytes)`.
        public var hash: [UInt8]
    }
}
