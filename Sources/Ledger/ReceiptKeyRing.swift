import Foundation

/// The receipt public keys a verifier trusts, by key id, with their revocation times.
///
/// Keys rotate by adding a new key and keeping the old one until its receipts no longer matter.
/// A key is revoked (compromised, retired) by setting ``Entry/revokedAt``; see ``ReceiptVerifier``
/// for what that means for receipts it signed. JSON (`Config/receipt-keys.json`):
/// `{"keys": [{"label": "2026-1", "publicKey": "<base64>", "keyId": "3fa2c91b", "revokedAt": "2026-09-01T00:00:00Z"}]}`
/// where `keyId` is optional (a check against the derived id) and `revokedAt` is optional.
public struct ReceiptKeyRing: Sendable, Hashable, Codable {
    /// One trusted key.
    public struct Entry: Sendable, Hashable, Codable {
        /// The operator's name for the key: `2026-1`.
        public var label: String
        /// The public key.
        public var publicKey: ReceiptPublicKey
        /// When the key stopped being trusted, if it has.
        public var revokedAt: Date?

        /// The key's id.
        public var keyID: ReceiptKeyID { publicKey.keyID }

        /// Creates an entry.
        public init(label: String, publicKey: ReceiptPublicKey, revokedAt: Date? = nil) {
            self.label = label
            self.publicKey = publicKey
            self.revokedAt = revokedAt
        }

        private enum CodingKeys: String, CodingKey { case label, publicKey, keyId, revokedAt }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            label = try container.decode(String.self, forKey: .label)
            publicKey = try container.decode(ReceiptPublicKey.self, forKey: .publicKey)
            revokedAt = try Self.decodeRevokedAt(container)
            if let stated = try container.decodeIfPresent(ReceiptKeyID.self, forKey: .keyId), stated != publicKey.keyID
            {
                throw DecodingError.dataCorruptedError(
                    forKey: .keyId, in: container,
                    debugDescription: "keyId \(stated) does not match the public key, whose id is \(publicKey.keyID)")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try container.encode(publicKey, forKey: .publicKey)
            try container.encode(keyID, forKey: .keyId)
            try container.encodeIfPresent(revokedAt.map(OfflineTime.format), forKey: .revokedAt)
        }

        /// `revokedAt` is RFC 3339 text whatever the coder's date strategy (`2026-09-01T00:00:00Z`,
        /// with or without milliseconds), so that the ring a server publishes reads the same
        /// everywhere; a number is the form servers before this one published (seconds since 2001).
        private static func decodeRevokedAt(_ container: KeyedDecodingContainer<CodingKeys>) throws -> Date? {
            guard container.contains(.revokedAt), try !container.decodeNil(forKey: .revokedAt) else { return nil }
            if let seconds = try? container.decode(Double.self, forKey: .revokedAt) {
                return Date(timeIntervalSinceReferenceDate: seconds)
            }
            let text = try container.decode(String.self, forKey: .revokedAt)
            if let date = OfflineTime.parse(text) ?? ISO8601DateFormatter().date(from: text) { return date }
            throw DecodingError.dataCorruptedError(
                forKey: .revokedAt, in: container,
                debugDescription: "revokedAt \(text) is not an RFC 3339 time such as 2026-09-01T00:00:00Z")
        }
    }

    /// The keys, in file order.
    public private(set) var keys: [Entry]

    /// Creates a ring.
    ///
    /// - Throws: `receipt.duplicateKey` (field `keys`) when two entries have the same key id.
    public init(keys: [Entry]) throws {
        var seen: Set<ReceiptKeyID> = []
        for entry in keys where !seen.insert(entry.keyID).inserted {
            throw LedgerError(
                .duplicateReceiptKey, "key id \(entry.keyID) appears more than once in the key ring", field: "keys")
        }
        self.keys = keys
    }

    /// An empty ring.
    public static var empty: ReceiptKeyRing { ReceiptKeyRing(trusted: []) }

    private init(trusted keys: [Entry]) {
        self.keys = keys
    }

    /// The entry for a key id.
    public func entry(for keyID: ReceiptKeyID) -> Entry? {
        keys.first { $0.keyID == keyID }
    }

    /// The ring of `signing`'s public half alone, labelled ``signingLabel`` (one key has no
    /// duplicate: nothing to refuse).
    public static func signing(_ signing: ReceiptSigningKey) -> ReceiptKeyRing {
        ReceiptKeyRing(trusted: [Entry(label: signingLabel, publicKey: signing.publicKey)])
    }

    /// The ring with one more key (for example a key generated at start-up).
    ///
    /// - Throws: `receipt.duplicateKey` when the ring already has the key id.
    public func adding(_ entry: Entry) throws -> ReceiptKeyRing {
        try ReceiptKeyRing(keys: keys + [entry])
    }

    /// The ring with a key revoked at a time (an already earlier revocation is kept).
    public func revoking(_ keyID: ReceiptKeyID, at date: Date) -> ReceiptKeyRing {
        var copy = self
        copy.keys = keys.map { entry in
            guard entry.keyID == keyID else { return entry }
            var revoked = entry
            revoked.revokedAt = min(entry.revokedAt ?? date, date)
            return revoked
        }
        return copy
    }

    private enum CodingKeys: String, CodingKey { case keys }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let keys = try container.decode([Entry].self, forKey: .keys)
        do {
            try self.init(keys: keys)
        } catch let error as LedgerError {
            throw DecodingError.dataCorruptedError(forKey: .keys, in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(keys, forKey: .keys)
    }
}

extension LedgerError.Code {
    /// Two keys in a key ring share a key id.
    public static let duplicateReceiptKey = LedgerError.Code("receipt.duplicateKey")
}
