import Foundation

/// How far a settlement file has been applied to the ledger.
///
/// A file is applied in chunks of rows, each chunk one transaction with one `settlement.applied`
/// event; ``appliedRows`` is the high-water mark, so an apply cut off (even by `kill -9`) resumes at
/// the next row and ends in exactly the state of one clean apply.
public struct SettlementApplication: Sendable, Hashable {
    /// The settlement id (`stl-…`).
    public var settlementID: String
    /// How many of the file's rows (from the first) have been applied.
    public var appliedRows: Int64
    /// How many transaction rows the file has.
    public var rowCount: Int64
    /// Invoices settled so far.
    public var settled: Int64
    /// Payments recorded so far (rows for invoices never notified, extra payments).
    public var paymentsRecorded: Int64
    /// Exceptions opened so far.
    public var exceptionsOpened: Int64
    /// Bank reversals recorded so far (`payment.reversed`).
    public var reversalsRecorded: Int64
    /// When the last chunk was applied; nil until the file is complete.
    public var completedAt: Date?
    /// Who applied the last chunk.
    public var actor: LedgerActor
    /// The corrected re-send whose application withdrew this one (``SettlementWithdrawal``); nil while
    /// the file stands.
    public var supersededBy: String?
    /// When the withdrawal completed; nil while the file stands.
    public var withdrawnAt: Date?

    /// Creates a value from its parts.
    public init(
        settlementID: String, appliedRows: Int64, rowCount: Int64, settled: Int64, paymentsRecorded: Int64,
        exceptionsOpened: Int64, completedAt: Date?, actor: LedgerActor, reversalsRecorded: Int64 = 0,
        supersededBy: String? = nil, withdrawnAt: Date? = nil
    ) {
        self.supersededBy = supersededBy
        self.withdrawnAt = withdrawnAt
        self.settlementID = settlementID
        self.appliedRows = appliedRows
        self.rowCount = rowCount
        self.settled = settled
        self.paymentsRecorded = paymentsRecorded
        self.exceptionsOpened = exceptionsOpened
        self.reversalsRecorded = reversalsRecorded
        self.completedAt = completedAt
        self.actor = actor
    }

    /// Whether every row has been applied.
    public var isComplete: Bool { completedAt != nil }
}

/// One chunk's `settlement.applied` event: rows `[fromRow, toRow)` of the file and what they did.
public struct SettlementChunkRecord: Sendable, Hashable {
    /// The settlement id.
    public var settlementID: String
    /// The first row of the chunk.
    public var fromRow: Int64
    /// One past the last row of the chunk.
    public var toRow: Int64
    /// The file's row count.
    public var rowCount: Int64
    /// Invoices this chunk settled.
    public var settled: Int64
    /// Payments this chunk recorded.
    public var paymentsRecorded: Int64
    /// Exceptions this chunk opened.
    public var exceptionsOpened: Int64
    /// Bank reversals this chunk recorded.
    public var reversalsRecorded: Int64
    /// Who applied it.
    public var actor: LedgerActor

    /// Creates a value from its parts.
    public init(
        settlementID: String, fromRow: Int64, toRow: Int64, rowCount: Int64, settled: Int64, paymentsRecorded: Int64,
        exceptionsOpened: Int64, actor: LedgerActor, reversalsRecorded: Int64 = 0
    ) {
        self.settlementID = settlementID
        self.fromRow = fromRow
        self.toRow = toRow
        self.rowCount = rowCount
        self.settled = settled
        self.paymentsRecorded = paymentsRecorded
        self.exceptionsOpened = exceptionsOpened
        self.reversalsRecorded = reversalsRecorded
        self.actor = actor
    }

    /// Whether this chunk completes the file.
    public var completes: Bool { toRow == rowCount }

    /// The event's payload. `reversalsRecorded` is there only when the chunk recorded one (chunks
    /// applied before reversals were recorded have none, and must encode exactly as written).
    var canonical: CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "fromRow": .int(fromRow), "toRow": .int(toRow), "rowCount": .int(rowCount), "settled": .int(settled),
            "paymentsRecorded": .int(paymentsRecorded), "exceptionsOpened": .int(exceptionsOpened),
            "actor": actor.canonical,
        ]
        if reversalsRecorded != 0 { members["reversalsRecorded"] = .int(reversalsRecorded) }
        return .object(members)
    }
}

extension SettlementApplication {
    /// The state after `chunk` (which must start at ``appliedRows``).
    public mutating func add(_ chunk: SettlementChunkRecord, at: Date) {
        appliedRows = chunk.toRow
        rowCount = chunk.rowCount
        settled += chunk.settled
        paymentsRecorded += chunk.paymentsRecorded
        exceptionsOpened += chunk.exceptionsOpened
        reversalsRecorded += chunk.reversalsRecorded
        completedAt = chunk.completes ? at : nil
        actor = chunk.actor
    }

