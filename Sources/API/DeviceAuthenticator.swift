import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// Authenticates `/api/…` requests: `Authorization: Bearer TOKEN` is hashed with
/// ``Device/credentialHash(forToken:)`` and looked up on every request, so a revocation takes
/// effect on the next request.
///
/// No token or an unknown one → 401 `auth.missingToken` / `auth.invalidToken`; a revoked
/// device → 401 `auth.revoked`. Roles are checked by each route.
public struct DeviceAuthenticator: RouterMiddleware {
    /// The ledger holding the devices.
    let store: any LedgerStore

    /// Creates the middleware over a ledger store.
    public init(store: any LedgerStore) {
        self.store = store
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
        let hash = Device.credentialHash(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces))
        guard let device = try await store.device(credentialHash: hash) else {
            throw APIError.unauthorized("auth.invalidToken", "the bearer token belongs to no enrolled device")
        }
        guard !device.isRevoked else {
            throw APIError.unauthorized("auth.revoked", "device \(device.id) was revoked")
        }
        var context = context
        context.device = device
        context.logger[metadataKey: "device"] = "\(device.id)"
        return try await next(request, context)
    }
}
