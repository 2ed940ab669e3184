import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// `GET /api/v1/devices`, `POST /api/v1/devices`, `GET|DELETE /api/v1/devices/{id}`,
/// `PUT /api/v1/devices/{id}/attendant` (admin).
///
/// Enrolment answers 201 with the device and its bearer `token`, shown only in that response;
/// DELETE revokes (effective on the device's next request). Both events name the acting admin
/// device.
///
/// Enrolment takes an optional `Idempotency-Key`: a repeat with the same key and the same body
/// answers 200 with the device the first request enrolled and `"token": null` (the token is
/// stored only hashed; when it was lost, revoke the device and enrol again); the same key with
/// any difference in the body is 409 `idempotency.keyReused`. Without a key every request enrols
/// a new device.
struct DeviceRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("v1/devices") { _, context in
            _ = try context.requireDevice([.admin])
            return try APIResponse.json(["devices": try await services.store.devices().map(DeviceView.init)])
        }
        group.get("v1/devices/{id}") { _, context in
            _ = try context.requireDevice([.admin])
            let id = try context.parameters.require("id")
            guard let device = try await services.store.device(id: .init(id)) else {
                throw APIError.notFound("device \(id.prefix(40))")
            }
            return try APIResponse.json(["device": DeviceView(device)])
        }
        group.post("v1/devices") { request, context in try await enrol(request, context) }
        group.put("v1/devices/{id}/attendant") { request, context in try await setAttendant(request, context) }
        group.delete("v1/devices/{id}") { _, context in
            let admin = try context.requireDevice([.admin])
            let id = try context.parameters.require("id")
            let device = try await services.store.revokeDevice(
                .init(id), reason: "revoked by \(admin.id.rawValue)", actor: .device(admin.id), at: services.now())
            services.deviceCache.forget(device.id)
            context.logger.info("device revoked", metadata: ["revoked": "\(device.id)"])
            return try APIResponse.json(["device": DeviceView(device)])
        }
    }

    /// Records who now works with the device (200 with the device); the `device.attendantChanged`
    /// event names the acting admin. The same name again writes nothing; 404 for an unknown device,
    /// 409 `device.revoked` for a revoked one.
    func setAttendant(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let admin = try context.requireDevice([.admin])
        let id = Device.ID(try context.parameters.require("id"))
        let body = try await APIRequest.decode(AttendantRequest.self, from: request)
        let attendant = body.attendant?.trimmingCharacters(in: .whitespaces)
        guard try await services.store.device(id: id) != nil else {
            throw APIError.notFound("device \(id.rawValue.prefix(40))")
        }
        let device: Device
        do {
            device = try await services.store.setAttendant(
                id, attendant: attendant?.isEmpty == true ? nil : attendant, actor: .device(admin.id),
                at: services.now())
        } catch let error as LedgerError where error.code == .deviceRevoked {
            throw APIError(.conflict, error.code.rawValue, error.message, field: "id")
        }
        services.deviceCache.forget(device.id)
        context.logger.info("device attendant changed", metadata: ["device": "\(device.id)", "by": "\(admin.id)"])
        return try APIResponse.json(["device": DeviceView(device)])
    }

    struct Enrolled: Encodable {
        var device: DeviceView
        /// The bearer token; null when a repeated request is answered with the first device.
        var token: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(device, forKey: .device)
            try container.encode(token, forKey: .token)  // explicit null on a repeat
        }

        enum CodingKeys: String, CodingKey { case device, token }
    }

    func enrol(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let admin = try context.requireDevice([.admin])
        let suppliedKey = request.headers[APIRequest.idempotencyKeyField]
        let key = suppliedKey == nil ? nil : try APIRequest.idempotencyKey(request, deviceID: admin.id.rawValue)
        let (body, requestHash) = try await APIRequest.decodeFingerprinted(
            EnrolRequest.self, from: request, route: "device.enrol")
        guard let role = Device.Role(rawValue: body.role) else {
            let roles = Device.Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest(
                "request.invalidValue", "role must be one of \(roles), got \"\(body.role.prefix(20))\"", field: "role")
        }
        let zones = try Self.zones(body, known: services.configuration.zones.map(\.id.rawValue))
        let (device, token, id): (Device, String, Device.ID)
        do {
            (device, token, id) = try await Self.enrol(
                name: body.name, role: role, zones: zones, actor: .device(admin.id), services: services, key: key,
                requestHash: key == nil ? nil : requestHash, attendant: body.attendant)
        } catch let error as LedgerError where error.code == .idempotencyKeyReused {
            throw APIError(
                .conflict, "idempotency.keyReused",
                "Idempotency-Key was already used for a different request; a repeat must send the same body. "
                    + "Nothing was written", field: "Idempotency-Key")
        }
        guard device.id == id else {
            // A repeat of a used key with the same body: the first device, without its token.
            return try APIResponse.json(Enrolled(device: DeviceView(device), token: nil), status: .ok)
        }
        context.logger.info("device enrolled", metadata: ["enrolled": "\(device.id)", "by": "\(admin.id)"])
        return try APIResponse.json(Enrolled(device: DeviceView(device), token: token), status: .created)
    }

    /// Enrols a device with a new token and id (the API's enrolment and the console's): answers the
    /// device (the first one when `key` was used before), its token and the id made for it.
    static func enrol(
        name: String, role: Device.Role, zones: [String], actor: LedgerActor, services: APIServices,
        key: String? = nil, requestHash: String? = nil, attendant: String? = nil
    ) async throws -> (device: Device, token: String, id: Device.ID) {
        let token = DeviceToken.generate()
        let id = Device.ID(DeviceToken.generateID())
        let device = try await services.store.enrolDevice(
            DeviceDraft(
                id: id, name: name, role: role, zones: zones, credentialHash: Device.credentialHash(forToken: token),
                enrolledAt: services.now(), idempotencyKey: key ?? "enrol-\(id.rawValue)", actor: actor,
                requestHash: requestHash, attendant: attendant))
        return (device, token, id)
    }

    /// The zones of an enrolment: `zones`, or the older single `zone`; each must be a zone of the city.
    static func zones(_ body: EnrolRequest, known: [String]) throws -> [String] {
        if body.zone != nil, body.zones != nil {
            throw APIError.badRequest(
                "request.conflictingFields", "send either zones or the older zone, not both", field: "zones")
        }
        let zones = body.zones ?? body.zone.map(Device.zones(legacy:)) ?? []
        guard zones.count <= DeviceDraft.maximumZones else {
            throw APIError.badRequest(
                "request.invalidValue", "zones has \(zones.count) zones, at most \(DeviceDraft.maximumZones)",
                field: "zones")
        }
        for (index, zone) in zones.enumerated() where !known.contains(zone) {
            throw APIError.badRequest(
                "request.unknownZone",
                "unknown zone \"\(zone.prefix(40))\" at zones[\(index)]; known: \(known.joined(separator: ", "))",
                field: body.zones == nil ? "zone" : "zones[\(index)]")
        }
        return zones
    }
}

