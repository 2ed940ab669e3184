import Dispatch
import LedgerSQL
import PostgresNIO

/// How statements reach the server (issue #18). postgres-nio runs one statement per round trip
/// (it sends the next after the previous one's answer), and on this store each round trip costs
/// the node two thread wake-ups and the server one; so the writes nobody reads an answer of are
/// queued (``send(_:_:)``), and handed over together when something must wait: consecutive plain
/// inserts into different tables go as one statement (``PostgresRoundTrip``), and the whole queue
/// crosses to the connection's event loop in one hop with one deadline.
extension PostgresSession {
    /// Runs one statement and waits for its answer. Inside a transaction it goes to the server
    /// after the writes queued before it, in the same hand-over; outside one, those are answered
    /// first, so a failed write stops the statements after it as it would in order.
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueryResult {
        try query(try Self.bound(try shape(sql), arguments, sql))
    }

    /// Runs `statement`, bound, and waits for its answer, as ``query(_:_:)``.
    func query(_ statement: PostgresQuery) throws -> PostgresQueryResult {
        if !transactionOpen { try flush() }
        let answer = settle(then: statement)
        if let failure = deferredFailure {
            deferredFailure = nil
            throw failure
        }
        switch answer {
        case .success(let result)?: return result
        case .failure(let error)?: throw Self.failure(error)
        case nil: throw SQLFailure.connectionLost("no answer")
        }
    }

    /// Queues a write whose rows nobody reads (an `INSERT`, `UPDATE` or `DELETE` without
    /// `RETURNING`) without waiting for its answer: it goes to the server with the next statement
    /// that waits. Its failure is thrown by that statement, by ``flush()``, or at the savepoint's
    /// release or the commit, which flush first; so a write's errors still end its savepoint or its
    /// transaction, only later.
    /// - Returns: where its count of changed rows arrives (``changes(of:)``).
    func send(_ sql: String, _ arguments: [SQLValue]) throws -> PostgresQueuedWrite.Changes {
        let shape = try shape(sql)
        try Self.check(shape, arguments, sql)  // a wrong count fails here, not at the hand-over
        let write = PostgresQueuedWrite(sql: sql, arguments: arguments, shape: shape)
        outbox.append(write)
        return write.changes
    }

    /// See ``LedgerSQL/SQLSession/perform(_:_:)``: inside a transaction, a write that answers no rows
    /// is queued (``send(_:_:)``); anything else runs at once.
    public func perform(_ sql: String, _ arguments: [SQLValue]) throws {
        if transactionOpen, try shape(sql).answersNoRows {
            _ = try send(sql, arguments)
        } else {
            try execute(sql, arguments)
        }
    }

    /// The types of `table`'s columns, by name, asked of the catalog once per session, apart from
    /// the queued writes (nil when the question failed, as it does in a failed transaction).
    func columnTypes(of table: String) -> [String: String]? {
        if let known = tableColumns[table] { return known }
        guard let (numbered, _) = try? SQLPlaceholders.numbered(PostgresInsertRows.columnTypesSQL) else { return nil }
        var binds = PostgresBindings(capacity: 1)
        binds.append(table)
        roundTrips += 1
        let answer = Self.handOver(
            [PostgresQuery(unsafeSQL: numbered, binds: binds)], connection, logger, answerTimeout)
        guard case .success(let result)? = answer.first else { return nil }
        var types: [String: String] = [:]
        for row in result.rows {
            let cells = Array(row)
            guard cells.count == 2, case .text(let name) = try? Self.value(cells[0]),
                case .text(let type) = try? Self.value(cells[1])
            else { return nil }
            types[name] = type
        }
        guard !types.isEmpty else { return nil }  // no such table yet: asked again next time
        tableColumns[table] = types
        return types
    }

    /// Hands every queued write to the server and waits for all their answers.
    /// - Throws: the first failure among them, or one kept by an earlier hand-over that could not
    ///   throw (``changes(of:)``).
    func flush() throws {
        _ = settle(then: nil)
        if let failure = deferredFailure {
            deferredFailure = nil
            throw failure
        }
    }

    /// The rows a queued write changed, handing the queue over first if it has not been (0 when
    /// the write failed; its failure is thrown by the next statement that waits).
    func changes(of write: PostgresQueuedWrite.Changes) -> Int {
        if write.count == nil { _ = settle(then: nil) }
        return write.count ?? 0
    }

