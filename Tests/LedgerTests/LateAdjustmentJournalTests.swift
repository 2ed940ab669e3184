import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// Late events for closed days and partial refunds in the statement and the journal (issue 14,
/// "after close, nothing may change that day's figures silently"): generated days still balance and
/// each late line names its closed day. (A statement signed before these members existed:
/// `LateEventTests.oldStatementVerifies`, with the real `lunas day verify`.)
@Suite("Late adjustments and partial refunds in the statement and the journal")
struct LateAdjustmentJournalTests {
    /// Generated late events of earlier days (money up to Rp50.000.000, MDR ≤ the settled amount).
    static func lateEvents(seed: UInt64) -> [LateEvent] {
        var random = SeededGenerator(seed: seed &+ 7_919)
        let count = Int.random(in: 0...12, using: &random)
        let booked = CivilDate(year: 2026, month: 11, day: 24)!
        return (0..<count).map { index in
            let kind = LateEvent.Kind.allCases.randomElement(using: &random)!
            // A settlement, and a settlement withdrawn for a corrected re-send, carry a row's MDR and no payment.
            let settles = kind == .settlement || kind == .unsettlement
            let amount = Int64.random(in: 1...50_000_000, using: &random)
            let mdr = settles ? Int64.random(in: 0...(amount / 100), using: &random) : 0
            return LateEvent(
                sequence: Int64(100 + index), kind: kind,
                closedDate: booked.adding(days: -Int.random(in: 1...9, using: &random)),
                bookedDate: booked, invoiceID: Invoice.ID("inv_\(index)"),
                paymentID: settles ? nil : Payment.ID("pay_\(index)"),
                revenueLine: DayJournalTests.revenueLines.randomElement(using: &random)!,
                extra: !settles && Int.random(in: 0...4, using: &random) == 0, amount: Rupiah(amount),
                mdr: Rupiah(mdr), net: Rupiah(amount - mdr), recordedAt: Date(ledgerMilliseconds: 1_795_500_000_000))
        }
    }

    /// Generated groups with partial refunds on some paid or settled ones (never above the group's amount).
    static func rowsWithPartialRefunds(seed: UInt64) -> [DayBreakdownRow] {
        var random = SeededGenerator(seed: seed &+ 104_729)
        return DayJournalTests.day(seed: seed, refundedAfterSettlement: false).map { row in
            var row = row
            if [.paid, .paidLate, .settled].contains(row.status), row.amount.value > 0, Bool.random(using: &random) {
                row.partiallyRefunded = Int64.random(in: 1...row.count, using: &random)
                row.partiallyRefundedAmount = Rupiah(Int64.random(in: 1...row.amount.value, using: &random))
            }
            return row
        }
    }

    static func statement(rows: [DayBreakdownRow], late: [LateEvent]) throws -> DailyStatement {
        let base = try DayJournalTests.statement(rows)
        var statement = base
        statement.figures = try DailyStatement.figures(rows: rows, exceptions: [:], lateAdjustments: late)
        return try DailyStatement(canonical: try CanonicalJSON.parse(statement.canonical.text))
    }

    @Test(
        "generated days with partial refunds and late adjustments: debits equal credits, each late line books its own pair",
        arguments: 0..<200)
    func balances(seed: UInt64) throws {
        let accounts = try DayJournalTests.demoAccounts()
        let rows = Self.rowsWithPartialRefunds(seed: seed)
        let late = Self.lateEvents(seed: seed)
        let statement = try Self.statement(rows: rows, late: late)
        let context = "seed \(seed), rows \(rows.count), late \(late.count)"
        #expect(try statement.lateAdjustments == late.sorted { $0.sequence < $1.sequence }, "\(context)")
        let journal = try DayJournal(statement: statement, accounts: accounts)
        #expect(journal.totalDebit == journal.totalCredit, "\(context)")
        #expect(journal.totalDebit.value == journal.lines.reduce(0) { $0 + $1.debit.value }, "\(context)")
        for line in journal.lines {
            #expect((line.debit.value > 0) != (line.credit.value > 0), "\(context): one side per line: \(line)")
        }
        let partly = rows.reduce(0) { $0 + $1.partiallyRefundedAmount.value }
        #expect(DayJournalTests.int(statement.figures["revenue"]?["partiallyRefunded"]) == partly, "\(context)")
        let partlyBooked = journal.lines.filter { $0.memo.hasPrefix("Pengembalian sebagian") }
        #expect(partlyBooked.reduce(0) { $0 + $1.debit.value } == partly, "\(context)")
        #expect(partlyBooked.reduce(0) { $0 + $1.credit.value } == partly, "\(context)")
        // Each late line: its memo names the closed day and the invoice; its debits equal its credits.
        for event in late {
            let mine = journal.lines.filter { $0.memo.hasSuffix("(peristiwa #\(event.sequence))") }
            #expect(!mine.isEmpty, "\(context): \(event)")
            #expect(
                mine.allSatisfy {
                    $0.memo.contains("hari \(event.closedDate)") && $0.memo.contains(event.invoiceID.rawValue)
                })
            #expect(mine.reduce(0) { $0 + $1.debit.value } == event.amount.value, "\(context): \(event)")
            #expect(mine.reduce(0) { $0 + $1.credit.value } == event.amount.value, "\(context): \(event)")
            let suspense = mine.filter { $0.account == accounts.suspense }
            #expect(suspense.isEmpty == !event.extra, "\(context): \(event)")
        }
        // Receivable: late payments and withdrawn settlements in, late settlements out (and the day's
        // outstanding in).
        let outstanding = try #require(DayJournalTests.int(statement.figures["revenue"]?["outstanding"]))
        let latePaid = late.filter { $0.kind == .payment || $0.kind == .unsettlement }.reduce(0) { $0 + $1.amount.value }
        let lateSettled = late.filter { $0.kind == .settlement }.reduce(0) { $0 + $1.amount.value }
        #expect(DayJournalTests.sum(journal.lines, accounts.receivable.code, \.debit) == outstanding + latePaid)
        #expect(DayJournalTests.sum(journal.lines, accounts.receivable.code, \.credit) == lateSettled)
    }

    @Test("a day without late events carries no lateAdjustments member (absent means none)")
    func absentMeansNone() throws {
        let statement = try Self.statement(rows: DayJournalTests.day(seed: 3, refundedAfterSettlement: false), late: [])
        #expect(statement.figures["lateAdjustments"] == nil)
        #expect(try statement.lateAdjustments.isEmpty)
    }

    @Test("a late line reads back from the statement as it was written; a malformed one is named")
    func lineRoundTrip() throws {
        for event in Self.lateEvents(seed: 11) {
            #expect(try LateEvent(canonical: try CanonicalJSON.parse(event.canonical.text)) == event)
        }
        guard case .object(var members) = Self.lateEvents(seed: 11).first?.canonical ?? .null else {
            Issue.record("no generated line")
            return
        }
        members["kind"] = .string("gift")
        #expect(throws: LedgerError.self) { try LateEvent(canonical: .object(members)) }
        members["kind"] = .string("payment")
        members["amount"] = .int(-5)
        do {
            _ = try LateEvent(canonical: .object(members))
            Issue.record("a negative amount was read")
        } catch let error as LedgerError {
            #expect(error.message.contains("amount"), "\(error.message)")
        }
    }
}
