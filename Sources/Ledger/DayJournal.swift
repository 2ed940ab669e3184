import Foundation

/// A closed day's double-entry journal for the city's accounting, derived from its signed statement
/// (so it never changes after close), booked gross as BPK requires: revenue recognised gross, the
/// MDR as an expense, never netted.
///
/// Per revenue line of the statement (`byRevenueLine`):
/// - settled: debit bank (settled − MDR), debit MDR expense, credit revenue (settled gross);
/// - paid, not yet settled: debit receivable, credit revenue;
/// - refunded: debit bank, credit revenue (received), then debit revenue, credit bank (paid back).
/// Every pair balances, so debits equal credits for every day.
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
    public init(statement: DailyStatement, accounts: ChartOfAccounts) throws {
        date = statement.date
        lines = []
        totalDebit = Rupiah(0)
        totalCredit = Rupiah(0)
        guard case .array(let groups)? = statement.figures["byRevenueLine"] else {
            throw LedgerError(.eventBadPayload, "statement \(statement.date): figures.byRevenueLine is missing")
        }
        func amount(_ group: CanonicalJSON, _ key: String) throws -> Rupiah {
            guard case .int(let value)? = group[key], value >= 0 else {
                throw LedgerError(.eventBadPayload, "statement \(statement.date): byRevenueLine.\(key) is not an amount")
            }
            return Rupiah(value)
        }
        for group in groups {
            guard case .string(let line)? = group["revenueLine"] else {
                throw LedgerError(.eventBadPayload, "statement \(statement.date): byRevenueLine.revenueLine is missing")
            }
            let revenue = accounts.revenue(for: line)
            let settled = try amount(group, "settledAmount")
            let mdr = min(try amount(group, "mdr"), settled)
            let outstanding = try amount(group, "outstanding")
            let refunded = try amount(group, "refunded")
            add(accounts.bank, debit: Rupiah(settled.value - mdr.value), "Setelmen bersih \(line)")
            add(accounts.mdrExpense, debit: mdr, "Beban MDR \(line)")
            add(revenue, credit: settled, "Pendapatan \(line), disetel bank")
            add(accounts.receivable, debit: outstanding, "Piutang \(line), dibayar belum disetel")
            add(revenue, credit: outstanding, "Pendapatan \(line), dibayar belum disetel")
            add(accounts.bank, debit: refunded, "Diterima \(line), kemudian dikembalikan")
            add(revenue, credit: refunded, "Pendapatan \(line), kemudian dikembalikan")
            add(revenue, debit: refunded, "Pengembalian \(line)")
            add(accounts.bank, credit: refunded, "Pengembalian \(line)")
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

    private mutating func add(
        _ account: ChartOfAccounts.Account, debit: Rupiah = Rupiah(0), credit: Rupiah = Rupiah(0), _ memo: String
    ) {
        guard debit.value > 0 || credit.value > 0 else { return }
        lines.append(Line(account: account, debit: debit, credit: credit, memo: memo))
    }
}
