import CZlib
import Crypto
import Foundation
import Ledger
import Reconciliation

extension SettlementImporter {
    /// Checks that the archived original of an imported settlement file still is the file the chain
    /// recorded: the gzip file at `dataDirectory/record.archivedAs` decompresses to `record.byteCount`
    /// bytes whose SHA-256 is `record.sha256` (`lunas ledger verify`).
    /// - Returns: what is wrong, or nil when the original is intact.
    public static func archiveProblem(_ record: SettlementFileRecord, dataDirectory: URL) -> String? {
        let path = dataDirectory.appendingPathComponent(record.archivedAs).path
        guard FileManager.default.fileExists(atPath: path) else {
            return "settlement \(record.settlementID): its archived original \(record.archivedAs) is missing"
        }
        return gzipProblem(record, path: path)
    }

    /// The same check on the archive the nodes share in the database (PostgreSQL): the stored
    /// compressed original, written to a 0600 temporary file in `scratch` while it is read.
    /// - Throws: the archive's error when it cannot be read.
    public static func archiveProblem(
        _ record: SettlementFileRecord, shared: any SettlementArchiveStore, scratch: URL
    ) async throws -> String? {
        guard let bytes = try await shared.compressedOriginal(id: record.settlementID) else {
            return "settlement \(record.settlementID): its archived original is missing from the database"
        }
        try PrivateFile.createDirectory(scratch.path)
        let file = scratch.appendingPathComponent(".verify-original-\(UUID().uuidString)")
        defer { unlink(file.path) }
        try SettlementArchive.writeSynced(bytes, to: file)
        return gzipProblem(record, path: file.path)
    }

    /// Whether the gzip file at `path` decompresses to the bytes `record` names.
    private static func gzipProblem(_ record: SettlementFileRecord, path: String) -> String? {
        guard let input = gzopen(path, "rb") else {
            return "settlement \(record.settlementID): cannot open \(record.archivedAs)"
        }
        defer { gzclose(input) }
        var hasher = SHA256()
        var total: Int64 = 0
        let whole = GzipFile.readBlocks(input) { block in
            hasher.update(data: block)
            total += Int64(block.count)
        }
        guard whole else {
            return "settlement \(record.settlementID): \(record.archivedAs) is not a whole gzip file"
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        guard digest == record.sha256, total == record.byteCount else {
            return
                "settlement \(record.settlementID): \(record.archivedAs) decompresses to \(total) bytes with SHA-256 "
                + "\(digest.prefix(16))…, but the ledger recorded \(record.byteCount) bytes with \(record.sha256.prefix(16))…"
        }
        return nil
    }
}
