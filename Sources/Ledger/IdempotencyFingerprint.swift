import Crypto
import Foundation

/// The SHA-256 of a create request's canonical form, kept with its idempotency key so that a repeat
/// of the same key with a *different* request is refused instead of silently answered with the
/// first result.
///
/// Callers that serve a request (the HTTP API) fingerprint the *request*, not the draft they build
/// from it: ``of(request:)`` over ``request(operation:target:body:)``, the whole request body in
/// canonical form with the operation and the path's identifiers. A draft's own fingerprint
/// (``of(_:)-(InvoiceDraft)`` and the others) covers values the caller draws afresh for every
/// attempt (bill number, receipt code, times), so it tells two requests apart but can never
/// recognise a repeat; it is the default for callers that give no request fingerprint.
public enum IdempotencyFingerprint {
    /// Lower-case hex SHA-256 of the canonical form of `request`.
    static func of(_ request: CanonicalJSON) -> String { SHA256.hash(data: request.bytes).ledgerHex }

    /// Lower-case hex SHA-256 of a canonical request (see ``request(operation:target:body:)``).
    public static func of(request: CanonicalJSON) -> String { of(request) }

    /// The canonical request an API call's idempotency key is bound to: the route (`parking.entry`,
    /// `parking.exit`, `invoice.fee`, `device.enrol`), the identifiers in its path (a ticket id for
    /// an exit) and the whole request body, every member of it, in canonical form (`null` for a call
    /// without a body).
    public static func request(route: String, target: [String: String] = [:], body: CanonicalJSON) -> CanonicalJSON {
        .object(["route": .string(route), "target": .object(target.mapValues { .string($0) }), "body": body])
    }

    /// Checks a fingerprint's form: 64 lower-case hex digits.
    /// - Throws: `input.invalidField` (field `requestHash`).
    public static func validate(_ hash: String) throws {
        guard LedgerValidation.isSHA256Hex(hash) else {
            throw LedgerError(
                .invalidField, "requestHash must be 64 lower-case hex digits (SHA-256), is \"\(hash.prefix(70))\"",
                field: "requestHash")
        }
    }

    /// The fingerprint a store keeps with a draft's key: the caller's request fingerprint, or the draft's.
    public static func kept(_ draft: InvoiceDraft) -> String { draft.requestHash ?? of(draft) }
    /// The fingerprint a store keeps with a ticket draft's key.
    public static func kept(_ draft: TicketDraft) -> String { draft.requestHash ?? of(draft) }
    /// The fingerprint a store keeps with a closure's key.
    public static func kept(_ closure: TicketClosure) -> String { closure.requestHash ?? of(closure) }
    /// The fingerprint a store keeps with an enrolment's key.
    public static func kept(_ draft: DeviceDraft) -> String { draft.requestHash ?? of(draft) }

    /// The fingerprint of an invoice draft.
    public static func of(_ draft: InvoiceDraft) -> String {
        SHA256.hash(data: draft.fingerprintBytes).ledgerHex
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
                "role": .string(draft.role.rawValue), "zones": .array(draft.zones.map { .string($0) }),
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
