import Foundation

extension LedgerFact {
    /// The canonical payload of the fact's event.
    ///
    /// `invoice.issued` has one encoder, ``payloadBytes`` (`LedgerFact+FastEncoding.swift`, which
    /// says why); its tree is read back from those bytes.
    public var payload: CanonicalJSON {
        switch self {
        case .deviceEnrolled(let device, let idempotency, let actor):
            return .object(["device": device.canonical, "idempotency": idempotency.canonical], actor: actor)
        case .deviceRevoked(_, let reason, let actor):
            return .object(["reason": .string(reason)], actor: actor)
        case .deviceAttendantChanged(_, let attendant, let actor):
            return .object(["attendant": .text(attendant)], actor: actor)
        case .deviceKeyRegistered(_, let publicKey, let code, let actor):
            return .object(["publicKey": .string(publicKey.base64), "code": .string(code.rawValue)], actor: actor)
        case .offlineRecorded(let recording):
            return recording.canonical
        case .offlineBundleIssued(_, let bundleID, let validFrom, let validUntil, let actor):
            return .object(
                ["bundleId": .string(bundleID), "validFrom": .time(validFrom), "validUntil": .time(validUntil)],
                actor: actor)
        case .invoiceIssued:
            do {
                return try CanonicalJSON.parse(String(decoding: payloadBytes, as: UTF8.self))
            } catch {
                preconditionFailure("the invoice.issued encoder wrote bytes that are not canonical JSON: \(error)")
            }
        case .ticketOpened(let ticket, let idempotency, let actor):
            return .object(["idempotency": idempotency.canonical, "ticket": ticket.canonical], actor: actor)
        case .ticketClosed(_, let exitAt, let invoice, let idempotency, let actor):
            return .object(
                [
                    "exitAt": .int(exitAt.ledgerMilliseconds), "idempotency": idempotency.canonical,
                    "invoice": invoice.canonical,
                ], actor: actor)
        case .ticketClosedFree(_, let exitAt, let idempotency, let actor):
            return .object(
                ["exitAt": .int(exitAt.ledgerMilliseconds), "idempotency": idempotency.canonical], actor: actor)
        case .ticketVoided(_, let reason, let actor):
            return .object(["reason": .string(reason)], actor: actor)
        case .ticketReprinted(_, let actor, let idempotency):
            // `idempotency` is written only when given, so earlier events keep their bytes.
            return .object(idempotency.map { ["idempotency": $0.canonical] } ?? [:], actor: actor)
        case .paymentRecorded(let payment):
            return .object(["payment": payment.canonical])
        case .invoiceCancelled(_, let reason, let actor):
            return .object(["reason": .string(reason)], actor: actor)
        case .invoiceRefunded(_, let reason, let actor):
            return .object(["reason": .string(reason)], actor: actor)
        case .invoiceExpired:
            return .object([:])
        case .invoiceSettled(_, let reference, let actor, let settlement):
            var members: [String: CanonicalJSON] = ["reference": .string(reference)]
            if let settlement { members["settlement"] = settlement.canonical }
            return .object(members, actor: actor)
        case .paymentException(let exception):
            return .object(["exception": exception.canonical])
        case .settlementImported(let record):
            return record.canonical
        case .settlementApplied(let chunk):
            return chunk.canonical
        case .invoiceUnsettled(_, let settlement, let status, let supersededBy, let actor):
            return .object(
                [
                    "settlement": settlement.canonical, "status": .string(status.rawValue),
                    "supersededBy": .string(supersededBy),
                ], actor: actor)
        case .settlementWithdrawn(let withdrawal):
            return withdrawal.canonical
        case .exceptionOpened(let exception):
            return .object(["exception": exception.canonical])
        case .exceptionAssigned(_, let assignee, let actor):
            return .object(["to": .string(assignee)], actor: actor)
        case .exceptionResolved(_, let resolution):
            return .object(["resolution": resolution.canonical])
        case .dayClosed(let statement):
            return .object(["statement": statement.canonical])
        case .paymentRefunded(let refund, let idempotency):
            return .object(["refund": refund.canonical, "idempotency": idempotency.canonical])
        case .paymentReversed(let reversal):
            return .object(["reversal": reversal.canonical])
        case .complaintFiled(let filing):
            return .object(["complaint": filing.canonical])
        case .complaintAssigned(_, let assignee, let actor):
            return .object(["to": .string(assignee)], actor: actor)
        case .complaintAnswered(_, let message, let actor):
            return .object(["message": .string(message)], actor: actor)
        case .complaintResolved(_, let resolution):
            return .object(["resolution": resolution.canonical])
        }
    }
}

