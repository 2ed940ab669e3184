import Foundation
import Ledger

/// What one write transaction carries from one write to the next: the chain's head after its last
/// event, and how its writes moved the running totals, added to the totals tables just before it
/// commits (``finish(_:)``). A value: a write run in a savepoint works on a copy, kept only when
/// the savepoint is released, so a write that fails leaves neither events nor totals behind.
public struct WriteState: Sendable {
    /// The last event written so far.
    package var chain: ChainHead
    /// The totals the transaction's writes moved.
    package var totals = TotalsDelta()
    /// The numbers taken ahead for the next invoices of the batch (``GroupCommitWriter/ClaimAhead``),
    /// each removed by the invoice it belongs to; nil for one that must find out for itself why it
    /// got none.
    package var claimedAhead: [Invoice.ID: Int64?] = [:]

    package init(chain: ChainHead) {
        self.chain = chain
    }

    /// The state at the start of a write transaction.
    package static func start(_ db: some SQLSession) throws -> WriteState {
        WriteState(chain: try ChainHeadTable.read(db))
    }

    /// Writes the totals moved so far, for a write that reads them (closing a day): a batch's earlier
    /// writes are in the rows but their totals wait for the commit.
    package mutating func writeTotals(_ db: some SQLSession) throws {
        try totals.write(db)
        totals = TotalsDelta()
    }

    /// Writes what the transaction moved: the totals, then the chain's head.
    package mutating func finish(_ db: some SQLSession) throws {
        try writeTotals(db)
        try ChainHeadTable.write(chain, db)
    }
}

/// An invoice a write is about to issue, named to the writer before the write runs so that an
/// engine may claim the keys and take the numbers of several at once (issue #18): the new invoice's
/// id and its idempotency claim, and the device whose next number it takes.
public struct IssueIntent: Sendable {
    package let record: IdempotencyRecord
    package let deviceID: Device.ID

    package init(_ draft: InvoiceDraft, invoiceID: Invoice.ID, requestHash: String) {
        record = IdempotencyRecord(
            key: draft.idempotencyKey, operation: .issueInvoice, entityID: invoiceID.rawValue, requestHash: requestHash)
        deviceID = draft.terms.deviceID
    }

    /// The invoice's id.
    package var invoiceID: Invoice.ID { Invoice.ID(record.entityID) }
}
