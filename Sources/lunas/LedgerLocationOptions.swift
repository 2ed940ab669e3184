import API
import ArgumentParser
import Foundation
import Ledger

/// `[--data-dir DIR] [--database-url URL | --database URL] [--config FILE]` of the commands that open the ledger
/// (`serve`, `device`, `ledger`), all resolved as `lunas serve` resolves them: command line >
/// `DATA_DIR` / `DATABASE_URL` / `LUNAS_CONFIG` > the configuration file > defaults (`./data`,
/// `sqlite:`, `Config/lunas.json`).
struct LedgerLocationOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "The data directory (holds \(StoreOpening.defaultSQLiteFileName) by default, and the receipt key).")
    var dataDirectory: String?

    @Option(
        name: [.customLong("database-url"), .customLong("database")],
        help: """
            The ledger: sqlite:/path, sqlite:relative/path or sqlite: (in the data directory; the default), \
            or postgres://USER@HOST:PORT/DATABASE?sslmode=disable|require|verify-full (password from \
            DATABASE_PASSWORD_FILE or DATABASE_PASSWORD).
            """)
    var databaseURL: String?

    @Option(
        name: .customLong("config"),
        help: "The city configuration file (its directory holds the rest; it may set data.dir, database.url).")
    var configFile: String?

    /// The settings as `lunas serve` would resolve them with these flags (a bad value exits 2, an
    /// unreadable configuration file 78).
    func resolve(_ command: String) async throws -> ServerSettings {
        try await ServerSettings.resolveForCommand(
            command, commandLine: commandLine, environment: ProcessInfo.processInfo.environment)
    }

    /// The flags given, by setting key.
    var commandLine: [String: String] {
        var values: [String: String] = [:]
        values["config.file"] = configFile
        values["data.dir"] = dataDirectory
        values["database.url"] = databaseURL
        return values
    }

    /// Resolves the settings and opens the ledger with ``StoreOpening`` (a refused `database.url`
    /// exits 78, a missing ledger in ``StoreOpening/Mode/existing`` mode exits 1).
    func openStore(
        _ command: String, mode: StoreOpening.Mode, tuning: StoreOpening.Tuning = StoreOpening.Tuning()
    ) async throws -> (store: any LedgerStore & IdempotencyLookup, settings: ServerSettings) {
        let settings = try await resolve(command)
        return (try await StoreOpening.open(for: command, settings: settings, mode: mode, tuning: tuning), settings)
    }
}
