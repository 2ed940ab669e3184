import Crypto
import Foundation
import _CryptoExtras

/// An RSA private key for SNAP's SHA256withRSA signatures (RSASSA-PKCS1-v1_5, SHA-256).
///
/// SNAP uses it for the B2B access-token call (the partner signs `clientId|X-TIMESTAMP`) and some
/// acquirers for their notify (SNAP Standar Teknis dan Keamanan, asymmetric signature). Keys are
/// RSA-2048 or larger, PEM (PKCS#8 or PKCS#1). The description never shows the key.
public struct RSASigningKey: Sendable, CustomStringConvertible {
    private let key: _RSA.Signing.PrivateKey

    /// Loads a private key from PEM.
    /// - Throws: ``AcquirerError`` `key.invalid` when the PEM is not an RSA private key of ≥2048 bits.
    public init(pem: Secret, name: String = "private key") throws(AcquirerError) {
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: pem.utf8String)
        } catch {
            throw AcquirerError(
                .invalidKey, "\(name) is not an RSA private key of 2048 bits or more in PEM", cause: error)
        }
    }

    /// The matching public key.
    public var publicKey: RSAVerificationKey { RSAVerificationKey(key.publicKey) }

    /// Signs the UTF-8 bytes of `message` (SHA256withRSA, PKCS#1 v1.5) and returns base64.
    public func sign(_ message: String) -> String {
        do {
            return try key.signature(for: Data(message.utf8), padding: .insecurePKCS1v1_5).rawRepresentation
                .base64EncodedString()
        } catch {
            // BoringSSL fails to sign only on memory exhaustion with a valid key.
            preconditionFailure("RSA signing failed with a valid key: \(error)")
        }
    }

    public var description: String { "RSASigningKey(<redacted>)" }
}

/// An RSA public key that verifies SNAP's SHA256withRSA signatures.
public struct RSAVerificationKey: Sendable {
    private let key: _RSA.Signing.PublicKey

    fileprivate init(_ key: _RSA.Signing.PublicKey) { self.key = key }

    /// Loads a public key from PEM (`BEGIN PUBLIC KEY`).
    /// - Throws: ``AcquirerError`` `key.invalid` when the PEM is not an RSA public key of ≥2048 bits.
    public init(pem: String, name: String = "public key") throws(AcquirerError) {
        do {
            key = try _RSA.Signing.PublicKey(pemRepresentation: pem)
        } catch {
            throw AcquirerError(
                .invalidKey, "\(name) is not an RSA public key of 2048 bits or more in PEM", cause: error)
        }
    }

    /// The key in PEM (`BEGIN PUBLIC KEY`).
    public var pem: String { key.pemRepresentation }

    /// Whether `signature` (base64) is a valid SHA256withRSA PKCS#1 v1.5 signature of `message`.
    ///
    /// Returns `false` for text that is not base64.
    public func isValidSignature(_ signature: String, for message: String) -> Bool {
        guard let raw = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: raw),
            for: Data(message.utf8),
            padding: .insecurePKCS1v1_5
        )
    }
}

extension AcquirerError.Code {
    /// A key file does not hold a usable key.
    public static let invalidKey = Self("key.invalid")
}
