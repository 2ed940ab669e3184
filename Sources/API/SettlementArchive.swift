import Foundation
import Ledger
import Reconciliation

/// The settlement files imported over HTTP and their reconciliation reports, kept durably in the data
/// directory: `DATA_DIR/settlements/<id>/` holds `original.gz` (the bank's file exactly as uploaded,
/// gzip-compressed; its SHA-256 is in the ledger's `settlement.imported` event), `record.json` (what was
/// imported, when, by whom), `report.json`, `exceptions.csv` and `report.html`. Nothing in a settlement
/// folder is ever deleted or rewritten. Folders are 0700 and files 0600, whatever the umask.
///
/// **All or nothing.** A settlement is written into a staging folder (`.staging-…`), every file and the
/// folder are fsynced, and the folder is renamed to its id in one `rename(2)`; then the parent folder is
/// fsynced. A settlement folder therefore either exists complete or not at all, also after a crash; a
/// staging folder left by a crash is removed when the archive is opened. The id is `stl-` and the first
/// 32 hex digits of the file's SHA-256, so the same bytes always map to the same folder and a second
/// commit of them fails the rename instead of overwriting.
struct SettlementArchive: SettlementArchiveStore {
    /// What is kept about one import, as `record.json`.
    typealias Record = SettlementArchiveRecord

    /// The corrected re-send that replaced settlement `id`, among `records` (``records()``): the first
    /// one naming `id` in its `resendOf`. A replaced file is not applied; its replacement is.
    static func replacement(of id: String, in records: [Record]) -> Record? {
        records.first { $0.resendOf.contains(id) }
    }

    /// The compressed original's file name in a settlement folder.
    static let originalFileName = "original.gz"

    /// A stored report's formats and file names.
    static func fileName(_ format: ReconciliationReport.Format) -> String {
        switch format {
        case .json: "report.json"
        case .csv: "exceptions.csv"
        case .html: "report.html"
        }
    }

    /// `DATA_DIR/settlements`.
    let directory: URL

    /// Opens (creating) the archive under `dataDirectory` and removes what a crash left half-written.
    init(dataDirectory: URL) throws {
        directory = dataDirectory.appendingPathComponent("settlements", isDirectory: true)
        let manager = FileManager.default
        try PrivateFile.createDirectory(directory.path)
        for name in try manager.contentsOfDirectory(atPath: directory.path) where name.hasPrefix(".") {
            try? manager.removeItem(at: directory.appendingPathComponent(name))
        }
    }

    /// The id of the settlement whose file has this SHA-256.
    static func id(sha256: String) -> String { Record.id(sha256: sha256) }

    /// Whether `text` has the form of a settlement id (checked before it names a folder).
    static func isValidID(_ text: String) -> Bool { Record.isValidID(text) }

    /// The record of a stored settlement, or nil.
    func record(id: String) throws -> Record? {
        guard Self.isValidID(id) else { return nil }
        let url = directory.appendingPathComponent(id).appendingPathComponent("record.json")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try JSONDecoder().decode(Record.self, from: data)
    }

    /// A stored report's bytes, or nil for an unknown id.
    func report(id: String, format: ReconciliationReport.Format) -> [UInt8]? {
        guard Self.isValidID(id) else { return nil }
        let url = directory.appendingPathComponent(id).appendingPathComponent(Self.fileName(format))
        return FileManager.default.contents(atPath: url.path).map { Array($0) }
    }

    /// See ``SettlementArchiveStore/compressedOriginal(id:)``.
    func compressedOriginal(id: String) -> [UInt8]? {
        guard Self.isValidID(id) else { return nil }
        let url = directory.appendingPathComponent(id).appendingPathComponent(Self.originalFileName)
        return FileManager.default.contents(atPath: url.path).map { Array($0) }
    }

