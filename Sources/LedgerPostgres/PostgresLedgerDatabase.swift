import Ledger
import Logging
import PostgresNIO

/// A connection pool to the PostgreSQL database that holds a ledger (issue #18).
///
/// It is the one way `LedgerPostgres` reaches the server: ``withDatabase(_:password:logger:maximumConnections:_:)``
/// opens a pool on a ``DatabaseLocation/PostgresServer``, runs the pool for as long as the body
/// runs, and closes it after. PostgresNIO's types stay inside this module: callers hand in the
/// parsed `database.url` and the password, and get ledger values and ``Ledger/LedgerError``s back.
public struct PostgresLedgerDatabase: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// Where the pool connects (never with the password).
    public let server: DatabaseLocation.PostgresServer

    /// Opens a pool to `server`, runs `body` with it, and closes the pool.
    ///
    /// TLS follows `sslmode` through NIOSSL: `disable` speaks plain TCP, `require` insists on TLS
    /// without checking the certificate (libpq's meaning), `verify-full` checks the certificate
    /// against the system's trust roots and the host name.
    /// - Parameters:
    ///   - server: the parsed `database.url`.
    ///   - password: the role's password (from `DATABASE_PASSWORD_FILE` or `DATABASE_PASSWORD`), or nil.
    ///   - logger: where the pool's background messages go.
    ///   - maximumConnections: the most connections the pool opens.
    ///   - body: what to do with the database.
    /// - Throws: what `body` throws; connection failures inside it as `storage.failure`.
    public static func withDatabase<Result: Sendable>(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, maximumConnections: Int = 8,
        _ body: (PostgresLedgerDatabase) async throws -> Result
    ) async throws -> Result {
        let tls = tlsConfiguration(server.sslMode)
        // One connection of its own first: a wrong password, a refused certificate or an unreachable
        // server fails here at once with the server's reason (the pool would retry for a minute and
        // then report only that it gave up).
        do {
            try await connect(server, password: password, logger: logger).close()
        } catch {
            throw ledgerError(error)
        }
        var configuration = PostgresClient.Configuration(
            host: server.host, port: server.port, username: server.user, password: password,
            database: server.database, tls: tls.map { .require($0) } ?? .disable)
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let database = PostgresLedgerDatabase(client: client, logger: logger, server: server)
        // The pool runs in a task of its own, not a child of the caller's: when the caller is
        // cancelled, the body (and the chain's group commit, which answers its waiters) still has a
        // running pool until it returns; a child task would shut the pool down under it, and a
        // lease waiting on a closed pool never returns.
        let runner = Task { await client.run() }
        do {
            let result = try await body(database)
            runner.cancel()
            await runner.value
            return result
        } catch {
            runner.cancel()
            await runner.value
            throw error
        }
    }

    /// One connection of its own to `server`, outside any pool: the first check of a pool, a LISTEN
    /// connection (``PostgresChangeListener``), a leadership's lock session (to come).
    /// - Throws: postgres-nio's error (callers turn it into `storage.failure` with ``ledgerError(_:)``).
    static func connect(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger, id: Int = 0
    ) async throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: server.host, port: server.port, username: server.user, password: password,
            database: server.database,
            tls: try tlsConfiguration(server.sslMode).map { .require(try NIOSSLContext(configuration: $0)) } ?? .disable
        )
        configuration.options.connectTimeout = .seconds(10)
        return try await PostgresConnection.connect(configuration: configuration, id: id, logger: logger)
    }

    /// The TLS of `sslmode`, or nil for `disable`.
    static func tlsConfiguration(_ mode: DatabaseLocation.SSLMode) -> TLSConfiguration? {
        switch mode {
        case .disable:
            return nil
        case .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none
            return configuration
        case .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .fullVerification
            return configuration
        }
    }

    /// Runs `body` in one transaction on one connection of the pool: committed when it returns,
    /// rolled back when it throws.
    func transaction<Result: Sendable>(
        _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw Self.ledgerError(
                error.beginError ?? error.closureError ?? error.commitError ?? error.rollbackError ?? error)
        } catch {
            throw Self.ledgerError(error)
        }
    }

    /// Runs `body` on one connection of the pool, outside any transaction.
    func connection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw Self.ledgerError(error)
        }
    }

    /// The server's message of a failure, as `storage.failure` (a ``LedgerError`` passes as it is).
    ///
    /// PostgresNIO's `PSQLError` hides its details from `description` (they may quote data); the
    /// server's message, detail and SQLSTATE name what failed, and never hold the password.
    static func ledgerError(_ error: any Error) -> LedgerError {
        if let error = error as? LedgerError { return error }
        if let error = error as? PSQLError {
            if let server = error.serverInfo {
                let state = server[.sqlState] ?? "?"
                let message = server[.message] ?? "no message"
                let detail = server[.detail].map { " (\($0))" } ?? ""
                return LedgerError(
                    .storageFailure, "PostgreSQL refused: \(message)\(detail) [SQLSTATE \(state)]", cause: error)
            }
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return LedgerError(
                .storageFailure, "PostgreSQL connection failed: \(error.code)\(underlying)", cause: error)
        }
        return LedgerError(.storageFailure, "PostgreSQL failed: \(error)", cause: error as? any Error & Sendable)
    }
}
