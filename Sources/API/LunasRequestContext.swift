import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Ledger
import Logging
import NIOCore

/// The request context of the Lunas API: Hummingbird's core storage plus the authenticated device.
public struct LunasRequestContext: RequestContext, SessionRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The device whose bearer token authenticated the request (`/api/…` routes).
    public var device: Device?
    /// The connection the request came on, for the body deadline (``BodyDeadlineMiddleware``).
    let channel: (any Channel)?
    /// The console session of the request (`/console/…` routes; see ``ConsoleSession``).
    public let sessions: SessionContext<ConsoleSession>
    /// The signed-in staff member (`/console/…` routes behind ``ConsoleAuthMiddleware``).
    public var staff: StaffMember?
    /// The client address (after ``TrustedProxies``), set by the console's middleware.
    public var clientAddress: String?

    /// Creates a context for a new request.
    public init(source: Source) {
        coreContext = .init(source: source)
        device = nil
        channel = source.channel
        sessions = SessionContext()
    }

    /// The largest request body accepted (16 KiB: the biggest legitimate body is a few hundred bytes).
    public var maxUploadSize: Int { APIRequest.maximumBodyBytes }

    /// The authenticated device, or 401.
    func requireDevice(_ roles: Set<Device.Role>) throws -> Device {
        guard let device else {
            throw APIError.unauthorized("auth.missingToken", "an Authorization: Bearer token is required")
        }
        guard roles.contains(device.role) else {
            let allowed = roles.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError.forbidden("device \(device.id) has role \(device.role.rawValue); this needs \(allowed)")
        }
        return device
    }
}
