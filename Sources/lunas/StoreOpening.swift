import API
import ArgumentParser
import Foundation
import Ledger
import LedgerPostgres
import LedgerSQLite
import Logging

/// The one place the `lunas` executable opens the ledger store (issue #13): `serve`, `device`,
/// `ledger` and `reconcile --data-dir` all come here, and no other file of the executable imports
/// a store module (`scripts/checks/modules.sh` checks that).
///
/// The store is named by one setting, `database.url` (`DATABASE_URL`, `--database-url`):
/// - `sqlite:` (the default): the SQLite file `lunas.sqlite` in `data.dir`;
/// - `sqlite:/abs/path`: that SQLite file;
/// - `sqlite:relative/path`: that SQLite file, relative to the working directory.
///
/// - `postgres://USER@HOST:PORT/DATABASE?sslmode=…` (``DatabaseLocation``): the PostgreSQL store
///   (issue #18), password from `DATABASE_PASSWORD_FILE` or `DATABASE_PASSWORD`; never migrated
///   implicitly (`lunas db migrate` applies its schema, and a store on another version is refused).
///
/// Any other scheme is refused with `database.unsupportedScheme` naming the setting and the
/// scheme; a malformed URL with `database.invalidURL` naming the part, a password in it with
/// `database.passwordInURL`. Commands exit 78 (configuration error) for all of them, as
/// `lunas serve` does for every configuration it refuses at start.
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
        /// A SQLite database file (its absolute path).
        case sqlite(path: String)
        /// A PostgreSQL server and database (issue #18).
        case postgres(DatabaseLocation.PostgresServer)

        var description: String {
            switch self {
            case .sqlite(let path): path
            case .postgres(let server): server.url
            }
        }
    }

    /// Write tuning of a ledger, for `lunas ledger bench-issue` only; the defaults are the
    /// server's.
    struct Tuning: Sendable {
        /// Commit concurrent writes together (the server's mode).
        var groupCommit = true
        /// PostgreSQL: claim a batch's invoices together (the server's mode); off, each its own.
        var claimAhead = true
        /// The page size of a new database file (nil: SQLite's 4,096).
        var pageSize: Int?
        /// The writer's page cache in KiB (nil: the store's default).
        var writerCacheKiB: Int?
    }

    /// Where `databaseURL` puts the ledger (``DatabaseLocation/parse(_:)``, with a relative SQLite
    /// path made absolute and `sqlite:` resolved under `data.dir`).
    /// - Parameters:
    ///   - databaseURL: the `database.url` value.
    ///   - dataDirectory: `data.dir`, for `sqlite:`.
    /// - Throws: `LedgerError` `database.unsupportedScheme`, `database.invalidURL` or
    ///   `database.passwordInURL`, field `database.url`.
    static func location(of databaseURL: String, dataDirectory: String) throws -> Location {
        switch try DatabaseLocation.parse(databaseURL) {
        case .sqlite(nil):
            return .sqlite(path: URL(fileURLWithPath: dataDirectory).appendingPathComponent(defaultSQLiteFileName).path)
        case .sqlite(let path?):
            return .sqlite(path: URL(fileURLWithPath: path).standardizedFileURL.path)
        case .postgres(let server):
            return .postgres(server)
        }
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
        case .postgres(let server):
            // Never created or migrated here (several nodes share it): the store refuses a schema
            // other than this build's, naming `lunas db migrate`.
            let password = try DatabaseLocation.password(environment: ProcessInfo.processInfo.environment)
            var options = PostgresLedgerStore.Options(
                groupCommit: tuning.groupCommit, label: "\(ProcessInfo.processInfo.processIdentifier)")
            options.claimAhead = tuning.claimAhead
            let store = try await PostgresLedgerStore.open(
                server, password: password, logger: quietLogger, options: options)
            // A ledger `lunas ledger copy` is still filling has events without their rows: nothing
            // may serve it or write on it (the copy could not resume after).
            let unfinished = try await PostgresLedgerDatabase.withDatabase(
                server, password: password, logger: quietLogger, maximumConnections: 1
            ) { try await PostgresLedgerCopy.isUnfinished($0) }
            guard !unfinished else {
                await store.close()
                throw LedgerError(
                    .copyUnfinished,
                    "\(server.url) holds an unfinished `lunas ledger copy` (interrupted before it verified): run the "
                        + "same `lunas ledger copy` again to finish it; nothing was opened", field: "database.url")
            }
            return store
        }
    }

    /// The PostgreSQL client's own logger: errors only (PostgresNIO warns at `.warning` when a pool is
    /// leased before its run task started).
    static var quietLogger: Logger {
        var logger = Logger(label: "lunas")
        logger.logLevel = .error
        return logger
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

    /// `lunas db migrate`: brings the ledger's schema up to date and says what it did.
    ///
    /// SQLite migrates itself whenever it is opened, so for `sqlite:` this opens (and creates) the
    /// ledger. PostgreSQL is never migrated implicitly: for `postgres://` the pending migrations are
    /// applied in one transaction (``PostgresLedgerSchema/migrate(_:appliedBy:)``); run twice, the
    /// second run applies nothing. The password comes from `DATABASE_PASSWORD_FILE` or
    /// `DATABASE_PASSWORD`.
    /// - Returns: the lines to print.
    static func migrate(
        for command: String, settings: ServerSettings, environment: [String: String], logger: Logger
    ) async throws -> [String] {
        let target = try refusingBadURL(command) {
            try Self.location(of: settings.databaseURL, dataDirectory: settings.dataDirectory)
        }
        switch target {
        case .sqlite(let path):
            _ = try await open(
                databaseURL: settings.databaseURL, dataDirectory: settings.dataDirectory, mode: .createIfMissing)
            return ["SQLite ledger \(path): up to date (SQLite applies its migrations whenever it is opened)"]
        case .postgres(let server):
            let password = try DatabaseLocation.password(environment: environment)
            return try await PostgresLedgerDatabase.withDatabase(server, password: password, logger: logger) {
                database in
                let applied = try await PostgresLedgerSchema.migrate(
                    database, appliedBy: "lunas db migrate (role \(server.user))")
                let lines = applied.map { "applied \($0)" }
                let version = PostgresLedgerSchema.currentVersion
                return lines
                    + [
                        applied.isEmpty
                            ? "PostgreSQL ledger \(server.url): nothing to apply, the schema is at \(version)"
                            : "PostgreSQL ledger \(server.url): the schema is at \(version)"
                    ]
            }
        }
    }

    /// Runs `body`; a refused `database.url` is printed and becomes exit 78.
    private static func exitingOnRefusal(_ command: String, _ body: () throws -> Void) throws {
        try refusingBadURL(command, body)
    }

    /// Runs `body` and returns its value; a refused `database.url` is printed and becomes exit 78.
    static func refusingBadURL<Value>(_ command: String, _ body: () throws -> Value) throws -> Value {
        do {
            return try body()
        } catch let error as LedgerError
            where [.databaseUnsupportedScheme, .databaseInvalidURL, .databasePasswordInURL]
            .contains(error.code)
        {
            FileHandle.standardError.write(Data("\(command): \(error.code): \(error.message)\n".utf8))
            throw ExitCode(78)
        }
    }

    /// The writes and transactions a SQLite store has made since it opened, or nil for another store
    /// (`lunas ledger bench-issue` reports the mean batch of its group commit).
    static func writeStatistics(of store: any LedgerStore) -> (transactions: Int, writes: Int)? {
        (store as? SQLiteLedgerStore)?.writeStatistics ?? (store as? PostgresLedgerStore)?.writeStatistics
    }

    /// A SQLite store's writer `PRAGMA synchronous` (2 = FULL), or nil for another store.
    static func synchronousMode(of store: any LedgerStore) async throws -> Int? {
        guard let store = store as? SQLiteLedgerStore else { return nil }
        return try await store.writerSynchronousMode()
    }
}

extension LedgerError.Code {
    /// A reading command found no ledger where `database.url` points.
    static let databaseMissing = LedgerError.Code("database.missing")
}
