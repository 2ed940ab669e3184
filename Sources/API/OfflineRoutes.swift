import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Logging

/// Offline issuance for attendant and kiosk devices (`docs/offline.md`):
/// `POST /api/v1/devices/me/key` (register the device's Ed25519 public key once: 201, the same key
/// again 200, another key 409), `GET /api/v1/devices/me/bundle` (the signed bundle; 409 before a
/// key is registered) and `POST /api/v1/devices/me/offline-tickets` (sync a batch of offline
/// records: 200 with one result per record), and `PUT /api/v1/devices/me/attendant` (the device's
/// own attendant). A device acts only for itself; an admin brings the records collected from a
/// handheld, active or revoked, with `POST /api/v1/devices/{id}/offline-tickets`.
struct OfflineRoutes {
    let services: APIServices

    /// The sync route's path (its body may be larger than other JSON bodies).
    static let syncPath = "/api/v1/devices/me/offline-tickets"
    /// The largest sync body: 1 MiB, nginx's default `client_max_body_size` (about 800 records).
    static let maximumSyncBytes = 1 << 20
    /// Who may use these routes.
    static let roles: Set<Device.Role> = [.attendant, .kiosk]

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.post("v1/devices/me/key") { request, context in try await registerKey(request, context) }
        group.get("v1/devices/me/bundle") { _, context in try await bundle(context) }
        group.post("v1/devices/me/offline-tickets") { request, context in try await sync(request, context) }
        group.put("v1/devices/me/attendant") { request, context in try await setOwnAttendant(request, context) }
        group.post("v1/devices/{id}/offline-tickets") { request, context in try await collect(request, context) }
    }

    /// Whether `path` is a route that takes a sync body (up to ``maximumSyncBytes``): the device's
    /// own sync, or an admin's upload of a device's records (`/api/v1/devices/{id}/offline-tickets`).
    static func takesSyncBody(_ path: String) -> Bool {
        if path == syncPath { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 6 && parts[0].isEmpty && parts[1] == "api" && parts[2] == "v1" && parts[3] == "devices"
            && !parts[4].isEmpty && parts[5] == "offline-tickets"
    }

    /// `POST /api/v1/devices/{id}/offline-tickets` (admin): the records an administrator collected
    /// from a handheld (`lunas handheld export`), active or revoked, checked as its own sync would
    /// be; records dated after its revocation are refused and recorded as exceptions.
    func collect(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let admin = try context.requireDevice([.admin])
        let id = Device.ID(try context.parameters.require("id"))
        let (deviceClock, records) = try await batch(request)
        let results: [OfflineDesk.Result]
        do {
            results = try await services.offline.collect(
                device: id, admin: admin, deviceClock: deviceClock, records: records)
        } catch let error as LedgerError where error.code == .deviceKeyMissing || error.code == .deviceCannotIssue {
            throw APIError(.conflict, error.code.rawValue, error.message, field: error.field)
        } catch let error as LedgerError where error.code == .unknownDevice {
            throw APIError.notFound("device \(id.rawValue.prefix(40))")
        }
        let counts = Dictionary(grouping: results, by: \.status.rawValue).mapValues(\.count)
        context.logger.info(
            "offline records collected",
            metadata: ["device": "\(id)", "by": "\(admin.id)", "results": "\(counts.sorted { $0.key < $1.key })"])
        return try APIResponse.json(["results": results.map(SyncResultView.init)])
    }

    /// The body of a sync or a collection: the device clock and at most `offline.maxTickets` records.
    func batch(_ request: Request) async throws -> (deviceClock: Date, records: [CanonicalJSON]) {
        let body = try await APIRequest.decode(SyncRequest.self, from: request, maximumBytes: Self.maximumSyncBytes)
        guard let deviceClock = OfflineTime.parse(body.deviceClock) else {
            throw APIError.badRequest(
                "request.invalidValue", "deviceClock must be RFC 3339 UTC with milliseconds (2026-12-07T01:02:03.456Z)",
                field: "deviceClock")
        }
        let limit = services.offline.limits.maxTickets
        guard body.records.count <= limit else {
            throw APIError(
                .contentTooLarge, "offline.batchTooLarge",
                "a sync takes at most \(limit) records (offline.maxTickets), got \(body.records.count); send smaller batches",
                field: "records")
        }
        return (deviceClock, body.records)
    }

    /// The device records who now works with it (`lunas handheld shift start --attendant`): 200 with
    /// the device; the `device.attendantChanged` event names the device itself. The same name again
    /// writes nothing.
    func setOwnAttendant(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.roles)
        let body = try await APIRequest.decode(AttendantRequest.self, from: request)
        let attendant = body.attendant?.trimmingCharacters(in: .whitespaces)
        let updated = try await services.store.setAttendant(
            device.id, attendant: attendant?.isEmpty == true ? nil : attendant, actor: .device(device.id),
            at: services.now())
        services.deviceCache.forget(device.id)
        context.logger.info("device attendant changed", metadata: ["device": "\(device.id)", "by": "\(device.id)"])
        return try APIResponse.json(["device": DeviceView(updated)])
    }

    func registerKey(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.roles)
        let body = try await APIRequest.decode(KeyRequest.self, from: request)
        let (updated, isNew): (Device, Bool)
        do {
            (updated, isNew) = try await services.offline.registerKey(device: device, publicKey: body.publicKey)
        } catch let error as LedgerError where error.code == .deviceKeyConflict {
            throw APIError(.conflict, error.code.rawValue, error.message, field: "publicKey")
        }
        services.deviceCache.forget(device.id)
        if isNew { context.logger.info("device key registered", metadata: ["device": "\(device.id)"]) }
        return try APIResponse.json(["device": DeviceView(updated)], status: isNew ? .created : .ok)
    }

    func bundle(_ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.roles)
        let bundle: OfflineBundle
        do {
            bundle = try await services.offline.bundle(for: device)
        } catch let error as LedgerError where error.code == .deviceKeyMissing {
            throw APIError(.conflict, error.code.rawValue, error.message, field: "publicKey")
        }
        return APIResponse.bytes(try bundle.canonical().bytes, mediaType: APIResponse.jsonMediaType)
    }

    func sync(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.roles)
        let (deviceClock, records) = try await batch(request)
        let results: [OfflineDesk.Result]
        do {
            results = try await services.offline.sync(device: device, deviceClock: deviceClock, records: records)
            services.changes.ledgerMoved()
        } catch let error as LedgerError where error.code == .deviceKeyMissing {
            throw APIError(.conflict, error.code.rawValue, error.message, field: "publicKey")
        }
        let counts = Dictionary(grouping: results, by: \.status.rawValue).mapValues(\.count)
        context.logger.info(
            "offline records synced",
            metadata: ["device": "\(device.id)", "results": "\(counts.sorted { $0.key < $1.key })"])
        return try APIResponse.json(["results": results.map(SyncResultView.init)])
    }
}

