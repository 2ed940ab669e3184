import Foundation
import Synchronization

/// What was recorded when a settlement file was imported: enough to recognise the same file again
/// (its SHA-256) and a corrected re-send of the same statement (same profile and settlement period).
public struct SettlementImport: Sendable, Hashable, Codable {
    public var sha256: String
    public var profile: String
    public var acquirer: String
    /// First and last settlement date in the file (`YYYY-MM-DD`).
    public var firstSettlementDate: String
    public var lastSettlementDate: String
    public var rows: Int
    public var gross: Int64
    /// When it was imported (ISO 8601, UTC).
    public var importedAt: String

    /// Describes `file` as imported at `date`.
    public init(file: SettlementFile, importedAt date: Date = Date()) {
        sha256 = file.sha256
        profile = file.profileName
        acquirer = file.acquirer
        let period = file.rows.settlementPeriod
        firstSettlementDate = period.map { "\($0.lowerBound)" } ?? ""
        lastSettlementDate = period.map { "\($0.upperBound)" } ?? ""
        rows = file.rows.count
        gross = file.rows.records.reduce(0) { $0 + $1.gross }
        importedAt = ISO8601DateFormatter().string(from: date)
    }
}

/// Whether a file is new, the same file again, or a corrected re-send of a statement already imported.
public enum ImportDecision: Sendable, Hashable {
    case new
    /// The same bytes were imported before: importing again changes nothing.
    case alreadyImported(SettlementImport)
    /// Different bytes for the same profile and settlement period: a corrected re-send of these imports.
    case correctedResend(previous: [SettlementImport])

    /// `new`, `already_imported` or `corrected_resend`.
    public var status: String {
        switch self {
        case .new: "new"
        case .alreadyImported: "already_imported"
        case .correctedResend: "corrected_resend"
        }
    }
}

/// Where settlement imports are remembered. The ledger will implement this in its store; the CLI uses
/// ``FileImportRegistry`` and tests ``InMemoryImportRegistry``.
public protocol SettlementImportRegistry: Sendable {
    /// Every import recorded so far.
    func allImports() throws -> [SettlementImport]
    /// Records an import (called only for `new` and `corrected_resend` files).
    func record(_ entry: SettlementImport) throws
}

extension SettlementImportRegistry {
    /// Decides what importing `file` would mean, without recording anything.
    public func decide(for file: SettlementFile) throws -> ImportDecision {
        let entry = SettlementImport(file: file)
        let all = try allImports()
        if let same = all.first(where: { $0.sha256 == entry.sha256 }) { return .alreadyImported(same) }
        let overlapping = all.filter {
            $0.profile == entry.profile && $0.firstSettlementDate <= entry.lastSettlementDate
                && entry.firstSettlementDate <= $0.lastSettlementDate
        }
        return overlapping.isEmpty ? .new : .correctedResend(previous: overlapping)
    }

    /// Decides, and records the file unless it was imported before.
    public func register(_ file: SettlementFile) throws -> ImportDecision {
        let decision = try decide(for: file)
        if case .alreadyImported = decision { return decision }
        try record(SettlementImport(file: file))
        return decision
    }
}

/// An import registry in memory (tests, one-off runs).
public final class InMemoryImportRegistry: SettlementImportRegistry {
    private let entries = Mutex<[SettlementImport]>([])

    public init() {}

    public func allImports() throws -> [SettlementImport] { entries.withLock { $0 } }

    public func record(_ entry: SettlementImport) throws { entries.withLock { $0.append(entry) } }
}

/// An import registry kept as JSON lines in one file (one import a line, appended).
public struct FileImportRegistry: SettlementImportRegistry {
    /// The registry file.
    public var path: String

    /// Uses (and creates on first record) the file at `path`.
    public init(path: String) { self.path = path }

    public func allImports() throws -> [SettlementImport] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReconciliationError(.registry, "cannot read import registry \(path)", value: path)
        }
        return try data.split(separator: UInt8(ascii: "\n")).enumerated().map { index, line in
            do {
                return try JSONDecoder().decode(SettlementImport.self, from: Data(line))
            } catch {
                throw ReconciliationError(
                    .registry, "import registry \(path) line \(index + 1) is not a valid entry",
                    position: .init(line: index + 1),
                    cause: error)
            }
        }
    }

    public func record(_ entry: SettlementImport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var line = try encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw ReconciliationError(
                .registry, "cannot open import registry \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            throw ReconciliationError(
                .registry, "cannot write import registry \(path): \(String(cString: strerror(errno)))")
        }
    }
}