extension CanonicalJSON {
    static func time(_ date: Date?) -> CanonicalJSON { date.map { .int($0.ledgerMilliseconds) } ?? .null }
    static func text(_ string: String?) -> CanonicalJSON { string.map { .string($0) } ?? .null }
}

extension CanonicalJSON {
    /// A payload object with an `actor` member when the fact names one (events written before actors
    /// were recorded have none, and must encode exactly as they were written).
    static func object(_ members: [String: CanonicalJSON], actor: LedgerActor?) -> CanonicalJSON {
        var members = members
        if let actor { members["actor"] = actor.canonical }
        return .object(members)
    }
}

extension LedgerActor {
    /// `{"device":…,"staff":…}`, `null` for a missing part.
    var canonical: CanonicalJSON { .object(["device": .text(device?.rawValue), "staff": .text(staff)]) }
}

extension LedgerFact.Idempotency {
    var canonical: CanonicalJSON { .object(["key": .string(key), "requestHash": .string(requestHash)]) }
}

extension Device {
    /// The device as enrolled. `zone` is the single-zone form the first ledgers wrote (the first
    /// zone, `-` for none); `zones` is written only for a device with more than one zone, so that a
    /// record of the first ledgers decodes and encodes back to exactly its bytes.
    var canonical: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "id": .string(id.rawValue), "name": .string(name), "role": .string(role.rawValue), "zone": .string(zone),
            "credentialHash": .string(credentialHash), "enrolledAt": .time(enrolledAt),
        ]
        if zones.count > 1 { members["zones"] = .array(zones.map { .string($0) }) }
        // Written only when known, so that records from before attendants decode to their bytes.
        if let attendant { members["attendant"] = .string(attendant) }
        // Written only for devices enrolled since device codes (`v10-offline`).
        if let code { members["code"] = .string(code.rawValue) }
        return .object(members)
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

extension PaymentVerification {
    var canonical: CanonicalJSON { .object(["keyID": .string(keyID), "profileID": .string(profileID)]) }
}

// Members added after `v1-ledger` (`verifiedBy`, `amountText`, `bodySHA256`) are written only when
// they have a value, so events recorded before them keep their exact canonical bytes and hashes.

extension Payment {
    var canonical: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "id": .string(id.rawValue), "invoiceID": .string(invoiceID.rawValue),
            "billNumber": .string(draft.billNumber.rawValue), "rrn": .string(draft.rrn),
            "issuer": .string(draft.issuer), "amount": .int(draft.amount.value), "paidAt": .time(draft.paidAt),
            "recordedAt": .time(draft.recordedAt), "source": draft.source.canonical,
            "effect": .string(effect.rawValue),
        ]
        if let verifiedBy = draft.verifiedBy { members["verifiedBy"] = verifiedBy.canonical }
        return .object(members)
    }
}

extension PaymentException {
    var canonical: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "id": .string(id.rawValue), "billNumber": .string(draft.billNumber), "rrn": .string(draft.rrn),
            "issuer": .string(draft.issuer), "amount": draft.amount.map { .int($0.value) } ?? .null,
            "paidAt": .time(draft.paidAt), "recordedAt": .time(draft.recordedAt), "source": draft.source.canonical,
            "reason": .string(draft.reason.rawValue), "detail": .string(draft.detail),
        ]
        if let amountText = draft.amountText { members["amountText"] = .string(amountText) }
        if let bodySHA256 = draft.bodySHA256 { members["bodySHA256"] = .string(bodySHA256) }
        if let verifiedBy = draft.verifiedBy { members["verifiedBy"] = verifiedBy.canonical }
        return .object(members)
    }
}
