import Foundation
import Ledger
import Reconciliation

/// Applies a reconciled settlement file to the ledger (`POST /api/v1/settlements/{id}/apply`,
/// `lunas settlement apply`): every row becomes a ``SettlementLine`` and goes to the store in chunks
/// of ``chunkSize`` rows, each chunk one transaction.
///
/// - `matched`, `late_settlement`, `fee_mismatch` rows settle their invoice with the file's gross,
///   MDR and net (recording the payment first, source `settlement_file`, when no notify did);
/// - `duplicate_payment` rows record an `extra` payment and open an exception to refund it;
/// - `reversal` rows record a reversal against the payment taken back (or open an exception when
///   it cannot be recorded: no such payment, more than is left of it, an ambiguous row);
/// - `unknown_bill` and `amount_mismatch` rows open an exception holding the row;
/// - `paid_not_settled` invoices whose T+N settlement date has passed open an exception.
///
/// Applying is idempotent (a complete file is answered as it is) and resumable: the store keeps the
/// applied rows' high-water mark, and an apply cut off resumes at the next row.
public struct SettlementApplier: Sendable {
    /// Rows per transaction by default: a chunk of 5,000 rows commits in well under a second here.
    public static let defaultChunkSize = 5_000

    /// The ledger.
    public let store: any LedgerStore
    /// Rows per transaction.
    public let chunkSize: Int

    /// Creates an applier.
    public init(store: any LedgerStore, chunkSize: Int = defaultChunkSize) {
        self.store = store
        self.chunkSize = max(1, chunkSize)
    }

    /// What an apply did.
    public struct Outcome: Sendable {
        /// The file's state after the apply.
        public var application: SettlementApplication
        /// True when the file had been applied completely before: nothing changed.
        public var alreadyApplied: Bool
        /// The applications of older files of the re-send chain that this apply withdrew first (empty
        /// when none was applied, or they were withdrawn before).
        public var withdrawn: [SettlementApplication] = []
    }

    /// Applies the file reconciled in `result` as settlement `settlementID`.
    ///
    /// - Parameters:
    ///   - progress: called after each committed chunk (the command line prints it).
    /// - Throws: the store's errors (`settlement.notImported`, `settlement.outOfOrder`,
    ///   `device.actorNotAllowed`); what committed before stays, and applying again resumes.
    public func apply(
        settlementID: String, result: ReconciliationResult, actor: LedgerActor, now: Date,
        progress: @Sendable (SettlementApplication) async -> Void = { _ in }
    ) async throws -> Outcome {
        var application = try await store.settlementApplication(id: settlementID)
        if let application, application.isComplete { return Outcome(application: application, alreadyApplied: true) }
        // Lines are made a chunk at a time: a million-row file never holds a million of them.
        let rowCount = result.file.rows.count
        let overdue = Self.overdue(in: result, now: now)
        var next = Int(application?.appliedRows ?? 0)
        repeat {
            let end = min(next + chunkSize, rowCount)
            let chunk = SettlementChunk(
                settlementID: settlementID, firstRow: Int64(next),
                lines: Self.lines(of: result, settlementID: settlementID, rows: next..<end), rowCount: Int64(rowCount),
                overdue: end == rowCount ? overdue : [], actor: actor, at: now)
            let applied = try await store.applySettlementChunk(chunk)
            application = applied
            next = Int(applied.appliedRows)
            await progress(applied)
        } while application?.isComplete != true
        return Outcome(application: application!, alreadyApplied: false)
    }

