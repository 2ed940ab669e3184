import Crypto
import Foundation

/// The identifier of a receipt key: the first 4 bytes of SHA-256 over its raw public key.
///
/// Derived, not assigned, so an id can never be attached to the wrong key. Written as 8 lower-case
/// hex digits (`3fa2c91b`).
public struct ReceiptKeyID: Sendable, Hashable, TextCoded, CustomStringConvertible {
    /// The 4 bytes.
    public let bytes: [UInt8]

    /// Creates an id from 4 bytes; `nil` for any other length.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        self.bytes = bytes
    }

    /// Parses 8 hex digits (either case); `nil` otherwise.
    public init?(hex: String) {
        guard hex.utf8.count == 8, let bytes = [UInt8](ledgerHex: hex) else { return nil }
        self.bytes = bytes
    }

    /// An id from bytes the caller has sliced to length 4.
    init(fourBytes: [UInt8]) {
        precondition(fourBytes.count == 4)
        bytes = fourBytes
    }

    /// The id of a raw 32-byte Ed25519 public key.
    init(publicKey raw: some DataProtocol) {
        bytes = Array(SHA256.hash(data: Array(raw)).prefix(4))
    }

    /// 8 lower-case hex digits.
    public var description: String { bytes.ledgerHex }

    public static func parse(_ text: String) -> Self? { ReceiptKeyID(hex: text) }

    public static func notTextForm(_ text: String) -> String {
        "'\(text)' is not 8 hex digits"
    }
}

/// A city's Ed25519 public key for receipts: all a verifier needs.
public struct ReceiptPublicKey: Sendable, Hashable, Codable {
    /// The raw 32-byte key (RFC 8032).
    public let rawRepresentation: [UInt8]
    /// The key's id, carried in every code it signs.
    public let keyID: ReceiptKeyID

    /// Creates a key from its raw 32 bytes.
    ///
    /// - Throws: `receipt.invalidKey` (field `publicKey`) when the bytes are not an Ed25519 key.
    public init(rawRepresentation raw: [UInt8]) throws {
        guard raw.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else {
            throw LedgerError(
                .invalidReceiptKey, "an Ed25519 public key is 32 bytes, got \(raw.count)", field: "publicKey")
        }
        rawRepresentation = raw
        keyID = ReceiptKeyID(publicKey: raw)
    }

    /// Creates a key from standard base64 of its raw 32 bytes, as published and configured.
    ///
    /// - Throws: `receipt.invalidKey` (field `publicKey`).
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw LedgerError(.invalidReceiptKey, "the public key is not base64", field: "publicKey")
        }
        try self.init(rawRepresentation: Array(data))
    }

    /// Standard base64 of the raw 32 bytes.
    public var base64: String { Data(rawRepresentation).base64EncodedString() }

    /// Whether `signature` is this key's Ed25519 signature over `message`.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(base64: text)
        } catch {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not the base64 of a 32-byte Ed25519 public key")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(base64)
    }
}

/// A city's Ed25519 private key for signing receipts. A secret: never log or publish it.
public struct ReceiptSigningKey: Sendable {
    private let key: Curve25519.Signing.PrivateKey

    /// Generates a new random key (for `lunas` key generation and for tests).
    public static func generate() -> ReceiptSigningKey { ReceiptSigningKey(key: .init()) }

    private init(key: Curve25519.Signing.PrivateKey) {
        self.key = key
    }

    /// Restores a key from its raw 32-byte seed in standard base64 (how an operator stores it).
    ///
    /// - Throws: `receipt.invalidKey` (field `privateKey`); the message never contains the key.
    public init(base64: String) throws {
        key = try Curve25519.Signing.PrivateKey(seedBase64: base64, refusing: .invalidReceiptKey)
    }

    /// The raw 32-byte seed in standard base64: the secret to store (mode 0600, never in `Config/`).
    public var base64: String { key.seedBase64 }

    /// The public half, to publish and put in the key ring.
    public var publicKey: ReceiptPublicKey {
        // swift-crypto always gives 32 valid bytes for a key it holds.
        try! ReceiptPublicKey(rawRepresentation: key.publicBytes)
    }

    /// The Ed25519 signature over `message`.
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        Array(try key.signature(for: message))
    }
}

extension LedgerError.Code {
    /// A receipt key (public or private) is not a valid Ed25519 key.
    public static let invalidReceiptKey = LedgerError.Code("receipt.invalidKey")
}
