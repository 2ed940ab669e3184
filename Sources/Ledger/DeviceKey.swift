import Crypto
import Foundation

/// A device's Ed25519 public key, registered once (`POST /api/v1/devices/me/key`): the server
/// checks the signature of every offline record with it.
public struct DevicePublicKey: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The raw 32-byte key (RFC 8032).
    public let rawRepresentation: [UInt8]

    /// Creates a key from its raw 32 bytes.
    ///
    /// - Throws: `device.invalidKey` (field `publicKey`) when the bytes are not an Ed25519 key.
    public init(rawRepresentation raw: [UInt8]) throws {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw LedgerError(
                .invalidDeviceKey,
                "publicKey must be the base64 of a 32-byte Ed25519 public key, got \(raw.count) bytes",
                field: "publicKey")
        }
        rawRepresentation = raw
    }

    /// Creates a key from standard base64 of its raw 32 bytes.
    ///
    /// - Throws: `device.invalidKey` (field `publicKey`).
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64) else {
            throw LedgerError(.invalidDeviceKey, "publicKey is not standard base64", field: "publicKey")
        }
        try self.init(rawRepresentation: Array(data))
    }

    /// Standard base64 of the raw 32 bytes.
    public var base64: String { Data(rawRepresentation).base64EncodedString() }

    public var description: String { base64 }

    /// Whether `signature` (base64 of 64 bytes) is this key's Ed25519 signature over `message`.
    public func isValidSignature(base64 signature: String, for message: [UInt8]) -> Bool {
        guard let bytes = Data(base64Encoded: signature), bytes.count == 64,
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation)
        else { return false }
        return key.isValidSignature(bytes, for: message)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do {
            try self.init(base64: try container.decode(String.self))
        } catch let error as LedgerError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }
}

/// A device's Ed25519 private key: kept by the handheld only (its state directory, mode 0600),
/// never sent anywhere.
public struct DeviceSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// Generates a new random key (at `lunas handheld enroll`).
    public static func generate() -> DeviceSigningKey { DeviceSigningKey(key: .init()) }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }

    /// Restores a key from its raw 32-byte seed in standard base64.
    ///
    /// - Throws: `device.invalidKey` (field `privateKey`); the message never contains the key.
    public init(base64: String) throws {
        key = try Curve25519.Signing.PrivateKey(seedBase64: base64, refusing: .invalidDeviceKey)
    }

    /// The raw 32-byte seed in standard base64: the secret to store.
    public var base64: String { key.seedBase64 }

    /// The public half, to register with the server.
    public var publicKey: DevicePublicKey {
        // swift-crypto always gives 32 valid bytes for a key it holds.
        try! DevicePublicKey(rawRepresentation: key.publicBytes)
    }

    /// The Ed25519 signature over `message`, in standard base64 (64 bytes).
    public func signature(for message: [UInt8]) throws -> String {
        Data(try key.signature(for: message)).base64EncodedString()
    }
}

extension LedgerError.Code {
    /// A device key (public or private) is not a valid Ed25519 key.
    public static let invalidDeviceKey = LedgerError.Code("device.invalidKey")
}