    /// Withdraws what applying `settlementID` did, because the corrected re-send `supersededBy`
    /// replaced it (``LedgerStore/withdrawSettlementChunk(_:)``), ``chunkSize`` invoices and exceptions
    /// a transaction, until the store says the application is withdrawn. Idempotent (a withdrawn file
    /// answers at once) and resumable (a run cut off between chunks continues where the ledger stands).
    ///
    /// - Throws: the store's errors (`settlement.notApplied`, `device.actorNotAllowed`); what committed
    ///   before stays, and withdrawing again resumes.
    /// - Parameters:
    ///   - progress: called after each committed chunk (the command line prints it).
    public func withdraw(
        settlementID: String, supersededBy: String, actor: LedgerActor, now: Date,
        progress: @Sendable (SettlementWithdrawalProgress) async -> Void = { _ in }
    ) async throws -> SettlementApplication {
        var next: Int64 = 0
        while true {
            let step = try await store.withdrawSettlementChunk(
                SettlementWithdrawalChunk(
                    settlementID: settlementID, supersededBy: supersededBy, fromRow: next, limit: chunkSize,
                    actor: actor, at: now))
            if step.chunk != nil { await progress(step) }
            if step.application.isWithdrawn { return step.application }
            next = step.nextRow
        }
    }

    /// Rows `range` of the file (file order) as what each asks of the ledger.
    public static func lines(
        of result: ReconciliationResult, settlementID: String, rows range: Range<Int>
    ) -> [SettlementLine] {
        let rows = result.file.rows
        var lines: [SettlementLine] = []
        lines.reserveCapacity(range.count)
        for index in range {
            let row = rows[index]
            let category = result.rowCategories[index]
            let invoiceIndex = Int(result.rowInvoices[index])
            let invoice = invoiceIndex >= 0 ? result.invoices[invoiceIndex] : nil
            let gross = Rupiah(row.grossAmount.value.magnitude > UInt64(Int64.max) ? 0 : abs(row.grossAmount.value))
            let mdr = row.feeAmount ?? row.netAmount.map { Rupiah(gross.value - $0.value) }
                ?? Rupiah(result.expectedFees[index])
            let net = row.netAmount.map { Rupiah(abs($0.value)) } ?? Rupiah(gross.value - mdr.value)
            let kind: SettlementLine.Kind =
                switch category {
                case .matched, .lateSettlement, .feeMismatch: .settle
                case .duplicatePayment: .extraPayment
                case .reversal: .reversal
                case .amountMismatch: .exception(.amountMismatch)
                case .unknownBill, .unpaidInvoice, .paidNotSettled: .exception(.unknownBill)
                }
            lines.append(
                SettlementLine(
                    reference: SettlementRowReference(
                        settlementID: settlementID, row: Int64(index), location: "line \(row.line)"),
                    kind: kind, billNumber: invoice?.billNumber ?? row.billNumber, rrn: row.rrn, issuer: row.issuer,
                    gross: gross, mdr: mdr, net: net, paidAt: Date(timeIntervalSince1970: Double(row.transactionTime)),
                    detail: result.exception(row: index)?.reason ?? category.explanation,
                    acquirerReference: row.acquirerReference))
        }
        return lines
    }

    /// The `paid_not_settled` invoices whose settlement date (paid day + T+N working days, city
    /// time) is before `now`'s city day.
    public static func overdue(in result: ReconciliationResult, now: Date) -> [OverdueSettlement] {
        let options = result.options
        let today = CivilDate(
            utcSeconds: Int64(now.timeIntervalSince1970.rounded(.down)), offsetSeconds: options.utcOffsetSeconds)
        var overdue: [OverdueSettlement] = []
        for (index, category) in result.invoiceCategories.enumerated() where category == .paidNotSettled {
            let invoice = result.invoices[index]
            guard let paidAt = invoice.paidAt else { continue }
            let paidDay = CivilDate(utcSeconds: paidAt, offsetSeconds: options.utcOffsetSeconds)
            let due = options.calendar.addingWorkingDays(options.settlementDays, to: paidDay)
            guard due < today else { continue }
            overdue.append(
                OverdueSettlement(
                    invoiceID: Invoice.ID(invoice.invoiceID),
                    detail: "paid on \(paidDay), due to settle by \(due) (T+\(options.settlementDays) working days); "
                        + "no settlement row has settled it"))
        }
        return overdue
    }
}
