import Foundation
import Ledger
import Reconciliation

/// The settlement importer's archive (issue #18): the store of imported files — this node's data
/// directory (``SettlementArchive``, one node on SQLite) or the database every node shares
/// (PostgreSQL: a file uploaded through one node is applied through another) — and this node's own
/// folder where uploads are received and originals are unpacked while they are read.
struct SettlementStorage: Sendable {
    /// The imported files.
    let store: any SettlementArchiveStore
    /// Where uploads land before they are read (on this node's disk; removed after each request).
    let incomingDirectory: URL

    /// The data directory's archive, its uploads received beside it (same file system).
    init(files: SettlementArchive) {
        store = files
        incomingDirectory = files.directory
    }

    /// A shared archive; uploads are received in `incomingDirectory` (created 0700).
    init(shared: any SettlementArchiveStore, incomingDirectory: URL) throws {
        try PrivateFile.createDirectory(incomingDirectory.path)
        store = shared
        self.incomingDirectory = incomingDirectory
    }

    /// A new temporary file name for an upload or an unpacked original.
    func incomingFile() -> URL { incomingDirectory.appendingPathComponent(".incoming-\(UUID().uuidString)") }

    func record(id: String) async throws -> SettlementArchiveRecord? { try await store.record(id: id) }

    func records() async throws -> [SettlementArchiveRecord] { try await store.records() }

    func report(id: String, format: ReconciliationReport.Format) async throws -> [UInt8]? {
        try await store.report(id: id, format: format)
    }

    /// Stores a settlement all or nothing with the uploaded file at `original`, compressed.
    /// - Returns: false when a settlement with this id is already stored (nothing is changed).
    func commit(
        _ record: SettlementArchiveRecord, reports: [ReconciliationReport.Format: [UInt8]], original: URL
    ) async throws -> Bool {
        // The folders compress the upload straight into the settlement's folder.
        if let files = store as? SettlementArchive {
            return try await SettlementImporter.offload { try files.commit(record, reports: reports, original: original) }
        }
        let compressed = incomingFile()
        defer { unlink(compressed.path) }
        let bytes: [UInt8] = try await SettlementImporter.offload {
            _ = try GzipFile.compress(original.path, to: compressed.path)
            return try [UInt8](Data(contentsOf: compressed))
        }
        return try await store.store(record, reports: reports, compressedOriginal: bytes)
    }

    /// Unpacks the stored original of `id` into the file `destination`.
    /// - Returns: false when the settlement has no stored original.
    func unpackOriginal(id: String, to destination: URL) async throws -> Bool {
        if let files = store as? SettlementArchive {
            let original = files.directory.appendingPathComponent(id).appendingPathComponent(
                SettlementArchive.originalFileName)
            guard FileManager.default.fileExists(atPath: original.path) else { return false }
            try await SettlementImporter.offload { try GzipFile.decompress(original.path, to: destination.path) }
            return true
        }
        guard let bytes = try await store.compressedOriginal(id: id) else { return false }
        let compressed = incomingFile()
        defer { unlink(compressed.path) }
        try await SettlementImporter.offload {
            try SettlementArchive.writeSynced(bytes, to: compressed)
            try GzipFile.decompress(compressed.path, to: destination.path)
        }
        return true
    }
}