    /// Hands the queued writes — combined into round trips inside a transaction — and then
    /// `waiting` to the connection in one hop onto its event loop, with one deadline for their
    /// answers (`answerTimeout`: past it they fail with ``LedgerSQL/SQLFailure/connectionLost(_:)``
    /// and the connection is closed), and blocks until every one is answered. Each write's count of
    /// changed rows is delivered; the first failure is kept in `deferredFailure`.
    /// - Returns: `waiting`'s answer (nil without one).
    private func settle(then waiting: PostgresQuery?) -> Result<PostgresQueryResult, any Error>? {
        let trips = transactionOpen ? PostgresRoundTrip.plan(outbox) : outbox.map { PostgresRoundTrip([$0]) }
        outbox.removeAll(keepingCapacity: true)
        var statements: [PostgresQuery] = []
        statements.reserveCapacity(trips.count + 1)
        for trip in trips {
            do {
                let shape = try shape(of: trip)
                guard shape.count == trip.argumentCount else {
                    throw SQLFailure.engine(
                        code: "arguments",
                        message: "a combined write has \(shape.count) placeholders but \(trip.argumentCount) arguments")
                }
                statements.append(PostgresQuery(unsafeSQL: shape.numbered, binds: trip.bindings))
            } catch {
                // Not sendable as planned (it cannot happen for writes that were accepted one by
                // one): nothing is sent, and the failure ends the transaction.
                if deferredFailure == nil { deferredFailure = error }
                for write in trips.flatMap(\.writes) { write.changes.count = 0 }
                return waiting.map { _ in .failure(error) }
            }
        }
        if let waiting { statements.append(waiting) }
        guard !statements.isEmpty else { return nil }
        roundTrips += statements.count
        let answers = Self.handOver(statements, connection, logger, answerTimeout)
        for (trip, answer) in zip(trips, answers) {
            switch answer {
            case .success(let result):
                do {
                    try trip.deliver(result)
                } catch {
                    if deferredFailure == nil { deferredFailure = error }
                }
            case .failure(let error):
                for write in trip.writes { write.changes.count = 0 }
                if deferredFailure == nil { deferredFailure = Self.failure(error) }
            }
        }
        return waiting == nil ? nil : answers.last
    }

    /// Sends `statements` in order in one hop onto the connection's event loop and blocks until all
    /// are answered or `timeout` passed (then the unanswered fail and the connection is closed).
    private static func handOver(
        _ statements: [PostgresQuery], _ connection: PostgresConnection, _ logger: Logger, _ timeout: TimeAmount
    ) -> [Result<PostgresQueryResult, any Error>] {
        let answered = PostgresAnswers()
        connection.eventLoop.execute {
            let loop = connection.eventLoop
            let promises = statements.map { statement in
                let promise = loop.makePromise(of: PostgresQueryResult.self)
                connection.query(statement, logger: logger).cascade(to: promise)
                return promise
            }
            // A promise completed twice keeps its first result.
            let deadline = loop.scheduleTask(in: timeout) {
                let lost = SQLFailure.connectionLost("no answer within \(timeout.nanoseconds / 1_000_000_000) s")
                for promise in promises { promise.fail(lost) }
                connection.close().whenComplete { _ in }
            }
            EventLoopFuture.whenAllComplete(promises.map(\.futureResult), on: loop).whenSuccess { results in
                deadline.cancel()
                answered.deliver(results)
            }
        }
        return answered.wait()
    }

    /// The shape of `trip`'s statement: its one write's, or its combined text's, worked out once per
    /// combination of texts.
    private func shape(of trip: PostgresRoundTrip) throws -> Shape {
        if trip.parts.count == 1, trip.parts[0].writes.count == 1 { return trip.parts[0].writes[0].shape }
        let key = trip.sql
        if let known = combinedShapes[key] { return known }
        let (numbered, count) = try SQLPlaceholders.numbered(key)
        let shape = Shape(numbered: numbered, count: count, answersNoRows: false)
        if combinedShapes.count < 1_024 { combinedShapes[key] = shape }
        return shape
    }

    /// Refuses arguments whose count is not the statement's.
    private static func check(_ shape: Shape, _ arguments: [SQLValue], _ sql: String) throws {
        guard shape.count == arguments.count else {
            throw SQLFailure.engine(
                code: "arguments",
                message: "the statement has \(shape.count) placeholders but \(arguments.count) arguments: \(sql)")
        }
    }

    /// The statement as sent: its `$n` text with `arguments` bound.
    private static func bound(_ shape: Shape, _ arguments: [SQLValue], _ sql: String) throws -> PostgresQuery {
        try check(shape, arguments, sql)
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments { binds.append(argument) }
        return PostgresQuery(unsafeSQL: shape.numbered, binds: binds)
    }
}

/// One hand-over's answers, passed from the connection's event loop to the thread blocked on them.
///
/// `@unchecked Sendable`: `results` is written once, before the semaphore is signalled, and read
/// only after waiting on it.
private final class PostgresAnswers: @unchecked Sendable {
    private let ready = DispatchSemaphore(value: 0)
    private var results: [Result<PostgresQueryResult, any Error>] = []

    func deliver(_ results: [Result<PostgresQueryResult, any Error>]) {
        self.results = results
        ready.signal()
    }

    func wait() -> [Result<PostgresQueryResult, any Error>] {
        ready.wait()
        return results
    }
}
