import CZlib
import Crypto
import Foundation
import Ledger

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
            return "settlement \(record.settlementID): \(record.archivedAs) decompresses to \(total) bytes with SHA-256 "
                + "\(digest.prefix(16))…, but the ledger recorded \(record.byteCount) bytes with \(record.sha256.prefix(16))…"
        }
        return nil
    }
}
