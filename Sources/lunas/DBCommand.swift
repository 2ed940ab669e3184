import ArgumentParser
import Foundation
import Ledger
import Logging

/// `lunas db`: the ledger database's schema.
struct DBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "The ledger database's schema.",
        subcommands: [DBMigrateCommand.self]
    )
}

/// `lunas db migrate [--database URL] [--data-dir DIR] [--config FILE]`: applies the pending schema
/// migrations and prints each one it applied; a second run applies nothing.
///
/// `sqlite:` ledgers migrate themselves whenever they are opened, so for them it opens (and creates)
/// the ledger. A `postgres://` ledger is never migrated implicitly (several nodes share it): this is
/// the one command that changes its schema, all pending migrations in one transaction. The password
/// comes from the file named by `DATABASE_PASSWORD_FILE`, or from `DATABASE_PASSWORD`.
struct DBMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the ledger's pending schema migrations (the only way PostgreSQL is migrated).",
        discussion: """
            Exit status: 0 when the schema is up to date (applied now or before), 1 when a migration \
            failed (nothing was changed) or the database's schema is newer than this build knows, \
            78 when database.url is refused.
            """
    )

    @OptionGroup var location: LedgerLocationOptions

    func run() async throws {
        let command = "lunas db migrate"
        let settings = try await location.resolve(command)
        let logger = StoreOpening.quietLogger
        do {
            let lines = try await StoreOpening.migrate(
                for: command, settings: settings, environment: ProcessInfo.processInfo.environment, logger: logger)
            for line in lines { print(line) }
        } catch let error as LedgerError {
            FileHandle.standardError.write(Data("\(command): \(error.code): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