/// `POST /api/v1/devices/me/key`.
struct KeyRequest: APIRequestBody {
    static let fields: Set<String> = ["publicKey"]
    /// Standard base64 of the 32 raw bytes of an Ed25519 public key.
    var publicKey: String
}

/// `POST /api/v1/devices/me/offline-tickets`.
struct SyncRequest: APIRequestBody {
    static let fields: Set<String> = ["deviceClock", "records"]
    /// The handheld's clock when it sent the batch.
    var deviceClock: String
    /// The records, in the order the handheld made them.
    var records: [CanonicalJSON]
}

/// One record's result in a sync answer.
struct SyncResultView: Encodable {
    struct ExceptionRef: Encodable {
        var id: String
        var category: String
    }

    struct ErrorRef: Encodable {
        var code: String
        var message: String
        var field: String?
    }

    var index: Int
    var idempotencyKey: String?
    var status: String
    var ticketId: String?
    var invoiceId: String?
    var sequence: Int64?
    var exception: ExceptionRef?
    var error: ErrorRef?

    init(_ result: OfflineDesk.Result) {
        index = result.index
        idempotencyKey = result.idempotencyKey
        status = result.status.rawValue
        ticketId = result.ticketID
        invoiceId = result.invoiceID
        sequence = result.sequence
        exception = result.exception.map { ExceptionRef(id: $0.id.rawValue, category: $0.category.rawValue) }
        error = result.error.map { ErrorRef(code: $0.code.rawValue, message: $0.message, field: $0.field) }
    }
}