    /// The state after a first chunk.
    public init(first chunk: SettlementChunkRecord, at: Date) {
        self.init(
            settlementID: chunk.settlementID, appliedRows: 0, rowCount: chunk.rowCount, settled: 0,
            paymentsRecorded: 0, exceptionsOpened: 0, completedAt: nil, actor: chunk.actor)
        add(chunk, at: at)
    }
}

extension PayloadReader {
    func settlementChunk(settlementID: String) throws -> SettlementChunkRecord {
        SettlementChunkRecord(
            settlementID: settlementID, fromRow: try int("fromRow"), toRow: try int("toRow"),
            rowCount: try int("rowCount"), settled: try int("settled"), paymentsRecorded: try int("paymentsRecorded"),
            exceptionsOpened: try int("exceptionsOpened"), actor: try object("actor").actorParts(),
            reversalsRecorded: try laterInt("reversalsRecorded") ?? 0)
    }
}

/// What one row of a settlement file asks of the ledger, as the applier read it from the
/// reconciliation (the store re-checks it against the invoice as it is now).
public struct SettlementLine: Sendable, Hashable {
    /// What the row is.
    public enum Kind: Sendable, Hashable {
        /// The bank settled this invoice (`matched`, `late_settlement`, `fee_mismatch`): settle it,
        /// recording the payment first when no notify reported it.
        case settle
        /// A second payment for a bill already paid (`duplicate_payment`): record it as `extra` and
        /// open an exception to refund it.
        case extraPayment
        /// The bank took a payment back (`reversal`): record a reversal against the original payment
        /// (found by bill number and RRN), or open a `reversal` exception when it cannot be recorded.
        case reversal
        /// A row that fits no invoice (`unknown_bill`, `amount_mismatch`): an open exception holding it.
        case exception(ExceptionCase.Category)
    }

    /// Where the row stands.
    public var reference: SettlementRowReference
    /// What the row asks.
    public var kind: Kind
    /// The bill number the row names (as sent; it may not be a valid bill number).
    public var billNumber: String?
    /// The row's RRN.
    public var rrn: String?
    /// The acquirer's own reference for the row, when the profile reads one (`acquirerReference`:
    /// a refund's number): tells a reversal of a refund the city asked for apart from the bank's own.
    public var acquirerReference: String?
    /// The payer's issuer, as the file names it.
    public var issuer: String?
    /// Gross, MDR and net as the file states them (reversals: the amount taken back as gross).
    public var gross: Rupiah
    public var mdr: Rupiah
    public var net: Rupiah
    /// When the citizen paid (the file's transaction time).
    public var paidAt: Date
    /// What the reconciliation said about the row.
    public var detail: String

    /// Creates a value from its parts.
    public init(
        reference: SettlementRowReference, kind: Kind, billNumber: String?, rrn: String?, issuer: String?,
        gross: Rupiah, mdr: Rupiah, net: Rupiah, paidAt: Date, detail: String, acquirerReference: String? = nil
    ) {
        self.reference = reference
        self.kind = kind
        self.billNumber = billNumber
        self.rrn = rrn
        self.issuer = issuer
        self.gross = gross
        self.mdr = mdr
        self.net = net
        self.paidAt = paidAt
        self.detail = detail
        self.acquirerReference = acquirerReference
    }
}

/// A paid invoice the bank has not settled by its settlement date (`paid_not_settled`).
public struct OverdueSettlement: Sendable, Hashable {
    /// The invoice.
    public var invoiceID: Invoice.ID
    /// What the reconciliation said (its settlement date).
    public var detail: String

    /// Creates a value from its parts.
    public init(invoiceID: Invoice.ID, detail: String) {
        self.invoiceID = invoiceID
        self.detail = detail
    }
}

/// One transaction's worth of a settlement file: rows `[firstRow, firstRow + lines.count)`, and, in
/// the chunk that completes the file, the invoices overdue for settlement.
public struct SettlementChunk: Sendable {
    /// The settlement id (`stl-…`); its `settlement.imported` event must exist.
    public var settlementID: String
    /// The index of the first line (must be the file's ``SettlementApplication/appliedRows``).
    public var firstRow: Int64
    /// The rows, in file order.
    public var lines: [SettlementLine]
    /// The file's row count.
    public var rowCount: Int64
    /// Invoices to open `paid_not_settled` exceptions for (only in the completing chunk).
    public var overdue: [OverdueSettlement]
    /// Who applies it.
    public var actor: LedgerActor
    /// When.
    public var at: Date

    /// Creates a value from its parts.
    public init(
        settlementID: String, firstRow: Int64, lines: [SettlementLine], rowCount: Int64,
        overdue: [OverdueSettlement] = [], actor: LedgerActor, at: Date
    ) {
        self.settlementID = settlementID
        self.firstRow = firstRow
        self.lines = lines
        self.rowCount = rowCount
        self.overdue = overdue
        self.actor = actor
        self.at = at
    }
}