/// A device in API responses (never its credential hash).
struct DeviceView: Encodable {
    var id: String
    var name: String
    var role: String
    /// The first zone, `-` for none (the single-zone form of the first API version).
    var zone: String
    /// Every zone the device is enrolled for (empty: none; a supervisor without zones covers all).
    var zones: [String]
    var enrolledAt: String
    var revokedAt: String?
    var lastSequence: Int64
    /// The person working with the device, when recorded.
    var attendant: String?
    /// The device code in its offline bill numbers (issuing devices; older ones get theirs when
    /// they register a key).
    var code: String?
    /// Whether the device registered its Ed25519 key for offline records.
    var offlineKey: Bool

    init(_ device: Device) {
        attendant = device.attendant
        code = device.code?.rawValue
        offlineKey = device.publicKey != nil
        id = device.id.rawValue
        name = device.name
        role = device.role.rawValue
        zone = device.zone
        zones = device.zones
        enrolledAt = APITime.text(device.enrolledAt)
        revokedAt = device.revokedAt.map(APITime.text)
        lastSequence = device.lastSequence
    }
}

/// Bearer tokens and device ids for new devices.
public enum DeviceToken {
    /// 32 random bytes, base64url without padding (43 characters).
    public static func generate() -> String { SecretToken.make(bytes: 32) }

    /// `dev-` and 8 random lower-case letters and digits.
    public static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return "dev-" + String((0..<8).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