    /// Every stored import, oldest first: by `importedAt` (whole seconds), then by when its record was
    /// written (the file's modification time, finer than a second, so two uploads in one second keep their order), then by id.
    func records() throws -> [Record] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let stored = try names.filter(Self.isValidID).compactMap { id -> (Record, Double)? in
            guard let record = try self.record(id: id) else { return nil }
            let path = directory.appendingPathComponent(id).appendingPathComponent("record.json").path
            let modified = try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            return (record, modified?.timeIntervalSince1970 ?? 0)
        }
        return stored.sorted {
            ($0.0.entry.importedAt, $0.1, $0.0.id) < ($1.0.entry.importedAt, $1.1, $1.0.id)
        }.map(\.0)
    }

    /// A temporary file for an upload inside the archive (same file system, removed on open after a crash).
    func incomingFile() -> URL { directory.appendingPathComponent(".incoming-\(UUID().uuidString)") }

    /// The compressed original of a stored settlement, relative to the data directory.
    static func originalPath(id: String) -> String { "settlements/\(id)/\(originalFileName)" }

    /// Stores a settlement all or nothing, with the uploaded file at `original` compressed into it.
    /// - Returns: false when a settlement with this id is already stored (nothing is changed).
    /// - Throws: ``ReconciliationError`` `io.failed` when the disk refuses; the staging folder is removed.
    func commit(_ record: Record, reports: [ReconciliationReport.Format: [UInt8]], original: URL?) throws -> Bool {
        try commit(record, reports: reports, original: original.map(Original.file))
    }

    /// See ``SettlementArchiveStore/store(_:reports:compressedOriginal:)``: the same all-or-nothing commit,
    /// with the original already compressed.
    func store(
        _ record: Record, reports: [ReconciliationReport.Format: [UInt8]], compressedOriginal: [UInt8]?
    ) throws -> Bool {
        try commit(record, reports: reports, original: compressedOriginal.map(Original.compressed))
    }

    /// The original of a commit: a file to compress, or bytes compressed already.
    private enum Original {
        case file(URL)
        case compressed([UInt8])
    }

    private func commit(
        _ record: Record, reports: [ReconciliationReport.Format: [UInt8]], original: Original?
    ) throws -> Bool {
        let manager = FileManager.default
        let final = directory.appendingPathComponent(record.id)
        if manager.fileExists(atPath: final.path) { return false }
        let staging = directory.appendingPathComponent(".staging-\(UUID().uuidString)")
        guard mkdir(staging.path, PrivateFile.directoryMode) == 0, chmod(staging.path, PrivateFile.directoryMode) == 0
        else { throw Self.failure("create \(staging.lastPathComponent)", errno) }
        do {
            let originalURL = staging.appendingPathComponent(Self.originalFileName)
            switch original {
            case .file(let url)?: _ = try GzipFile.compress(url.path, to: originalURL.path)
            case .compressed(let bytes)?: try Self.writeSynced(bytes, to: originalURL)
            case nil: break
            }
            for (format, bytes) in reports {
                try Self.writeSynced(bytes, to: staging.appendingPathComponent(Self.fileName(format)))
            }
            try Self.writeSynced(Record.encoded(record), to: staging.appendingPathComponent("record.json"))
            try Self.syncDirectory(staging)
            guard rename(staging.path, final.path) == 0 else {
                let code = errno
                try? manager.removeItem(at: staging)
                if code == EEXIST || code == ENOTEMPTY { return false }
                throw Self.failure("rename to \(final.lastPathComponent)", code)
            }
        } catch {
            try? manager.removeItem(at: staging)
            throw error
        }
        try Self.syncDirectory(directory)
        return true
    }

    /// Writes `bytes` to a new file and fsyncs it.
    static func writeSynced(_ bytes: [UInt8], to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PrivateFile.fileMode)
        guard fd >= 0 else { throw failure("create \(url.lastPathComponent)", errno) }
        defer { close(fd) }
        guard fchmod(fd, PrivateFile.fileMode) == 0 else { throw failure("chmod \(url.lastPathComponent)", errno) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw failure("write \(url.lastPathComponent)", errno) }
            offset += written
        }
        guard fsync(fd) == 0 else { throw failure("fsync \(url.lastPathComponent)", errno) }
    }

    /// fsyncs a directory, so a rename or new entry in it survives a power cut.
    static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw failure("open \(url.lastPathComponent)", errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync \(url.lastPathComponent)", errno) }
    }

    static func failure(_ what: String, _ code: Int32) -> any Error {
        ReconciliationError(.io, "settlement archive: cannot \(what): \(String(cString: strerror(code)))")
    }
}
