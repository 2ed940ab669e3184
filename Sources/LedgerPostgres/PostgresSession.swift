import Dispatch
import Foundation
import Ledger
import LedgerSQL
import Logging
import PostgresNIO

/// A blocking ``LedgerSQL/SQLSession`` on one PostgreSQL connection (issue #18).
///
/// The ledger's write and read functions are synchronous (they run on SQLite's writer thread as
/// they are); on PostgreSQL they run on a thread of the store's own, which waits here for each
/// statement's answer. It must never be called from an event loop or from Swift's cooperative
/// pool. Statements go through the extended protocol with `?` rewritten to `$n`
/// (``LedgerSQL/SQLPlaceholders``); column values come back as the five ``LedgerSQL/SQLValue``
/// classes (`numeric` — what `SUM` over `bigint` answers — as an integer when it is one).
public final class PostgresSession: SQLSession {
    public var dialect: SQLDialect { .postgres }

    let connection: PostgresConnection
    let logger: Logger
    /// How long a statement may go without an answer before the connection is given up
    /// (``LedgerSQL/SQLFailure/connectionLost(_:)``): a blocked thread must never wait for ever on a
    /// server that went away without closing the socket.
    let answerTimeout: TimeAmount
    private var savepoints = 0
    private(set) var transactionOpen = false
    /// Writes queued and not yet handed to the connection (``send(_:_:)``), oldest first.
    var outbox: [PostgresQueuedWrite] = []
    /// The first failure of a queued write that no throwing call has reported yet.
    var deferredFailure: (any Error)?
    /// What each statement text this session ran turns into (the ledger runs a few dozen texts).
    private var shapes: [String: Shape] = [:]
    /// How many statements this session sent to the server (each is one round trip).
    package internal(set) var roundTrips = 0
    /// The combined statements' shapes, by their text (``PostgresRoundTrip``).
    var combinedShapes: [String: Shape] = [:]
    /// The column types of the tables plain inserts went into, by table and column.
    var tableColumns: [String: [String: String]] = [:]

    /// A statement text as sent: `$n` placeholders, their count, and whether it answers no rows.
    struct Shape {
        var numbered: String
        var count: Int
        var answersNoRows: Bool
        /// The table of an `INSERT INTO table (…) VALUES (…)` that reads no other table (no
        /// `SELECT`), which may share a round trip with other such inserts (``PostgresRoundTrip``).
        var insertsInto: String?
        /// For a plain one-row insert, its many-rows form (``PostgresInsertRows``).
        var rows: PostgresInsertRows?
        /// The text's number in this session (``PostgresRoundTrip`` keys its combined texts by them).
        var id = 0
    }

    /// The ``Shape`` of `sql`, worked out once per session.
    func shape(_ sql: String) throws -> Shape {
        if let known = shapes[sql] { return known }
        let (numbered, count) = try SQLPlaceholders.numbered(sql)
        let verb = sql.drop { $0.isWhitespace }.prefix(6).uppercased()
        let answersNoRows =
            ["INSERT", "UPDATE", "DELETE"].contains(verb)
            && sql.range(of: "RETURNING", options: .caseInsensitive) == nil
        var shape = Shape(
            numbered: numbered, count: count, answersNoRows: answersNoRows,
            insertsInto: answersNoRows ? PostgresRoundTrip.insertedTable(sql) : nil)
        if shape.insertsInto != nil, let (table, columns) = PostgresInsertRows.parse(sql) {
            guard let types = columnTypes(of: table) else {
                shape.insertsInto = nil  // asked again next time (the transaction may have failed)
                return shape
            }
            shape.rows = PostgresInsertRows(table: table, columns: columns, types: types)
        }
        guard shapes.count < 1_024 else {
            shape.insertsInto = nil  // an uncached text has no number to combine by
            return shape
        }
        shape.id = shapes.count + 1
        shapes[sql] = shape
        return shape
    }

    public var isInsideTransaction: Bool { transactionOpen && !connection.isClosed }
    private var cursors = 0
    /// How many rows ``each(_:_:_:)`` fetches from its cursor at a time.
    package var fetchSize = 2_000
    /// The most rows one answer held since the session opened (tests: a streaming scan holds at
    /// most ``fetchSize``).
    package private(set) var largestAnswer = 0

    init(connection: PostgresConnection, logger: Logger, answerTimeout: TimeAmount) {
        self.connection = connection
        self.logger = logger
        self.answerTimeout = answerTimeout
    }

