import Foundation

/// One chunk's `settlement.withdrawn` event: a settlement file that a corrected re-send replaced
/// (``supersededBy``) has what its application did withdrawn, a chunk at a time, before the re-send
/// is applied (docs/reconciliation.md, "Corrected re-sends").
///
/// The invoices it settled go back to `paid` or `paid_late` (one `invoice.unsettled` event each) and
/// the exceptions it opened about its own rows are resolved `bank_corrected` naming the re-send
/// (`exception.resolved`); this event counts them. The chunk that finds nothing more to withdraw
/// is ``complete``: from then on the file's ``SettlementApplication`` says it was withdrawn.
public struct SettlementWithdrawal: Sendable, Hashable {
    /// The file withdrawn (`stl-…`): the event's entity.
    public var settlementID: String
    /// The corrected re-send that replaced it.
    public var supersededBy: String
    /// Invoices this chunk moved back from `settled`.
    public var unsettled: Int64
    /// Exceptions this chunk resolved `bank_corrected`.
    public var exceptionsResolved: Int64
    /// Whether this chunk completes the withdrawal.
    public var complete: Bool
    /// Who withdrew it (the person or device applying the re-send).
    public var actor: LedgerActor

    /// Creates a value from its parts.
    public init(
        settlementID: String, supersededBy: String, unsettled: Int64, exceptionsResolved: Int64, complete: Bool,
        actor: LedgerActor
    ) {
        self.settlementID = settlementID
        self.supersededBy = supersededBy
        self.unsettled = unsettled
        self.exceptionsResolved = exceptionsResolved
        self.complete = complete
        self.actor = actor
    }

    /// `{"actor","complete","exceptionsResolved","supersededBy","unsettled"}`.
    var canonical: CanonicalJSON {
        .object([
            "actor": actor.canonical, "complete": .bool(complete), "exceptionsResolved": .int(exceptionsResolved),
            "supersededBy": .string(supersededBy), "unsettled": .int(unsettled),
        ])
    }
}

/// What one transaction of a withdrawal asks of the store (``LedgerStore/withdrawSettlementChunk(_:)``).
public struct SettlementWithdrawalChunk: Sendable, Hashable {
    /// The file to withdraw; it must have been applied (wholly or in part).
    public var settlementID: String
    /// The corrected re-send replacing it; it must have been imported.
    public var supersededBy: String
    /// The first settlement row to look at (0, or the previous chunk's ``SettlementWithdrawalProgress/nextRow``):
    /// rows before it were withdrawn by earlier chunks of this run.
    public var fromRow: Int64
    /// At most this many invoices and exceptions in the transaction.
    public var limit: Int
    /// Who withdraws.
    public var actor: LedgerActor
    /// When.
    public var at: Date

    /// Creates a value from its parts.
    public init(
        settlementID: String, supersededBy: String, fromRow: Int64 = 0, limit: Int, actor: LedgerActor, at: Date
    ) {
        self.settlementID = settlementID
        self.supersededBy = supersededBy
        self.fromRow = fromRow
        self.limit = limit
        self.actor = actor
        self.at = at
    }
}

/// What one withdrawal chunk did.
public struct SettlementWithdrawalProgress: Sendable, Hashable {
    /// The file's application afterwards (``SettlementApplication/withdrawnAt`` set once complete).
    public var application: SettlementApplication
    /// The chunk's event, nil when it wrote none (the withdrawal was complete before).
    public var chunk: SettlementWithdrawal?
    /// Where the next chunk starts.
    public var nextRow: Int64

    /// Creates a value from its parts.
    public init(application: SettlementApplication, chunk: SettlementWithdrawal?, nextRow: Int64) {
        self.application = application
        self.chunk = chunk
        self.nextRow = nextRow
    }
}

extension SettlementApplication {
    /// Whether a corrected re-send's application withdrew this one.
    public var isWithdrawn: Bool { withdrawnAt != nil }
}

extension PayloadReader {
    func bool(_ key: String) throws -> Bool {
        guard case .bool(let value) = try value(key) else { throw bad(key, "is not true or false") }
        return value
    }

    /// A `settlement.withdrawn` payload.
    func settlementWithdrawal(settlementID: String) throws -> SettlementWithdrawal {
        SettlementWithdrawal(
            settlementID: settlementID, supersededBy: try string("supersededBy"), unsettled: try int("unsettled"),
            exceptionsResolved: try int("exceptionsResolved"), complete: try bool("complete"),
            actor: try object("actor").actorParts())
    }
}

extension LedgerError.Code {
    /// The settlement file's application was withdrawn for a corrected re-send: apply the re-send.
    public static let settlementWithdrawn = Self("settlement.withdrawn")
    /// The settlement file was never applied, so there is nothing of it to withdraw.
    public static let settlementNotApplied = Self("settlement.notApplied")
}
