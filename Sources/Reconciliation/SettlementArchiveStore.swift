import Foundation

/// Where the settlement files imported over HTTP are kept with their reconciliation reports: the
/// bank's original (gzip-compressed, exactly as uploaded), the import's record and the three reports.
///
/// `lunas serve` on SQLite keeps them in its data directory (the API's `SettlementArchive`, folders
/// under `DATA_DIR/settlements`); on PostgreSQL they are rows of `node_settlements`, so a file uploaded
/// through one node is applied through another (issue #18). Either way a settlement is stored all or
/// nothing, never rewritten and never deleted, under an id derived from its bytes.
public protocol SettlementArchiveStore: Sendable {
    /// The record of a stored settlement, or nil (also for a text that is not a settlement id).
    func record(id: String) async throws -> SettlementArchiveRecord?
    /// A stored report's bytes, or nil for an unknown id.
    func report(id: String, format: ReconciliationReport.Format) async throws -> [UInt8]?
    /// The bank's original as stored: gzip-compressed; nil for an unknown id or a settlement stored
    /// before originals were kept.
    func compressedOriginal(id: String) async throws -> [UInt8]?
    /// Every stored import, oldest first: by `importedAt`, then in the order they were stored, then by id.
    func records() async throws -> [SettlementArchiveRecord]
    /// Stores a settlement all or nothing.
    /// - Parameter compressedOriginal: the bank's file, gzip-compressed, or nil.
    /// - Returns: false when a settlement with this id is already stored (nothing is changed).
    func store(
        _ record: SettlementArchiveRecord, reports: [ReconciliationReport.Format: [UInt8]], compressedOriginal: [UInt8]?
    ) async throws -> Bool
}

/// What is kept about one imported settlement file (`record.json` in the file archive).
public struct SettlementArchiveRecord: Codable, Sendable, Hashable {
    /// `stl-` and the first 32 hex digits of the file's SHA-256 (``SettlementArchiveRecord/id(sha256:)``).
    public var id: String
    /// `new`, `already_imported` (only the command line had seen it) or `corrected_resend`.
    public var importStatus: String
    /// The settlements this one is a corrected re-send of.
    public var resendOf: [String]
    /// The device that uploaded it.
    public var uploadedBy: String
    /// What was imported.
    public var entry: SettlementImport
    /// The compressed original's file name in the settlement folder (`original.gz`); nil for a
    /// settlement stored before originals were kept.
    public var original: String?
    /// The profile's file name (`NAME` of `settlement-profiles/NAME.json`); nil for a settlement stored
    /// before it was recorded here (the ledger's `settlement.imported` event has it).
    public var profileName: String?
    /// The file name the uploader gave (a multipart form's `filename`), when there was one.
    public var fileName: String?
    /// The file's size in bytes; nil for a settlement stored before it was recorded here.
    public var byteCount: Int64?
    /// The reconciliation's row counts by category name (the report's `counts`); nil for a settlement
    /// stored before they were recorded here.
    public var counts: [String: Int]?

    /// Creates a record from its fields.
    public init(
        id: String, importStatus: String, resendOf: [String], uploadedBy: String, entry: SettlementImport,
        original: String?, profileName: String? = nil, fileName: String? = nil, byteCount: Int64? = nil,
        counts: [String: Int]? = nil
    ) {
        self.id = id
        self.importStatus = importStatus
        self.resendOf = resendOf
        self.uploadedBy = uploadedBy
        self.entry = entry
        self.original = original
        self.profileName = profileName
        self.fileName = fileName
        self.byteCount = byteCount
        self.counts = counts
    }

    /// The id of the settlement whose file has this SHA-256.
    public static func id(sha256: String) -> String { "stl-" + sha256.prefix(32) }

    /// Whether `text` has the form of a settlement id (checked before it names a folder or a row).
    public static func isValidID(_ text: String) -> Bool {
        text.utf8.count == 36 && text.hasPrefix("stl-")
            && text.utf8.dropFirst(4).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The encoding every archive stores (`record.json`): sorted keys, pretty-printed, slashes unescaped.
    public static func encoded(_ record: SettlementArchiveRecord) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return Array(try encoder.encode(record))
    }
}
