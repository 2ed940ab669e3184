import Foundation

extension LedgerFact {
    /// The canonical payload of the fact's event.
    public var payload: CanonicalJSON {
        switch self {
        case .deviceEnrolled(let device, let idempotency):
            return .object(["device": device.canonical, "idempotency": idempotency.canonical])
        case .deviceRevoked(_, let reason):
            return .object(["reason": .string(reason)])
        case .invoiceIssued(let invoice, let ticket, let idempotency):
            return .object([
                "idempotency": idempotency.canonical, "invoice": invoice.canonical,
                "ticket": ticket.map(\.canonical) ?? .null,
            ])
        case .ticketOpened(let ticket, let idempotency):
            return .object(["idempotency": idempotency.canonical, "ticket": ticket.canonical])
        case .ticketClosed(_, let exitAt, let invoice, let idempotency):
            return .object([
                "exitAt": .int(exitAt.ledgerMilliseconds), "idempotency": idempotency.canonical,
                "invoice": invoice.canonical,
            ])
        case .paymentRecorded(let payment):
            return .object(["payment": payment.canonical])
        case .invoiceCancelled(_, let reason), .invoiceRefunded(_, let reason):
            return .object(["reason": .string(reason)])
        case .invoiceExpired:
            return .object([:])
        case .invoiceSettled(_, let reference):
            return .object(["reference": .string(reference)])
        case .paymentException(let exception):
            return .object(["exception": exception.canonical])
        }
    }
}

extension CanonicalJSON {
    static func time(_ date: Date?) -> CanonicalJSON { date.map { .int($0.ledgerMilliseconds) } ?? .null }
    static func text(_ string: String?) -> CanonicalJSON { string.map { .string($0) } ?? .null }
}

extension LedgerFact.Idempotency {
    var canonical: CanonicalJSON { .object(["key": .string(key), "requestHash": .string(requestHash)]) }
}

extension Device {
    var canonical: CanonicalJSON {
        .object([
            "id": .string(id.rawValue), "name": .string(name), "role": .string(role.rawValue), "zone": .string(zone),
            "credentialHash": .string(credentialHash), "enrolledAt": .time(enrolledAt),
        ])
    }
}

extension Invoice {
    /// The invoice as issued (status, payment and sequence fields as at issue).
    var canonical: CanonicalJSON {
        .object([
            "id": .string(id.rawValue), "billNumber": .string(billNumber.rawValue), "kind": .string(kind.rawValue),
            "amount": .int(amount.value), "qrisPayload": .string(qrisPayload), "receiptCode": .string(receiptCode),
            "issuedAt": .time(issuedAt), "expiresAt": .time(expiresAt), "deviceID": .string(deviceID.rawValue),
            "sequence": .int(sequence), "feeCode": .text(feeCode), "ticketID": .text(ticketID?.rawValue),
            "idempotencyKey": .string(idempotencyKey),
        ])
    }
}

extension ParkingTicket {
    /// The ticket as opened.
    var canonical: CanonicalJSON {
        .object([
            "id": .string(id.rawValue), "plate": .string(plate), "vehicleClass": .string(vehicleClass),
            "zone": .string(zone), "entryAt": .time(entryAt), "deviceID": .string(deviceID.rawValue),
            "sequence": .int(sequence), "invoiceID": .text(invoiceID?.rawValue),
            "idempotencyKey": .string(idempotencyKey),
        ])
    }
}

extension Payment.Source {
    var canonical: CanonicalJSON { .object(["code": .string(code), "reason": .text(reason)]) }
}

extension Payment {
    var canonical: CanonicalJSON {
        .object([
            "id": .string(id.rawValue), "invoiceID": .string(invoiceID.rawValue),
            "billNumber": .string(billNumber.rawValue), "rrn": .string(rrn), "issuer": .string(issuer),
            "amount": .int(amount.value), "paidAt": .time(paidAt), "recordedAt": .time(recordedAt),
            "source": source.canonical, "effect": .string(effect.rawValue),
        ])
    }
}

extension PaymentException {
    var canonical: CanonicalJSON {
        .object([
            "id": .string(id.rawValue), "billNumber": .string(billNumber), "rrn": .string(rrn),
            "issuer": .string(issuer), "amount": .int(amount.value), "paidAt": .time(paidAt),
            "recordedAt": .time(recordedAt), "source": source.canonical, "reason": .string(reason.rawValue),
            "detail": .string(detail),
        ])
    }
}
