import Foundation
import Ledger

/// The ledger's store written once for both engines (issue #18): every ``Ledger/LedgerStore``
/// method — validate the request, then one `write` running the shared ``LedgerWrites`` rules or one
/// `read` running ``LedgerQueries`` — and the store's idempotency look-up, complaint book and staff
/// directory are this protocol's extensions. An engine supplies only how a transaction runs:
///
/// - `SQLiteLedgerStore` (LedgerSQLite): its group-committing writer on the database file and the
///   pool's snapshot readers;
/// - `PostgresLedgerStore` (LedgerPostgres): its group-committing writer under the chain's advisory
///   lock and a few reading sessions;
///
/// and its own `verify()` (streaming the events needs the engine's cursors).
///
/// The session is the engine's (`GRDB.Database`, `PostgresSession`); the write state is opaque
/// outside the ledger's modules. Nothing outside them calls ``write(_:)`` or ``read(_:)``: the API
/// and the commands hold `any LedgerStore`.
public protocol SQLLedgerStore: LedgerStore, IdempotencyLookup, ComplaintBook, StaffDirectory {
    /// The engine's session, on which the shared rules run.
    associatedtype Session: SQLSession

    /// The engine's SQL dialect.
    var dialect: SQLDialect { get }

    /// Runs `work` in a write transaction on the chain (batched with other writes as the engine
    /// does) and answers once that transaction committed durably.
    /// - Throws: what `work` throws (nothing of it is kept), or the engine's failure as a
    ///   `LedgerError`.
    /// `intent` names the invoice `work` issues, if it issues one
    /// (``GroupCommitWriter/ClaimAhead``).
    func write<T: Sendable>(
        issuing intent: IssueIntent?, _ work: @escaping @Sendable (Session, inout WriteState) throws -> T
    ) async throws -> T

    /// Runs `work` in one read transaction (a consistent snapshot).
    /// - Throws: what `work` throws, or the engine's failure as a `LedgerError`.
    func read<T: Sendable>(_ work: @escaping @Sendable (Session) throws -> T) async throws -> T
}

extension SQLLedgerStore {
    /// Runs `work`, which issues no invoice, in a write transaction on the chain.
    public func write<T: Sendable>(
        _ work: @escaping @Sendable (Session, inout WriteState) throws -> T
    ) async throws -> T {
        try await write(issuing: nil, work)
    }

    /// The rows one query returns, each decoded by `decode`, in one read.
    func fetchAll<T: Sendable>(
        _ sql: String, arguments: [any SQLValueConvertible] = [], _ decode: @escaping @Sendable (SQLRow) throws -> T
    ) async throws -> [T] {
        let arguments = arguments.map(\.sqlValue)
        return try await read { db in try db.rows(sql, arguments).map(decode) }
    }
}
