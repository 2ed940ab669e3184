import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// Authenticates `/api/…` requests: `Authorization: Bearer TOKEN` is hashed with
/// ``Device/credentialHash(forToken:)`` and its device looked up, so a revocation takes effect on
/// the device's next request. A store that answers ``ImmediateDeviceLookup`` (SQLite) is asked on
/// the event loop's own thread: no hop to a reader thread and back for every request.
///
/// Issuing requests (`POST /api/v1/parking/tickets`, `POST /api/v1/invoices`) take the device from
/// a ``DeviceCredentialCache``: the ledger checks the device again inside the issuing transaction,
/// and the routes answer a revoked device 401 `auth.revoked` there. Every other request reads the
/// device from the ledger (and refreshes the cache). No token or an unknown one → 401
/// `auth.missingToken` / `auth.invalidToken`; a revoked device → 401 `auth.revoked`. Roles are
/// checked by each route.
public struct DeviceAuthenticator: RouterMiddleware {
    /// The ledger holding the devices.
    let store: any LedgerStore
    /// Devices by credential hash, for issuing requests.
    let cache: DeviceCredentialCache
    /// The store, when it can answer a device look-up without suspending (found once, here).
    let immediate: (any ImmediateDeviceLookup)?

    /// Creates the middleware over a ledger store.
    public init(store: any LedgerStore) {
        self.init(store: store, cache: DeviceCredentialCache())
    }

    init(store: any LedgerStore, cache: DeviceCredentialCache) {
        self.store = store
        self.cache = cache
        immediate = store as? any ImmediateDeviceLookup
    }

    /// Authenticates and passes the device on in the context.
    public func handle(
        _ request: Request, context: LunasRequestContext,
        next: (Request, LunasRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError.unauthorized("auth.missingToken", "an Authorization: Bearer token is required")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError.unauthorized("auth.invalidToken", "the Authorization header must be \"Bearer TOKEN\"")
        }
        let hash = Device.credentialHash(forToken: APIRequest.trimmingSpaces(parts[1]))
        var context = context
        if Self.ledgerChecksDevice(request), let device = cache.device(credentialHash: hash) {
            context.device = device
        } else {
            let found =
                if let immediate {
                    try immediate.deviceImmediately(credentialHash: hash)
                } else {
                    try await store.device(credentialHash: hash)
                }
            guard let device = found else {
                throw APIError.unauthorized("auth.invalidToken", "the bearer token belongs to no enrolled device")
            }
            cache.remember(device, credentialHash: hash)
            guard !device.isRevoked else {
                throw APIError.unauthorized("auth.revoked", "device \(device.id) was revoked")
            }
            context.device = device
        }
        context.logger[metadataKey: "device"] = "\(context.device!.id)"
        return try await next(request, context)
    }

    /// Whether the request's ledger write checks the device in its own transaction (issuing).
    static func ledgerChecksDevice(_ request: Request) -> Bool {
        guard request.method == .post else { return false }
        let path = request.uri.path
        return path == "/api/v1/parking/tickets" || path == "/api/v1/invoices"
    }

    /// 401 `auth.revoked` for a device the ledger refused as revoked or unknown while issuing.
    static func revoked(_ device: Device) -> APIError {
        APIError.unauthorized("auth.revoked", "device \(device.id) was revoked")
    }
}
