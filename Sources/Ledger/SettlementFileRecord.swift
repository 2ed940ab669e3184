import Foundation

/// A bank's settlement file as Lunas received and archived it: the `settlement.imported` event of the
/// chain, so the file behind every reconciliation can be proved byte for byte later.
///
/// The original file is kept compressed in the settlement archive (`archivedAs`, relative to the data
/// directory) and never deleted; its SHA-256 here lets `sha256sum` on the decompressed copy show it is
/// the file that was reconciled.
public struct SettlementFileRecord: Sendable, Hashable {
    /// The settlement id: `stl-` and the first 32 hex digits of ``sha256`` (the event's entity).
    public var settlementID: String
    /// Lower-case hex SHA-256 of the file as uploaded (before compression).
    public var sha256: String
    /// The file's size in bytes as uploaded.
    public var byteCount: Int64
    /// The settlement profile it was read with (`Config/settlement-profiles/NAME.json`).
    public var profile: String
    /// Where the compressed original is kept, relative to the data directory
    /// (`settlements/stl-…/original.gz`).
    public var archivedAs: String
    /// When it was imported.
    public var importedAt: Date
    /// Who uploaded it.
    public var actor: LedgerActor
    /// The settlement date the file is for (stated by the file, or given with the upload); nil in
    /// events recorded before it was kept (those files cover the settlement dates of their rows).
    public var settlementDate: CivilDate?

    /// Creates a value from its parts.
    public init(
        settlementID: String, sha256: String, byteCount: Int64, profile: String, archivedAs: String,
        importedAt: Date, actor: LedgerActor, settlementDate: CivilDate? = nil
    ) {
        self.settlementID = settlementID
        self.sha256 = sha256
        self.byteCount = byteCount
        self.profile = profile
        self.archivedAs = archivedAs
        self.importedAt = importedAt
        self.actor = actor
        self.settlementDate = settlementDate
    }

    /// Checks the parts before anything is written.
    /// - Throws: `input.invalidField` naming the field.
    public func validate() throws {
        guard LedgerValidation.isSHA256Hex(sha256) else {
            throw LedgerError(
                .invalidField, "sha256 must be 64 lower-case hex digits, got \"\(sha256.prefix(80))\"", field: "sha256")
        }
        guard settlementID == "stl-" + sha256.prefix(32) else {
            throw LedgerError(
                .invalidField,
                "settlementID must be stl- and the first 32 hex digits of sha256, got \"\(settlementID.prefix(80))\"",
                field: "settlementID")
        }
        guard byteCount >= 0 else {
            throw LedgerError(.invalidField, "byteCount must not be negative, got \(byteCount)", field: "byteCount")
        }
        try LedgerValidation.text(profile, field: "profile", maximum: 200)
        try LedgerValidation.text(archivedAs, field: "archivedAs", maximum: 500)
        try actor.validate()
    }

    /// `{"actor":…,"archivedAs":…,"byteCount":…,"importedAt":…,"profile":…,"settlementDate":…,"sha256":…}`.
    /// `settlementDate` is written only when known, so events recorded before it keep their exact
    /// canonical bytes and hashes.
    var canonical: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "actor": actor.canonical, "archivedAs": .string(archivedAs), "byteCount": .int(byteCount),
            "importedAt": .time(importedAt), "profile": .string(profile), "sha256": .string(sha256),
        ]
        if let settlementDate { members["settlementDate"] = .string(settlementDate.description) }
        return .object(members)
    }
}

extension PayloadReader {
    /// A `settlement.imported` payload (the members of ``SettlementFileRecord/canonical``).
    func settlementFileRecord(settlementID: String) throws -> SettlementFileRecord {
        guard let actor = try actor() else { throw bad("actor", "is missing") }
        var settlementDate: CivilDate?
        if let text = try laterString("settlementDate") {
            guard let date = CivilDate(iso8601: text) else { throw bad("settlementDate", "is not a date YYYY-MM-DD") }
            settlementDate = date
        }
        return SettlementFileRecord(
            settlementID: settlementID, sha256: try string("sha256"), byteCount: try int("byteCount"),
            profile: try string("profile"), archivedAs: try string("archivedAs"), importedAt: try time("importedAt"),
            actor: actor, settlementDate: settlementDate)
    }
}
