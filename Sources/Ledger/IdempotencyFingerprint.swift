import Crypto
import Foundation

/// The SHA-256 of a create request's canonical form, kept with its idempotency key so that a repeat
/// of the same key with a *different* request is refused instead of silently answered with the
/// first result.
public enum IdempotencyFingerprint {
    /// Lower-case hex SHA-256 of the canonical form of `request`.
    static func of(_ request: CanonicalJSON) -> String { SHA256.hash(data: request.bytes).ledgerHex }

    /// The fingerprint of an invoice draft.
    public static func of(_ draft: InvoiceDraft) -> String {
        SHA256.hash(data: draft.fingerprintBytes).ledgerHex
    }

    /// The canonical request an invoice draft's fingerprint covers, as a tree: the reference that
    /// ``InvoiceDraft/fingerprintBytes`` (written directly, for speed) must equal.
    static func request(_ draft: InvoiceDraft) -> CanonicalJSON {
        var members = draft.terms.canonicalMembers
        members["operation"] = .string("invoice.issue")
        switch draft.purpose {
        case .fee(let code): members["feeCode"] = .string(code)
        case .parking(let details): members["parking"] = details.canonical
        }
        return .object(members)
    }

    /// The fingerprint of a ticket draft.
    public static func of(_ draft: TicketDraft) -> String {
        of(
            .object([
                "operation": .string("ticket.open"), "parking": draft.details.canonical,
                "deviceID": .string(draft.deviceID.rawValue),
            ]))
    }

    /// The fingerprint of a ticket closure.
    public static func of(_ closure: TicketClosure) -> String {
        var members = closure.terms.canonicalMembers
        members["operation"] = .string("ticket.close")
        members["ticketID"] = .string(closure.ticketID.rawValue)
        members["exitAt"] = .time(closure.exitAt)
        return of(.object(members))
    }

    /// The fingerprint of a device enrolment.
    public static func of(_ draft: DeviceDraft) -> String {
        of(
            .object([
                "operation": .string("device.enrol"), "id": .string(draft.id.rawValue), "name": .string(draft.name),
                "role": .string(draft.role.rawValue), "zone": .string(draft.zone),
                "credentialHash": .string(draft.credentialHash), "enrolledAt": .time(draft.enrolledAt),
            ]))
    }
}

extension InvoiceTerms {
    var canonicalMembers: [String: CanonicalJSON] {
        [
            "billNumber": .string(billNumber.rawValue), "amount": .int(amount.value),
            "qrisPayload": .string(qrisPayload),
            "receiptCode": .string(receiptCode), "issuedAt": .time(issuedAt), "expiresAt": .time(expiresAt),
            "deviceID": .string(deviceID.rawValue),
        ]
    }
}

extension ParkingDetails {
    var canonical: CanonicalJSON {
        .object([
            "plate": .string(plate), "vehicleClass": .string(vehicleClass), "zone": .string(zone),
            "entryAt": .time(entryAt),
        ])
    }
}