    /// Opens a connection to `server`, blocking until it is ready.
    /// - Throws: `storage.failure` with the server's reason.
    public static func open(
        _ server: DatabaseLocation.PostgresServer, password: String?, logger: Logger,
        answerTimeout: Duration = .seconds(60)
    ) throws -> PostgresSession {
        do {
            let tls = try PostgresLedgerDatabase.tlsConfiguration(server.sslMode).map {
                PostgresConnection.Configuration.TLS.require(try NIOSSLContext(configuration: $0))
            }
            var configuration = PostgresConnection.Configuration(
                host: server.host, port: server.port, username: server.user, password: password,
                database: server.database, tls: tls ?? .disable)
            configuration.options.connectTimeout = .seconds(10)
            let connection = try PostgresConnection.connect(
                on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: 0,
                logger: logger
            ).wait()
            return PostgresSession(
                connection: connection, logger: logger,
                answerTimeout: .nanoseconds(Int64(answerTimeout / .nanoseconds(1))))
        } catch {
            throw PostgresLedgerDatabase.ledgerError(error)
        }
    }

    /// Closes the connection: waits for the goodbye, except on an event loop thread, where waiting
    /// traps (SIGILL) and the close goes on by itself, the connection kept until it is done
    /// (postgres-nio asserts a connection it frees is closed).
    public func close() {
        guard !connection.isClosed else { return }
        if MultiThreadedEventLoopGroup.currentEventLoop == nil {
            try? connection.close().wait()
        } else {
            let connection = connection
            connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
        }
    }

