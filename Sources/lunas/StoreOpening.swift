import API
import ArgumentParser
import Foundation
import Ledger
import LedgerSQLite

/// The one place the `lunas` executable opens the ledger store (issue #13): `serve`, `device`,
/// `ledger` and `reconcile --data-dir` all come here, and no other file of the executable imports
/// a store module (`scripts/checks/modules.sh` checks that).
///
/// The store is named by one setting, `database.url` (`DATABASE_URL`, `--database-url`):
/// - `sqlite:` (the default): the SQLite file `lunas.sqlite` in `data.dir`;
/// - `sqlite:/abs/path`: that SQLite file;
/// - `sqlite:relative/path`: that SQLite file, relative to the working directory.
///
/// Any other scheme (`postgres://…`, which a later backend will add) is refused with
/// `database.unsupportedScheme` naming the setting and the scheme; a `sqlite://…` authority with
/// `database.invalidURL`. Commands exit 78 (configuration error) for both, as `lunas serve` does
/// for every configuration it refuses at start.
enum StoreOpening {
    /// The SQLite file inside the data directory when `database.url` is `sqlite:`. Existing data
    /// directories hold it under this name; keep it.
    static let defaultSQLiteFileName = "lunas.sqlite"

    /// Whether a missing ledger is created.
    enum Mode: Sendable {
        /// Create the ledger (and its folder, mode 0700) when it does not exist.
        case createIfMissing
        /// Refuse a missing ledger with `database.missing`: reading commands never create one.
        case existing
    }

    /// Where a `database.url` puts the ledger.
    enum Location: Sendable, Equatable, CustomStringConvertible {
        /// A SQLite database file.
        case sqlite(path: String)

        var description: String {
            switch self {
            case .sqlite(let path): path
            }
        }
    }

    /// Write tuning of a SQLite ledger, for `lunas ledger bench-issue` only; the defaults are the
    /// server's.
    struct Tuning: Sendable {
        /// Commit concurrent writes together (the server's mode).
        var groupCommit = true
        /// The page size of a new database file (nil: SQLite's 4,096).
        var pageSize: Int?
        /// The writer's page cache in KiB (nil: the store's default).
        var writerCacheKiB: Int?
    }

