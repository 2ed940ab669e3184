import Ledger
import Synchronization

/// Active devices by credential hash, so that issuing requests authenticate without a ledger read.
///
/// Only requests whose ledger write checks the device again inside its own transaction use it
/// (``DeviceAuthenticator``): a device revoked since it was cached is refused there with
/// `device.revoked`, nothing is written, and the entry is dropped. So a revocation — over HTTP,
/// by `lunas device revoke` in another process, or straight in the ledger — still takes effect on
/// the device's next request.
public final class DeviceCredentialCache: Sendable {
    /// The most devices held; when full, the cache starts again empty (a city has hundreds).
    public let limit: Int
    private let devices = Mutex<[String: Device]>([:])

    /// Creates an empty cache.
    public init(limit: Int = 10_000) {
        self.limit = limit
    }

    /// The active device cached for this credential hash.
    public func device(credentialHash: String) -> Device? {
        devices.withLock { $0[credentialHash] }
    }

    /// Remembers an active device (a revoked one is forgotten instead).
    public func remember(_ device: Device, credentialHash: String) {
        devices.withLock { devices in
            if device.isRevoked {
                devices[credentialHash] = nil
                return
            }
            if devices.count >= limit { devices.removeAll(keepingCapacity: true) }
            devices[credentialHash] = device
        }
    }

    /// Forgets a device (revoked, or refused by the ledger).
    public func forget(_ id: Device.ID) {
        devices.withLock { devices in
            for (hash, device) in devices where device.id == id { devices[hash] = nil }
        }
    }
}
