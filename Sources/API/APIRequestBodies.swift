import Issuing
import Hummingbird
import Ledger

// The JSON bodies the API accepts (decoded by APIRequest.decode).

/// `POST /api/v1/parking/tickets` body.
struct TicketRequest: APIRequestBody {
    static let fields: Set<String> = ["plate", "vehicleClass", "zone"]

    var plate: String
    var vehicleClass: String
    /// The zone; may be left out by an attendant enrolled for exactly one zone.
    var zone: String?
}

/// `POST /api/v1/invoices` body.
struct FeeInvoiceRequest: APIRequestBody {
    static let fields: Set<String> = ["fee", "payerReference", "amount"]

    var fee: String
    var payerReference: String
    var amount: Int64?
}

/// `POST /api/v1/exceptions/{id}/assign` and `POST /api/v1/complaints/{number}/assign` body: who
/// works on it now.
struct AssignBody: APIRequestBody {
    static let fields: Set<String> = ["to"]

    var to: String
}

/// `POST /api/v1/invoices/{id}/cancel` body (optional).
struct CancelReasonBody: APIRequestBody {
    static let fields: Set<String> = ["reason"]

    var reason: String?
}

/// `POST /api/v1/devices` body: `zones` (or the older single `zone`; not both).
struct EnrolRequest: APIRequestBody {
    static let fields: Set<String> = ["name", "role", "zone", "zones", "attendant"]

    var name: String
    var role: String
    var zone: String?
    var zones: [String]?
    /// The person working with the device (an attendant's name, printed on tickets).
    var attendant: String?
}

/// `POST /api/v1/parking/tickets/{id}/void`: why the ticket is voided.
struct VoidRequest: APIRequestBody {
    static let fields: Set<String> = ["reason"]

    var reason: String
}

/// `PUT /api/v1/devices/{id}/attendant`: the person now working with the device; null for none.
struct AttendantRequest: APIRequestBody {
    static let fields: Set<String> = ["attendant"]

    /// The name; `null` (or empty) for none. The member itself is required.
    var attendant: String?

    enum CodingKeys: String, CodingKey { case attendant }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.attendant) else {
            throw DecodingError.keyNotFound(
                CodingKeys.attendant,
                .init(codingPath: [], debugDescription: "attendant is required (null for none)"))
        }
        attendant = try container.decodeIfPresent(String.self, forKey: .attendant)
    }
}

extension APIRequest {
    /// Decodes a JSON body as ``decode(_:from:)`` does, and fingerprints the whole request: the
    /// route, the identifiers in its path and every member of the body in canonical form
    /// (``IdempotencyFingerprint/request(route:target:body:)``), so that a repeated
    /// `Idempotency-Key` with any difference in the body is told apart from a true repeat.
    static func decodeFingerprinted<T: APIRequestBody>(
        _ type: T.Type, from request: Request, route: String, target: [String: String] = [:]
    ) async throws -> (body: T, fingerprint: String) {
        var request = request
        do {
            // Collected once; `collectBody` keeps the bytes as the request's body for `decode`.
            _ = try await request.collectBody(upTo: maximumBodyBytes)
        } catch {
            throw APIError(.contentTooLarge, "request.tooLarge", "the body is larger than \(maximumBodyBytes) bytes")
        }
        let body = try await decode(T.self, from: request)
        let bytes = try await request.collectBody(upTo: maximumBodyBytes)
        let canonical = try IdempotencyRequestBody(json: Array(bytes.readableBytesView)).canonical
        return (body, fingerprint(route: route, target: target, body: canonical))
    }

    /// The fingerprint of a request without a body (`body` is `null`).
    static func fingerprint(route: String, target: [String: String] = [:], body: CanonicalJSON = .null) -> String {
        InvoiceIssuer.fingerprint(route: route, target: target, body: body)
    }
}