    // A command that opened the store and returns without closing it still ends its sessions
    // cleanly (the server sees a goodbye, not a dropped socket). The last reference may go on an
    // event loop thread (a writer's session released with the future that answered its last batch,
    // when `lunas serve` stops).
    deinit { close() }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    public func transaction<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        // Named, not the database's default: the writer reads the chain's head after taking its
        // lock, which only a statement snapshot taken after the lock (READ COMMITTED) sees.
        try inTransaction(begin: "BEGIN ISOLATION LEVEL READ COMMITTED", body)
    }

    /// Runs `body` in one read-only transaction on a snapshot taken at its first statement
    /// (`REPEATABLE READ READ ONLY`): every read it makes sees the same committed state.
    public func snapshot<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try inTransaction(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", body)
    }

    private func inTransaction<T>(begin: String, _ body: (PostgresSession) throws -> T) throws -> T {
        // Sent with the transaction's first statement that waits (one exchange for both); a failure
        // to begin is thrown there.
        try flush()
        _ = try send(begin, [])
        transactionOpen = true
        defer { transactionOpen = false }
        do {
            let result = try body(self)
            try flush()
            // PostgreSQL answers COMMIT in a transaction a failed statement aborted with the tag
            // ROLLBACK and no error: a failure nobody saw must not pass for a commit.
            let ended = try query("COMMIT", []).metadata.command
            guard ended == "COMMIT" else {
                throw LedgerError(
                    .storageFailure,
                    "PostgreSQL ended the transaction with \(ended), not COMMIT: a statement in it failed")
            }
            return result
        } catch {
            try? flush()
            _ = try? execute("ROLLBACK", [])
            throw error
        }
    }

    /// Inside a ``transaction(_:)`` or ``snapshot(_:)``, streams the rows through a server-side cursor
    /// (`DECLARE … NO SCROLL CURSOR`, then `FETCH` ``fetchSize`` rows at a time), so a scan of a
    /// table of any size holds one batch; outside one, the whole answer (a cursor needs a
    /// transaction). Other statements may run in `body` between rows.
    public func each(_ sql: String, _ arguments: [SQLValue], _ body: (PostgresStatement) throws -> Void) throws {
        guard transactionOpen else {
            let statement = try prepared(sql)
            for (index, argument) in arguments.enumerated() { statement.bind(Int32(index + 1), argument) }
            while try statement.step() { try body(statement) }
            return
        }
        cursors += 1
        let cursor = "lunas_each_\(cursors)"
        try execute("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)", arguments)
        let fetch = "FETCH \(fetchSize) FROM \(cursor)"
        let statement = try prepared(fetch)
        do {
            while true {
                let batch = try run(fetch, []).rows
                statement.load(batch)
                while try statement.step() { try body(statement) }
                if batch.count < fetchSize { break }
            }
        } catch {
            // After a failed statement the transaction is aborted and the cursor with it.
            _ = try? execute("CLOSE \(cursor)", [])
            throw error
        }
        // Not `try?`: writes `body` queued go with the CLOSE, and their failure is thrown here.
        try execute("CLOSE \(cursor)", [])
    }

    public func prepared(_ sql: String) throws -> PostgresStatement {
        try PostgresStatement(self, sql)
    }

    @discardableResult
    public func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        // The rows are not read: a statement run for its effect may answer a type the ledger does
        // not read (`SELECT pg_notify(…)` answers `void`).
        try query(sql, arguments).metadata.rows ?? 0
    }

    public func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        try run(sql, arguments).rows
    }

    /// Runs one statement and answers its rows and how many rows it changed.
    func run(_ sql: String, _ arguments: [SQLValue]) throws -> (rows: [SQLRow], changes: Int) {
        try answer(try query(sql, arguments))
    }

    /// Runs one statement whose every parameter is one column of many rows (`unnest(?::text[], …)`)
    /// and answers its rows.
    func rows(_ sql: String, columns: [PostgresArray]) throws -> [SQLRow] {
        let shape = try shape(sql)
        guard shape.count == columns.count else {
            throw SQLFailure.engine(
                code: "arguments",
                message: "the statement has \(shape.count) placeholders but \(columns.count) columns: \(sql)")
        }
        var binds = PostgresBindings(capacity: columns.count)
        for column in columns { binds.append(column) }
        return try answer(try query(PostgresQuery(unsafeSQL: shape.numbered, binds: binds))).rows
    }

    /// A statement's rows, decoded, and how many rows it changed.
    private func answer(_ result: PostgresQueryResult) throws -> (rows: [SQLRow], changes: Int) {
        guard let first = result.rows.first else { return ([], result.metadata.rows ?? 0) }
        let columns = first.map { $0.columnName.lowercased() }
        let rows = try result.rows.map { row in SQLRow(columns: columns, values: try row.map(Self.value)) }
        largestAnswer = max(largestAnswer, rows.count)
        return (rows, result.metadata.rows ?? 0)
    }

    public func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepoints += 1
        defer { savepoints -= 1 }
        let name = "ledger_\(savepoints)"
        try execute("SAVEPOINT \(name)", [])
        do {
            let result = try body()
            try flush()
            try execute("RELEASE SAVEPOINT \(name)", [])
            return result
        } catch {
            try? flush()
            try execute("ROLLBACK TO SAVEPOINT \(name)", [])
            try execute("RELEASE SAVEPOINT \(name)", [])
            throw error
        }
    }

    /// A cell as one of the five storage classes.
    static func value(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
        case .bytea: return .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
        case .numeric:
            let text = try cell.decode(Decimal.self).description
            if let integer = Int64(text) { return .integer(integer) }
            if let real = Double(text) { return .real(real) }
            throw SQLFailure.column(cell.columnName, "holds numeric \(text), which is neither an integer nor a double")
        default:
            throw SQLFailure.column(
                cell.columnName, "has PostgreSQL type \(cell.dataType), which the ledger's SQL does not read")
        }
    }

    /// The engine's error in the shared terms: a unique violation (SQLSTATE 23505) names its table
    /// and columns (from the server's detail `Key (a, b)=(…) already exists.`, whose values are not
    /// kept); anything else keeps SQLSTATE and message.
    static func failure(_ error: any Error) -> any Error {
        guard let error = error as? PSQLError else { return error }
        // No answer from the server, or its "terminating connection" (SQLSTATE class 57P).
        guard let server = error.serverInfo else {
            return SQLFailure.connectionLost(PostgresLedgerDatabase.ledgerError(error).message)
        }
        let state = server[.sqlState] ?? "?"
        let message = server[.message] ?? "no message"
        if state.hasPrefix("57P") { return SQLFailure.connectionLost("\(message) [SQLSTATE \(state)]") }
        if state == "23505", let table = server[.tableName], let detail = server[.detail],
            let open = detail.firstIndex(of: "("), let close = detail[open...].firstIndex(of: ")")
        {
            let columns = detail[detail.index(after: open)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return SQLFailure.uniqueViolation(table: table, columns: columns, message: message)
        }
        return SQLFailure.engine(code: state, message: message)
    }
}
