import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    /// Days of the late-line contracts: a supervisor who closes them, a finance device that works
    /// them, and a signing key.
    struct ClosingDays<Store: LedgerStore> {
        let store: Store
        let key = ReceiptSigningKey.generate()
        let finance = LedgerActor.device(Device.ID("FIN-41"))
        let first = CivilDate(containing: TestLedger.morning, offset: UTCOffset(minutes: 0))

        init(_ store: Store) async throws {
            self.store = store
            _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-41"))
            _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-41", role: .finance))
            _ = try await store.enrolDevice(
                DeviceDraft(
                    id: Device.ID("SPV-41"), name: "Supervisor", role: .supervisor, zone: "-",
                    credentialHash: Device.credentialHash(forToken: "token-SPV-41"), enrolledAt: TestLedger.morning,
                    idempotencyKey: "enrol-SPV-41"))
        }

        func bounds(_ date: CivilDate) -> (from: Date, to: Date) {
            let from = TestLedger.morning.addingTimeInterval(Double(date.daysSince1970 - first.daysSince1970) * 86_400)
            return (from, from.addingTimeInterval(86_400))
        }

        func close(_ date: CivilDate) async throws -> DailyStatement {
            let (from, to) = bounds(date)
            let key = key
            let outcome = try await store.closeDay(
                DayCloseRequest(
                    date: date, from: from, to: to, cityID: "ambon", timeZone: "UTC",
                    actor: .device(Device.ID("SPV-41")), at: to.addingTimeInterval(60),
                    keyID: key.publicKey.keyID.description),
                sign: { Data(try key.signature(for: $0)).base64EncodedString() })
            guard case .closed(let statement) = outcome else { throw LedgerError(.invalidField, "\(date): \(outcome)") }
            return statement
        }

        func issue(_ amount: Int64, at: Date = TestLedger.morning) async throws -> Invoice {
            try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-41", amount: amount, at: at)).invoice
        }

        /// Imports settlement file `id` and applies `lines` (all of it) at `at`.
        func apply(_ id: String, _ lines: [SettlementLine], at: Date) async throws -> SettlementApplication {
            try await importSettlement(store, id: id)
            return try await store.applySettlementChunk(
                SettlementChunk(
                    settlementID: id, firstRow: 0, lines: lines, rowCount: Int64(lines.count), actor: finance, at: at))
        }

        func journal(_ statement: DailyStatement) throws -> DayJournal {
            try DayJournal(statement: statement, accounts: try ChartOfAccounts(json: Data(lateChart.utf8)))
        }
    }

    static func file(_ label: String) -> String { "stl-" + String(repeating: label, count: 16) }

    /// An invoice settled by the bank and then reversed in full by it, in one day (issue 14): it was
    /// received and given back (gross and refunds), the bank kept its MDR (the reversal takes back
    /// the gross), and the statement's net no longer counts the settlement's net.
    static func settledThenReversed(_ store: some LedgerStore) async throws {
        let days = try await ClosingDays(store)
        let kept = try await days.issue(6_000)
        let reversed = try await days.issue(10_000)
        _ = try await store.recordPayment(TestLedger.payment(kept, rrn: "K1"))
        _ = try await store.recordPayment(TestLedger.payment(reversed, rrn: "R1"))
        let settledAt = TestLedger.morning.addingTimeInterval(7_200)
        _ = try await days.apply(
            file("a1"),
            [
                line(0, .settle, bill: kept.billNumber.rawValue, rrn: "K1", gross: 6_000, mdr: 42, id: file("a1")),
                line(1, .settle, bill: reversed.billNumber.rawValue, rrn: "R1", gross: 10_000, mdr: 70, id: file("a1")),
            ], at: settledAt)
        let chargeback = line(
            0, .reversal, bill: reversed.billNumber.rawValue, rrn: "R1", gross: 10_000, id: file("a2"))
        #expect(try await days.apply(file("a2"), [chargeback], at: settledAt + 3_600).reversalsRecorded == 1)
        #expect(try await store.invoice(id: reversed.id)?.status == .refunded)

        let statement = try await days.close(days.first)
        let revenue = try #require(statement.figures["revenue"])
        #expect(revenue["gross"] == .int(16_000), "both were received")
        #expect(revenue["refunded"] == .int(10_000))
        #expect(revenue["mdr"] == .int(112), "the bank kept the MDR of both")
        #expect(revenue["refundedMDR"] == .int(70))
        #expect(revenue["net"] == .int(5_958), "only the invoice that stays settled: \(revenue)")
        #expect(statement.figures["invoices"]?["settledAmount"] == .int(6_000))

        let journal = try days.journal(statement)
        #expect(journal.totalDebit == Rupiah(26_000) && journal.totalCredit == Rupiah(26_000), "\(journal.lines)")
        func balance(_ code: String) -> Int64 {
            journal.lines.filter { $0.account.code == code }.reduce(0) { $0 + $1.debit.value - $1.credit.value }
        }
        #expect(balance("1.1") == 5_888, "the bank: 5,958 + 9,930 received, 10,000 taken back")
        #expect(balance("5.1") == 112, "MDR expense: 42 + 70")
        #expect(balance("4.1") == -6_000, "revenue: what stays")
        #expect(
            journal.lines.contains {
                $0.memo == "Diterima fee:RET-PASAR, kemudian dikembalikan" && $0.debit == Rupiah(9_930)
            })
        try await expectIntact(store)
    }

    /// Money moved for a closed day's invoices by the paths that book no `payment`, `settlement`,
    /// `refund` or `reversal` event of their own (issue 14): an invoice refunded by its status
    /// (`refundInvoice`) gives back what is left of its payment as a late refund, with no payment
    /// named; an exception matched by hand to a closed day's invoice records a late payment; an
    /// exception opened and written off after the close moves nothing. All in the transaction of
    /// the fact, and rebuilt by `ledger verify`.
    static func lateLinesOfOtherPaths(_ store: some LedgerStore) async throws {
        let days = try await ClosingDays(store)
        let first = days.first
        let second = first.adding(days: 1)
        let secondDay = days.bounds(second)

        // Day one: A paid and settled, C paid and settled, B never paid (it expires). The day closes.
        let a = try await days.issue(5_000)
        let b = try await days.issue(3_000)
        let c = try await days.issue(4_000)
        let paidA = try await store.recordPayment(TestLedger.payment(a, rrn: "A1")).payment
        _ = try await store.recordPayment(TestLedger.payment(c, rrn: "C1"))
        _ = try await store.expireDueInvoices(now: b.expiresAt.addingTimeInterval(1))
        _ = try await days.apply(
            file("b1"),
            [
                line(0, .settle, bill: a.billNumber.rawValue, rrn: "A1", gross: 5_000, mdr: 35, id: file("b1")),
                line(1, .settle, bill: c.billNumber.rawValue, rrn: "C1", gross: 4_000, mdr: 28, id: file("b1")),
            ], at: TestLedger.morning.addingTimeInterval(7_200))
        let closedFirst = try await days.close(first)

        // Day two: A refunded 2,000 through the acquirer, then refunded by its status (the rest,
        // 3,000, given back outside it); C refunded by its status (all 4,000).
        var partial = refund(paidA, 2_000, key: "late-lines-a", by: days.finance)
        partial.refundedAt = secondDay.from.addingTimeInterval(3_000)
        _ = try await store.refundPayment(partial, requestHash: "h-a")
        let events = try await eventCount(store)
        #expect(
            try await store.refundInvoice(
                a.id, reason: "rest paid back in cash", actor: days.finance, at: secondDay.from + 4_000
            ).status == .refunded)
        #expect(try await eventCount(store) == events + 1, "one event, its late line in the same transaction")
        _ = try await store.refundInvoice(c.id, reason: "wrong fee", actor: days.finance, at: secondDay.from + 4_100)
        var late = try await store.lateEvents(about: first)
        #expect(late.map(\.kind) == [.refund, .refund, .refund], "\(late)")
        #expect(late.map(\.invoiceID) == [a.id, a.id, c.id])
        #expect(late.map(\.paymentID) == [paidA.id, nil, nil])
        #expect(late.map(\.amount.value) == [2_000, 3_000, 4_000])
        #expect(late.allSatisfy { $0.bookedDate == second && !$0.extra && $0.mdr == .zero })

        // A bank row for no bill, paid on day two, matched by hand to B (expired on day one): a late
        // payment of B. A row of the wrong amount for B, written off: no money, no line.
        let unknown = line(
            0, .exception(.unknownBill), bill: "NOSUCHBILL", rrn: "U1", gross: 3_000,
            paidAt: secondDay.from.addingTimeInterval(5_000), id: file("b2"))
        var mismatch = line(
            1, .exception(.amountMismatch), bill: b.billNumber.rawValue, rrn: "M1", gross: 3_500,
            paidAt: secondDay.from.addingTimeInterval(5_100), id: file("b2"))
        mismatch.detail = "3,500 for a 3,000 bill"
        _ = try await days.apply(file("b2"), [unknown, mismatch], at: secondDay.from.addingTimeInterval(6_000))
        let opened = try await store.exceptionCases(ExceptionQuery(state: .open))
        let unknownCase = try #require(opened.first { $0.category == .unknownBill })
        let mismatchCase = try #require(opened.first { $0.category == .amountMismatch })
        #expect(try await store.lateEvents(about: first).count == 3, "opening exceptions moves no money")
        _ = try await store.resolveException(
            mismatchCase.id,
            ExceptionCase.Resolution(
                code: .writtenOff, note: "bank error, below the threshold", actor: days.finance,
                at: secondDay.from.addingTimeInterval(6_500)))
        #expect(try await store.lateEvents(about: first).count == 3, "a write-off moves no money")
        _ = try await store.resolveException(
            unknownCase.id,
            ExceptionCase.Resolution(
                code: .matchedManually, note: "the payer read us the bill number", invoiceID: b.id,
                actor: days.finance, at: secondDay.from.addingTimeInterval(7_000)))
        late = try await store.lateEvents(about: first)
        let matched = try #require(late.last)
        #expect(late.count == 4 && matched.kind == .payment && matched.invoiceID == b.id, "\(late)")
        #expect(matched.amount == Rupiah(3_000) && matched.bookedDate == second && !matched.extra)
        #expect(try await store.payments(invoiceID: b.id).map(\.id) == [try #require(matched.paymentID)])
        #expect(try await store.closedDay(first) == closedFirst)
        try await expectIntact(store)

        // Day two closes with them; its journal balances and books each pair.
        let closedSecond = try await days.close(second)
        #expect(try closedSecond.lateAdjustments == late)
        #expect(
            closedSecond.figures["lateAdjustments"]?["byKind"]?["refund"]
                == .object(["count": .int(3), "amount": .int(9_000)]))
        let journal = try days.journal(closedSecond)
        #expect(journal.totalDebit == journal.totalCredit)
        let lateLines = journal.lines.filter { $0.memo.contains("hari \(first)") }
        #expect(lateLines.reduce(0) { $0 + $1.debit.value } == 12_000, "\(journal.lines)")
        try await expectIntact(store)
    }
}