    /// Where `databaseURL` puts the ledger.
    /// - Parameters:
    ///   - databaseURL: the `database.url` value.
    ///   - dataDirectory: `data.dir`, for `sqlite:`.
    /// - Throws: `LedgerError` `database.unsupportedScheme` or `database.invalidURL`, field `database.url`.
    static func location(of databaseURL: String, dataDirectory: String) throws -> Location {
        guard let scheme = ServerSettings.databaseURLScheme(databaseURL) else {
            throw LedgerError(
                .databaseInvalidURL,
                "database.url \"\(databaseURL)\" does not start with a scheme; use sqlite:/path/to/\(defaultSQLiteFileName), "
                    + "sqlite:relative/path or sqlite: (\(defaultSQLiteFileName) in data.dir)",
                field: "database.url")
        }
        guard scheme == "sqlite" else {
            throw LedgerError(
                .databaseUnsupportedScheme,
                "database.url has the scheme \"\(scheme)\", which this build cannot open; supported: sqlite "
                    + "(sqlite:/path/to/\(defaultSQLiteFileName), sqlite:relative/path, sqlite:)",
                field: "database.url")
        }
        let rest = String(databaseURL.dropFirst(scheme.count + 1))
        if rest.isEmpty {
            return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent(defaultSQLiteFileName).path)
        }
        guard !rest.hasPrefix("//") else {
            throw LedgerError(
                .databaseInvalidURL,
                "database.url \"\(databaseURL)\": a sqlite: URL takes a file path, not a host; use sqlite:/absolute/path "
                    + "or sqlite:relative/path",
                field: "database.url")
        }
        return .sqlite(path: URL(fileURLWithPath: rest).standardizedFileURL.path)
    }

    /// Opens the ledger that `databaseURL` names: the one function of the executable that opens a store.
    /// - Parameters:
    ///   - databaseURL: the `database.url` value.
    ///   - dataDirectory: `data.dir`, for `sqlite:`.
    ///   - mode: whether a missing ledger is created.
    ///   - tuning: SQLite write tuning (the bench only).
    /// - Returns: the store, which also answers idempotency look-ups (the API needs them) and,
    ///   for SQLite, ``Ledger/ImmediateDeviceLookup``.
    /// - Throws: `LedgerError` `database.unsupportedScheme` / `database.invalidURL` for the URL,
    ///   `database.missing` naming the path in ``Mode/existing`` mode, `storage.failure` when it
    ///   does not open, `file.ioFailed` when its folder cannot be created.
    static func open(
        databaseURL: String, dataDirectory: String, mode: Mode, tuning: Tuning = Tuning()
    ) async throws -> any LedgerStore & IdempotencyLookup {
        switch try location(of: databaseURL, dataDirectory: dataDirectory) {
        case .sqlite(let path):
            switch mode {
            case .existing:
                guard FileManager.default.fileExists(atPath: path) else {
                    throw LedgerError(
                        .databaseMissing, "no ledger database at \(path) (database.url \(databaseURL))",
                        field: "database.url")
                }
            case .createIfMissing:
                try PrivateFile.createDirectory((path as NSString).deletingLastPathComponent)
            }
            var options = SQLiteLedgerStore.Options()
            options.groupCommit = tuning.groupCommit
            options.pageSize = tuning.pageSize
            if let cache = tuning.writerCacheKiB { options.writerCacheKiB = cache }
            return try await SQLiteLedgerStore.open(path: path, options: options)
        }
    }

    /// Checks the settings' `database.url` without opening anything: `lunas serve` calls it before
    /// it creates anything under the data directory. A URL it refuses prints `command: code: message`
    /// on standard error and exits 78.
    static func check(for command: String, settings: ServerSettings) throws {
        try exitingOnRefusal(command) {
            _ = try location(of: settings.databaseURL, dataDirectory: settings.dataDirectory)
        }
    }

    /// ``open(databaseURL:dataDirectory:mode:tuning:)`` with the resolved settings of a command: a
    /// URL it refuses prints `command: code: message` on standard error and exits 78, a missing
    /// ledger (``Mode/existing``) `command: message` and exits 1; other errors are thrown.
    static func open(
        for command: String, settings: ServerSettings, mode: Mode, tuning: Tuning = Tuning()
    ) async throws -> any LedgerStore & IdempotencyLookup {
        try check(for: command, settings: settings)
        do {
            return try await open(
                databaseURL: settings.databaseURL, dataDirectory: settings.dataDirectory, mode: mode, tuning: tuning)
        } catch let error as LedgerError where error.code == .databaseMissing {
            FileHandle.standardError.write(Data("\(command): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Runs `body`; a refused `database.url` is printed and becomes exit 78.
    private static func exitingOnRefusal(_ command: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as LedgerError
            where error.code == .databaseUnsupportedScheme || error.code == .databaseInvalidURL
        {
            FileHandle.standardError.write(Data("\(command): \(error.code): \(error.message)\n".utf8))
            throw ExitCode(78)
        }
    }

    /// The writes and transactions a SQLite store has made since it opened, or nil for another store
    /// (`lunas ledger bench-issue` reports the mean batch of its group commit).
    static func writeStatistics(of store: any LedgerStore) -> (transactions: Int, writes: Int)? {
        (store as? SQLiteLedgerStore)?.writeStatistics
    }

    /// A SQLite store's writer `PRAGMA synchronous` (2 = FULL), or nil for another store.
    static func synchronousMode(of store: any LedgerStore) async throws -> Int? {
        guard let store = store as? SQLiteLedgerStore else { return nil }
        return try await store.writerSynchronousMode()
    }
}

extension LedgerError.Code {
    /// `database.url` names a scheme this build cannot open.
    static let databaseUnsupportedScheme = LedgerError.Code("database.unsupportedScheme")
    /// `database.url` is not a URL the store can use (no scheme, a `sqlite://` host).
    static let databaseInvalidURL = LedgerError.Code("database.invalidURL")
    /// A reading command found no ledger where `database.url` points.
    static let databaseMissing = LedgerError.Code("database.missing")
}
