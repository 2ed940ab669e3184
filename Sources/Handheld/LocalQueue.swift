import Foundation
import GRDB
import Ledger

/// The handheld's local SQLite queue (`queue.sqlite` in the state directory): the device's
/// settings, its tickets, every action of the attendant and the offline records waiting for sync.
///
/// WAL with `synchronous=FULL`, and one transaction per action and per batch result: a `kill -9`
/// at any moment leaves either the whole action or none of it, and an acknowledged record is
/// never sent again once its result is stored.
public struct LocalQueue: Sendable {
    let database: DatabaseQueue

    /// Opens (and creates or migrates) the queue at `path`.
    ///
    /// - Throws: ``HandheldError/Code/state`` when the file cannot be opened.
    public static func open(path: String) throws -> LocalQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let database = try DatabaseQueue(path: path, configuration: configuration)
            try migrator.migrate(database)
            return LocalQueue(database: database)
        } catch {
            throw HandheldError(
                .state, "cannot open the local queue \(path): \(error)",
                indonesian: "Antrean lokal \(path) tidak dapat dibuka", field: "--state-dir", cause: error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE shifts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, attendant TEXT, started_at INTEGER NOT NULL,
                        ended_at INTEGER);
                    CREATE TABLE tickets (
                        local_id TEXT PRIMARY KEY NOT NULL, server_id TEXT UNIQUE, plate TEXT NOT NULL,
                        state TEXT NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX tickets_plate ON tickets (plate, state);
                    CREATE TABLE actions (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE,
                        operation TEXT NOT NULL, ticket_local_id TEXT NOT NULL, offline INTEGER NOT NULL,
                        at INTEGER NOT NULL, sequence INTEGER, amount INTEGER, shift_id INTEGER, record TEXT,
                        sync_state TEXT, sync_result TEXT);
                    CREATE INDEX actions_sync ON actions (sync_state, id);
                    """)
        }
        return migrator
    }

    // MARK: Settings

    /// A setting's value, nil when unset.
    public func meta(_ key: MetaKey) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key.rawValue])
        }
    }

    /// Sets (or with nil removes) settings, in one transaction.
    public func setMeta(_ values: [MetaKey: String?]) async throws {
        try await database.write { db in try Self.setMeta(values, db) }
    }

    static func setMeta(_ values: [MetaKey: String?], _ db: Database) throws {
        for (key, value) in values {
            if let value {
                try db.execute(
                    sql:
                        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [key.rawValue, value])
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key.rawValue])
            }
        }
    }

    // MARK: Tickets and actions

    /// Stores one action with the ticket it leaves behind and the settings it changes, in one
    /// transaction. Returns the action's row id.
    @discardableResult
    public func commit(ticket: LocalTicket, action: LocalAction?, meta: [MetaKey: String?] = [:]) async throws -> Int64?
    {
        let body = try String(decoding: JSONEncoder().encode(ticket), as: UTF8.self)
        return try await database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO tickets (local_id, server_id, plate, state, body) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(local_id) DO UPDATE SET server_id = excluded.server_id, plate = excluded.plate,
                    state = excluded.state, body = excluded.body
                    """,
                arguments: [ticket.localID, ticket.serverID, ticket.plate, ticket.state.rawValue, body])
            try Self.setMeta(meta, db)
            guard let action else { return nil }
            try db.execute(
                sql: """
                    INSERT INTO actions (idempotency_key, operation, ticket_local_id, offline, at, sequence, amount,
                    shift_id, record, sync_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    action.idempotencyKey, action.operation.rawValue, action.ticketLocalID, action.offline,
                    action.at.ledgerMilliseconds, action.sequence, action.amount, action.shiftID, action.record,
                    action.syncState?.rawValue,
                ])
            return db.lastInsertedRowID
        }
    }

    /// A ticket by its printed number or the server's id.
    public func ticket(_ id: String) async throws -> LocalTicket? {
        try await database.read { db in
            try String.fetchOne(
                db, sql: "SELECT body FROM tickets WHERE local_id = ? OR server_id = ?", arguments: [id, id]
            ).map(Self.decodeTicket)
        }
    }

    /// The open tickets of a plate on this handheld.
    public func openTickets(plate: String) async throws -> [LocalTicket] {
        try await database.read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM tickets WHERE plate = ? AND state = 'open' ORDER BY rowid",
                arguments: [plate]
            ).map(Self.decodeTicket)
        }
    }

    /// Every ticket of the given local ids.
    func tickets(_ ids: [String]) async throws -> [LocalTicket] {
        try await database.read { db in
            try ids.compactMap { id in
                try String.fetchOne(db, sql: "SELECT body FROM tickets WHERE local_id = ?", arguments: [id])
                    .map(Self.decodeTicket)
            }
        }
    }

    static func decodeTicket(_ body: String) throws -> LocalTicket {
        try JSONDecoder().decode(LocalTicket.self, from: Data(body.utf8))
    }

    /// The actions of a shift (every action when `shiftID` is nil), oldest first.
    public func actions(shiftID: Int64?) async throws -> [LocalAction] {
        try await database.read { db in
            let rows =
                if let shiftID {
                    try Row.fetchAll(
                        db, sql: "SELECT * FROM actions WHERE shift_id = ? ORDER BY id", arguments: [shiftID])
                } else {
                    try Row.fetchAll(db, sql: "SELECT * FROM actions ORDER BY id")
                }
            return rows.map(Self.action)
        }
    }

    /// The next offline records waiting for sync, oldest first.
    public func queued(limit: Int) async throws -> [LocalAction] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM actions WHERE sync_state = 'queued' ORDER BY id LIMIT ?", arguments: [limit]
            ).map(Self.action)
        }
    }

    /// How many offline records wait for sync.
    public func queuedCount() async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM actions WHERE sync_state = 'queued'") ?? 0
        }
    }

    /// Stores the server's results for a batch of records, and the tickets they name, in one
    /// transaction.
    public func storeResults(_ results: [SyncResultUpdate]) async throws {
        try await database.write { db in
            for result in results {
                try db.execute(
                    sql: "UPDATE actions SET sync_state = ?, sync_result = ? WHERE id = ?",
                    arguments: [result.state.rawValue, result.resultJSON, result.actionID])
                guard
                    var ticket = try String.fetchOne(
                        db, sql: "SELECT body FROM tickets WHERE local_id = ?", arguments: [result.ticketLocalID]
                    ).map(Self.decodeTicket)
                else { continue }
                if let serverID = result.ticketID, ticket.serverID == nil { ticket.serverID = serverID }
                if let invoiceID = result.invoiceID { ticket.invoiceID = invoiceID }
                let body = try String(decoding: JSONEncoder().encode(ticket), as: UTF8.self)
                try db.execute(
                    sql: "UPDATE tickets SET server_id = ?, body = ? WHERE local_id = ?",
                    arguments: [ticket.serverID, body, ticket.localID])
            }
        }
    }

    /// Records whether tickets' invoices are paid, in one transaction.
    func setPaid(_ paid: [String: Bool]) async throws {
        try await database.write { db in
            for (localID, isPaid) in paid {
                guard
                    var ticket = try String.fetchOne(
                        db, sql: "SELECT body FROM tickets WHERE local_id = ?", arguments: [localID]
                    ).map(Self.decodeTicket)
                else { continue }
                ticket.paid = isPaid
                let body = try String(decoding: JSONEncoder().encode(ticket), as: UTF8.self)
                try db.execute(sql: "UPDATE tickets SET body = ? WHERE local_id = ?", arguments: [body, localID])
            }
        }
    }

    private static func action(_ row: Row) -> LocalAction {
        LocalAction(
            id: row["id"], idempotencyKey: row["idempotency_key"],
            operation: LocalAction.Operation(rawValue: row["operation"]) ?? .issue,
            ticketLocalID: row["ticket_local_id"], offline: row["offline"],
            at: Date(ledgerMilliseconds: row["at"]), sequence: row["sequence"], amount: row["amount"],
            shiftID: row["shift_id"], record: row["record"],
            syncState: (row["sync_state"] as String?).flatMap(LocalAction.SyncState.init(rawValue:)),
            syncResult: row["sync_result"])
    }

    // MARK: Shifts

    /// Starts a shift (ending an open one) and returns its id.
    public func startShift(attendant: String?, at: Date) async throws -> Int64 {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE shifts SET ended_at = ? WHERE ended_at IS NULL", arguments: [at.ledgerMilliseconds])
            try db.execute(
                sql: "INSERT INTO shifts (attendant, started_at) VALUES (?, ?)",
                arguments: [attendant, at.ledgerMilliseconds])
            return db.lastInsertedRowID
        }
    }

    /// The open shift: its id, attendant and start.
    public func currentShift() async throws -> (id: Int64, attendant: String?, startedAt: Date)? {
        try await database.read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM shifts WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1")
            else { return nil }
            return (row["id"], row["attendant"], Date(ledgerMilliseconds: row["started_at"]))
        }
    }

    /// Ends a shift.
    public func endShift(_ id: Int64, at: Date) async throws {
        try await database.write { db in
            try db.execute(
                sql: "UPDATE shifts SET ended_at = ? WHERE id = ?", arguments: [at.ledgerMilliseconds, id])
        }
    }
}

/// The stored result of one synced record.
public struct SyncResultUpdate: Sendable {
    /// The action's queue row.
    public var actionID: Int64
    /// The ticket it acted on.
    public var ticketLocalID: String
    /// Where the record now stands.
    public var state: LocalAction.SyncState
    /// The server's result object (JSON).
    public var resultJSON: String
    /// The server's ticket id, when it answered one.
    public var ticketID: String?
    /// The server's invoice id, when it answered one.
    public var invoiceID: String?

    /// Creates a result from its parts.
    public init(
        actionID: Int64, ticketLocalID: String, state: LocalAction.SyncState, resultJSON: String, ticketID: String?,
        invoiceID: String?
    ) {
        self.actionID = actionID
        self.ticketLocalID = ticketLocalID
        self.state = state
        self.resultJSON = resultJSON
        self.ticketID = ticketID
        self.invoiceID = invoiceID
    }
}
