import Foundation
import Ledger

/// Where `verify` keeps the replayed state that is not in memory (``Ledger/ReplaySpill``), for both
/// engines: a private temporary folder of files of sorted runs (``SpillRuns``), one per kind of
/// record, each record kept as the row the ledger's own codec writes for it (``SpillCapture``) and
/// read back by the codec's decoder.
///
/// The folder is made beside the ledger when it can be (SQLite), else in the system's temporary
/// folder, and removed by ``run(in:_:)`` when verify ends, whatever happens.
package final class FileReplaySpill: LedgerRowSpill {
    private let folder: String

    private init(folder: String) {
        self.folder = folder
    }

    /// Runs `work` with a new spill in a new private folder inside the first of `folders` that can
    /// hold one, then removes that folder.
    ///
    /// - Throws: `work`'s error, or a ``Ledger/LedgerError`` `storage.failure` when no folder can.
    package static func run<T>(in folders: [String], _ work: (FileReplaySpill) throws -> T) throws -> T {
        var lastError: (any Error)?
        for parent in folders {
            let folder = (parent as NSString).appendingPathComponent(".verify-\(UUID().uuidString)")
            guard mkdir(folder, PrivateFile.directoryMode) == 0 else {
                lastError = SpillRuns.failure("create", folder, errno)
                continue
            }
            defer { try? FileManager.default.removeItem(atPath: folder) }
            return try work(FileReplaySpill(folder: folder))
        }
        throw lastError ?? LedgerError(.storageFailure, "no folder for verify's spill")
    }

    private func runs(_ name: String) throws -> SpillRuns {
        try SpillRuns(path: (folder as NSString).appendingPathComponent(name))
    }

    /// A spill table of rows of the ledger's `table` with `columns`, by key.
    package func records<Value>(
        _ table: String, key: String, columns: String, insert: @escaping (Value, SpillCapture) throws -> Void,
        decode: @escaping (SQLRow) throws -> Value
    ) throws -> any ReplaySpillTable<Value> {
        let capture = SpillCapture(table: table, columns: columns)
        let names = capture.columns
        return ConvertedSpillTable(
            try runs(table),
            encode: { value in
                capture.reset()
                try insert(value, capture)
                return capture.row.spillBytes
            },
            decode: { bytes in try decode(SQLRow(columns: names, values: try [SQLValue](spillBytes: bytes))) })
    }

    package func texts(_ name: String) throws -> any ReplaySpillTable<String> {
        ConvertedSpillTable<String, [UInt8]>(
            try runs("text_\(name)"), encode: { Array($0.utf8) }, decode: { String(decoding: $0, as: UTF8.self) })
    }

    package func integers(_ name: String) throws -> any ReplaySpillTable<Int64> {
        ConvertedSpillTable<Int64, [UInt8]>(
            try runs("integer_\(name)"), encode: { [SQLValue.integer($0)].spillBytes },
            decode: { bytes in
                guard case .integer(let value) = try [SQLValue](spillBytes: bytes).first else {
                    throw SpillRuns.corrupt("(an integer)")
                }
                return value
            })
    }
}
