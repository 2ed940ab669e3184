import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// `GET /api/v1/devices`, `POST /api/v1/devices`, `GET|DELETE /api/v1/devices/{id}` (admin).
///
/// Enrolment answers 201 with the device and its bearer `token`, shown only in that response;
/// DELETE revokes (effective on the device's next request).
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
        group.delete("v1/devices/{id}") { _, context in
            let admin = try context.requireDevice([.admin])
            let id = try context.parameters.require("id")
            let device = try await services.store.revokeDevice(
                .init(id), reason: "revoked by \(admin.id.rawValue)", at: services.now())
            services.deviceCache.forget(device.id)
            context.logger.info("device revoked", metadata: ["revoked": "\(device.id)"])
            return try APIResponse.json(["device": DeviceView(device)])
        }
    }

    struct EnrolRequest: Decodable {
        var name: String
        var role: String
        var zone: String?
    }

    struct Enrolled: Encodable {
        var device: DeviceView
        var token: String
    }

    func enrol(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let admin = try context.requireDevice([.admin])
        let body = try await APIRequest.decode(EnrolRequest.self, from: request)
        guard let role = Device.Role(rawValue: body.role) else {
            throw APIError.badRequest(
                "request.invalidValue",
                "role must be attendant, kiosk, finance or admin, got \"\(body.role.prefix(20))\"",
                field: "role")
        }
        if let zone = body.zone, !services.configuration.zones.contains(where: { $0.id.rawValue == zone }) {
            throw APIError.badRequest("request.unknownZone", "unknown zone \"\(zone.prefix(40))\"", field: "zone")
        }
        let token = DeviceToken.generate()
        let id = Device.ID(DeviceToken.generateID())
        let device = try await services.store.enrolDevice(
            DeviceDraft(
                id: id, name: body.name, role: role, zone: body.zone ?? "-",
                credentialHash: Device.credentialHash(forToken: token), enrolledAt: services.now(),
                idempotencyKey: "enrol-\(id.rawValue)"))
        context.logger.info("device enrolled", metadata: ["enrolled": "\(device.id)", "by": "\(admin.id)"])
        return try APIResponse.json(Enrolled(device: DeviceView(device), token: token), status: .created)
    }
}

/// A device in API responses (never its credential hash).
struct DeviceView: Encodable {
    var id: String
    var name: String
    var role: String
    var zone: String
    var enrolledAt: String
    var revokedAt: String?
    var lastSequence: Int64

    init(_ device: Device) {
        id = device.id.rawValue
        name = device.name
        role = device.role.rawValue
        zone = device.zone
        enrolledAt = APITime.text(device.enrolledAt)
        revokedAt = device.revokedAt.map(APITime.text)
        lastSequence = device.lastSequence
    }
}

/// Bearer tokens and device ids for new devices.
public enum DeviceToken {
    /// 32 random bytes, base64url without padding (43 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// `dev-` and 8 random lower-case letters and digits.
    public static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return "dev-" + String((0..<8).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}
