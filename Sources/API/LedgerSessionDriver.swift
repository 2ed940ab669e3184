import Crypto
import Foundation
import Hummingbird
import Ledger

/// hummingbird-auth's session storage on the ledger's database (``Ledger/StaffDirectory``): the
/// persistence driver behind the console's `SessionMiddleware`.
///
/// Keys are stored only as their SHA-256, so a copy of the database opens no session. Values are
/// JSON. A value without an expiry lives for the console's idle limit.
struct LedgerSessionDriver: PersistDriver {
    let directory: any StaffDirectory
    let now: @Sendable () -> Date

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).ledgerHex
    }

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        if try await directory.session(keyHash: Self.hash(key), now: now()) != nil { throw PersistError.duplicate }
        try await set(key: key, value: value, expires: expires ?? ConsoleSession.idleLimit)
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let bytes = [UInt8](try JSONEncoder().encode(value))
        let staffID = (value as? ConsoleSession).map { StaffMember.ID($0.staffID) }
        let expiresAt = expires.map { now().addingTimeInterval(TimeInterval($0.components.seconds)) }
        let keyHash = Self.hash(key)
        if expiresAt == nil, try await directory.session(keyHash: keyHash, now: now()) == nil {
            try await directory.storeSession(
                keyHash: keyHash, staffID: staffID, value: bytes,
                expiresAt: now().addingTimeInterval(TimeInterval(ConsoleSession.idleLimit.components.seconds)))
            return
        }
        try await directory.storeSession(keyHash: keyHash, staffID: staffID, value: bytes, expiresAt: expiresAt)
    }

    func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: Object.self)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(
        key: String, as: Object.Type
    ) async throws -> (
        object: Object, ttl: Duration?
    )? {
        let now = now()
        guard let stored = try await directory.session(keyHash: Self.hash(key), now: now) else { return nil }
        do {
            let object = try JSONDecoder().decode(Object.self, from: Data(stored.value))
            return (object, .seconds(max(0, stored.expiresAt.timeIntervalSince(now))))
        } catch {
            throw PersistError.invalidConversion
        }
    }

    func remove(key: String) async throws {
        try await directory.removeSession(keyHash: Self.hash(key))
    }
}
