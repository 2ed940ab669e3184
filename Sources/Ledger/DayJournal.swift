import Foundation

/// A closed day's double-entry journal for the city's accounting, derived from its signed statement
/// (so it never changes after close), booked gross as BPK requires: revenue recognised gross, the
/// MDR as an expense, never netted.
///
/// Per revenue line of the statement (`byRevenueLine`):
/// - settled: debit bank (settled − MDR), debit MDR expense, credit revenue (settled gross);
/// - paid, not yet settled: debit receivable, credit revenue;
/// - refunded: debit bank (received, less the MDR the bank kept when it had settled the invoice
///   before it was given back: `refundedMDR`), debit MDR expense (that fee), credit revenue
///   (received), then debit revenue, credit bank (paid back: the gross);
/// - refunded in part (the invoice still paid or settled): debit revenue, credit bank.
///
/// Then the late adjustments (``LateEvent``) the statement carries, each memo naming the closed day
/// and the invoice; the revenue side of an `extra` payment (paid twice, to give back) is suspense:
/// - late payment: debit receivable, credit revenue (suspense);
/// - late settlement: debit bank (gross − MDR), debit MDR expense, credit receivable (gross);
/// - late refund or reversal: debit revenue (suspense), credit bank.
/// Every group balances, so debits equal credits for every day.
public struct DayJournal: Sendable, Hashable {
    /// One booking.
    public struct Line: Sendable, Hashable {
        public var account: ChartOfAccounts.Account
        public var debit: Rupiah
        public var credit: Rupiah
        /// What it books (Indonesian, for the accountant): `Pendapatan parking:CAR, disetel bank`.
        public var memo: String
    }

    /// The city day.
    public var date: CivilDate
    /// The bookings, in statement order.
    public var lines: [Line]
    /// Sums of the debit and credit columns (equal).
    public var totalDebit: Rupiah
    public var totalCredit: Rupiah

    /// The journal of `statement` with `accounts`.
    /// - Throws: `amount.overflow`, or `event.badPayload` when the statement's figures lack a member.
    ///   A member added after the first statements (`partiallyRefundedAmount`, `lateAdjustments`)
    ///   counts as zero where it is absent.
    public init(statement: DailyStatement, accounts: ChartOfAccounts) throws {
        date = statement.date
        lines = []
        totalDebit = Rupiah(0)
        totalCredit = Rupiah(0)
        guard case .array(let groups)? = statement.figures["byRevenueLine"] else {
            throw LedgerError(.eventBadPayload, "statement \(statement.date): figures.byRevenueLine is missing")
        }
        func amount(_ group: CanonicalJSON, _ key: String, absentIsZero: Bool = false) throws -> Rupiah {
            if absentIsZero, group[key] == nil { return .zero }
            guard case .int(let value)? = group[key], value >= 0 else {
                throw LedgerError(
                    .eventBadPayload, "statement \(statement.date): byRevenueLine.\(key) is not an amount")
            }
            return Rupiah(value)
        }
        for group in groups {
            guard case .string(let line)? = group["revenueLine"] else {
                throw LedgerError(.eventBadPayload, "statement \(statement.date): byRevenueLine.revenueLine is missing")
            }
            let revenue = accounts.revenue(for: line)
            let settled = try amount(group, "settledAmount")
            let outstanding = try amount(group, "outstanding")
            let refunded = try amount(group, "refunded")
            // `refundedMDR` (absent before it existed: zero, the journal those statements always had)
            // is the fee the bank kept on invoices settled and then given back in full.
            let allMDR = try amount(group, "mdr")
            let refundedMDR = min(try amount(group, "refundedMDR", absentIsZero: true), allMDR, refunded)
            let mdr = min(Rupiah(allMDR.value - refundedMDR.value), settled)
            add(accounts.bank, debit: Rupiah(settled.value - mdr.value), "Setelmen bersih \(line)")
            add(accounts.mdrExpense, debit: mdr, "Beban MDR \(line)")
            add(revenue, credit: settled, "Pendapatan \(line), disetel bank")
            add(accounts.receivable, debit: outstanding, "Piutang \(line), dibayar belum disetel")
            add(revenue, credit: outstanding, "Pendapatan \(line), dibayar belum disetel")
            add(
                accounts.bank, debit: Rupiah(refunded.value - refundedMDR.value),
                "Diterima \(line), kemudian dikembalikan")
            add(accounts.mdrExpense, debit: refundedMDR, "Beban MDR \(line), disetel lalu dikembalikan")
            add(revenue, credit: refunded, "Pendapatan \(line), kemudian dikembalikan")
            add(revenue, debit: refunded, "Pengembalian \(line)")
            add(accounts.bank, credit: refunded, "Pengembalian \(line)")
            let partly = try amount(group, "partiallyRefundedAmount", absentIsZero: true)
            add(revenue, debit: partly, "Pengembalian sebagian \(line)")
            add(accounts.bank, credit: partly, "Pengembalian sebagian \(line)")
        }
        for late in try statement.lateAdjustments {
            addLate(late, accounts: accounts)
        }
        var debit = Rupiah(0)
        var credit = Rupiah(0)
        for line in lines {
            debit = try debit.adding(line.debit, what: "journal debits")
            credit = try credit.adding(line.credit, what: "journal credits")
        }
        totalDebit = debit
        totalCredit = credit
    }

    /// The lines of one late adjustment (see the type's summary).
    private mutating func addLate(_ late: LateEvent, accounts: ChartOfAccounts) {
        let revenue = late.extra ? accounts.suspense : accounts.revenue(for: late.revenueLine)
        let about = "\(late.invoiceID) hari \(late.closedDate) (peristiwa #\(late.sequence))"
        switch late.kind {
        case .payment:
            add(accounts.receivable, debit: late.amount, "Pembayaran terlambat \(about)")
            add(revenue, credit: late.amount, "Pembayaran terlambat \(about)")
        case .settlement:
            let mdr = min(late.mdr, late.amount)
            add(accounts.bank, debit: Rupiah(late.amount.value - mdr.value), "Setelmen terlambat bersih \(about)")
            add(accounts.mdrExpense, debit: mdr, "Beban MDR setelmen terlambat \(about)")
            add(accounts.receivable, credit: late.amount, "Setelmen terlambat \(about)")
        case .refund:
            add(revenue, debit: late.amount, "Pengembalian terlambat \(about)")
            add(accounts.bank, credit: late.amount, "Pengembalian terlambat \(about)")
        case .reversal:
            add(revenue, debit: late.amount, "Pembatalan bank terlambat \(about)")
            add(accounts.bank, credit: late.amount, "Pembatalan bank terlambat \(about)")
        case .unsettlement:
            // The settlement's booking reversed: the money is owed again, not in the bank.
            let mdr = min(late.mdr, late.amount)
            add(accounts.receivable, debit: late.amount, "Setelmen ditarik (kiriman koreksi) \(about)")
            add(accounts.bank, credit: Rupiah(late.amount.value - mdr.value), "Setelmen ditarik bersih \(about)")
            add(accounts.mdrExpense, credit: mdr, "Beban MDR setelmen ditarik \(about)")
        }
    }

    private mutating func add(
        _ account: ChartOfAccounts.Account, debit: Rupiah = Rupiah(0), credit: Rupiah = Rupiah(0), _ memo: String
    ) {
        guard debit.value > 0 || credit.value > 0 else { return }
        lines.append(Line(account: account, debit: debit, credit: credit, memo: memo))
    }
}
