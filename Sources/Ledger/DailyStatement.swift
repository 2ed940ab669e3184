import Foundation

/// A closed city day's figures, signed with the city's Ed25519 receipt key ring and published at
/// `/public/days/{date}`: totals by status, zone, revenue line and device; gross revenue, MDR, net,
/// outstanding and refunded; exceptions by resolution; the chain head at close.
///
/// It is the ledger's canonical JSON (``canonical``); `signature` is the Ed25519 signature over the
/// canonical bytes of the statement without its `signature` member (``signedBytes``), so anyone
/// holding the city's published public keys can check a downloaded copy (`lunas day verify FILE`).
public struct DailyStatement: Sendable, Hashable {
    /// The statement's format version (`statementVersion` in the JSON).
    public static let version: Int64 = 1

    /// The city day.
    public var date: CivilDate
    /// The city's id.
    public var cityID: String
    /// The city's time zone label (`WIT`) and the day's bounds in UTC milliseconds.
    public var timeZone: String
    public var from: Date
    public var to: Date
    /// When it was closed, and by whom.
    public var closedAt: Date
    public var closedBy: LedgerActor
    /// The figures (`invoices`, `revenue`, `byZone`, `byRevenueLine`, `byDevice`, `exceptions`), as
    /// computed at close.
    public var figures: CanonicalJSON
    /// The chain head when the day was closed (the event before `day.closed`).
    public var chainHead: ChainHead
    /// The signing key's id (hex) and the signature (base64).
    public var keyID: String
    public var signature: String

    /// Creates a value from its parts.
    public init(
        date: CivilDate, cityID: String, timeZone: String, from: Date, to: Date, closedAt: Date,
        closedBy: LedgerActor, figures: CanonicalJSON, chainHead: ChainHead, keyID: String, signature: String
    ) {
        self.date = date
        self.cityID = cityID
        self.timeZone = timeZone
        self.from = from
        self.to = to
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.figures = figures
        self.chainHead = chainHead
        self.keyID = keyID
        self.signature = signature
    }

    /// The entity id of a day's `day.closed` event: `day-YYYY-MM-DD`.
    public static func entityID(_ date: CivilDate) -> String { "day-\(date)" }

    /// The statement without `signature`: what is signed.
    public var unsigned: CanonicalJSON {
        .object([
            "statementVersion": .int(Self.version), "date": .string("\(date)"), "city": .string(cityID),
            "timeZone": .string(timeZone), "from": .time(from), "to": .time(to), "closedAt": .time(closedAt),
            "closedBy": closedBy.canonical, "figures": figures,
            "chainHead": .object(["sequence": .int(chainHead.sequence), "hash": .string(chainHead.hash.ledgerHex)]),
            "keyId": .string(keyID),
        ])
    }

    /// The bytes the signature covers: the canonical JSON of ``unsigned``.
    public var signedBytes: [UInt8] { unsigned.bytes }

    /// The whole statement, signature included: the published JSON and the event's payload.
    public var canonical: CanonicalJSON {
        guard case .object(var members) = unsigned else { return unsigned }
        members["signature"] = .string(signature)
        return .object(members)
    }

    /// Reads a statement (a downloaded file or an event's payload).
    /// - Throws: `event.badPayload` naming the member that is missing or mistyped.
    public init(canonical value: CanonicalJSON) throws {
        let reader = try PayloadReader(value, path: "statement")
        guard try reader.int("statementVersion") == Self.version else {
            throw reader.bad("statementVersion", "is not \(Self.version)")
        }
        let dateText = try reader.string("date")
        guard let date = CivilDate(iso8601: dateText) else { throw reader.bad("date", "is not YYYY-MM-DD") }
        let head = try reader.object("chainHead")
        let hashText = try head.string("hash")
        guard let hash = [UInt8](ledgerHex: hashText), hash.count == 32 else {
            throw head.bad("hash", "is not 64 hex digits")
        }
        self.init(
            date: date, cityID: try reader.string("city"), timeZone: try reader.string("timeZone"),
            from: try reader.time("from"), to: try reader.time("to"), closedAt: try reader.time("closedAt"),
            closedBy: try reader.object("closedBy").actorParts(), figures: try reader.value("figures"),
            chainHead: ChainHead(sequence: try head.int("sequence"), hash: hash), keyID: try reader.string("keyId"),
            signature: try reader.string("signature"))
    }

    /// Whether the signature verifies with one of `ring`'s keys (the key named by `keyId`, not
    /// revoked before the day was closed).
    /// - Returns: nil when it verifies; otherwise what is wrong.
    public func signatureProblem(ring: ReceiptKeyRing) -> String? {
        guard let id = ReceiptKeyID(hex: keyID), let entry = ring.entry(for: id) else {
            return "the statement is signed with key \(keyID), which is not in the key ring"
        }
        if let revokedAt = entry.revokedAt, revokedAt <= closedAt {
            return "key \(keyID) was revoked at \(revokedAt), before this statement was signed at \(closedAt)"
        }
        guard let signature = Data(base64Encoded: signature),
            entry.publicKey.isValidSignature(Array(signature), for: signedBytes)
        else {
            return "the signature does not verify with key \(keyID): the statement was altered or not signed by it"
        }
        return nil
    }
}
