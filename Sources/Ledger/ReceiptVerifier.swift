import Foundation

/// Verifies receipt codes with public keys only: on the server, or offline with the published ring.
///
/// Revocation: a code signed by a revoked key is rejected, because the code carries no trustworthy
/// time (whoever stole the key could sign any time they like). The one exception is a caller that
/// knows from its own records, never from the code, when the receipt was issued (the ledger's
/// payment time): if that is before the revocation, the code is accepted and flagged
/// ``VerifiedReceipt/issuedBeforeRevocation``.
public struct ReceiptVerifier: Sendable {
    /// The trusted keys.
    public var keyRing: ReceiptKeyRing

    /// Creates a verifier.
    public init(keyRing: ReceiptKeyRing) {
        self.keyRing = keyRing
    }

    /// Parses and verifies a code.
    ///
    /// - Parameters:
    ///   - text: the code as typed or scanned (case and hyphens do not matter).
    ///   - issuedAt: when the receipt was issued according to the verifier's own trusted records;
    ///     `nil` when unknown (offline).
    /// - Returns: the verified invoice id and key.
    /// - Throws: `LedgerError` (field `code`): `receipt.malformed`, `receipt.unsupportedVersion`,
    ///   `receipt.unknownKey`, `receipt.keyRevoked`, `receipt.badSignature`.
    public func verify(_ text: String, issuedAt: Date? = nil) throws -> VerifiedReceipt {
        let code = try ReceiptCode(parsing: text)
        guard let entry = keyRing.entry(for: code.keyID) else {
            throw LedgerError(
                .unknownReceiptKey, "the code was signed with key \(code.keyID), which this city does not publish",
                field: "code")
        }
        guard entry.publicKey.isValidSignature(code.signature, for: code.signedMessage) else {
            throw LedgerError(
                .badReceiptSignature,
                "the signature does not match invoice '\(code.invoiceID)' and key \(code.keyID): mistyped or forged",
                field: "code")
        }
        var beforeRevocation = false
        if let revokedAt = entry.revokedAt {
            guard let issuedAt, issuedAt < revokedAt else {
                throw LedgerError(
                    .revokedReceiptKey,
                    "key \(code.keyID) (\(entry.label)) was revoked at \(TariffEvaluator.describe(revokedAt)); its receipts are no longer trusted",
                    field: "code")
            }
            beforeRevocation = true
        }
        return VerifiedReceipt(code: code, keyLabel: entry.label, issuedBeforeRevocation: beforeRevocation)
    }
}

/// A receipt code whose signature checked out.
public struct VerifiedReceipt: Sendable, Hashable {
    /// The parsed code.
    public var code: ReceiptCode
    /// The label of the key that signed it.
    public var keyLabel: String
    /// `true` when the key is now revoked but the caller's records date the receipt before that.
    public var issuedBeforeRevocation: Bool

    /// The invoice the receipt is for.
    public var invoiceID: String { code.invoiceID }
}

extension LedgerError.Code {
    /// The code names a key id that the key ring does not hold.
    public static let unknownReceiptKey = LedgerError.Code("receipt.unknownKey")
    /// The key that signed the code is revoked.
    public static let revokedReceiptKey = LedgerError.Code("receipt.keyRevoked")
    /// The signature does not verify.
    public static let badReceiptSignature = LedgerError.Code("receipt.badSignature")
}
