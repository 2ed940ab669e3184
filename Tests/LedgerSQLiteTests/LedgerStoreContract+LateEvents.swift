import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    /// The chart of accounts the late-event contract books with (the demo's shape).
    static let lateChart = """
        {"bank": {"code": "1.1", "name": "Bank"}, "mdrExpense": {"code": "5.1", "name": "MDR"},
         "receivable": {"code": "1.2", "name": "Piutang"}, "suspense": {"code": "2.1", "name": "Titipan"},
         "revenue": {"default": {"code": "4.1", "name": "Retribusi"}}}
        """

    /// Late events for a closed day (issue 14): a payment, a partial refund and a settlement of a
    /// closed day's invoices, recorded after its close, are booked against the next open day naming
    /// the closed one; the closed statement stays as signed; the next day's statement carries them
    /// (with its own partial refund) and books a balanced journal; once that day is closed too, a
    /// later one (a refund, a bank's reversal) lands on the day after.
    static func lateEvents(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-40"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-40", role: .finance))
        _ = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID("SPV-40"), name: "Supervisor", role: .supervisor, zone: "-",
                credentialHash: Device.credentialHash(forToken: "token-SPV-40"), enrolledAt: TestLedger.morning,
                idempotencyKey: "enrol-SPV-40"))
        let finance = LedgerActor.device(Device.ID("FIN-40"))
        let supervisor = LedgerActor.device(Device.ID("SPV-40"))
        let key = ReceiptSigningKey.generate()
        let ring = try ReceiptKeyRing(keys: [.init(label: "k", publicKey: key.publicKey)])
        let sign: @Sendable ([UInt8]) throws -> String = { Data(try key.signature(for: $0)).base64EncodedString() }
        let first = CivilDate(containing: TestLedger.morning, offset: UTCOffset(minutes: 0))
        func bounds(_ date: CivilDate) -> (from: Date, to: Date) {
            let from = TestLedger.morning.addingTimeInterval(Double(date.daysSince1970 - first.daysSince1970) * 86_400)
            return (from, from.addingTimeInterval(86_400))
        }
        func close(_ date: CivilDate) async throws -> DailyStatement {
            let (from, to) = bounds(date)
            let outcome = try await store.closeDay(
                DayCloseRequest(
                    date: date, from: from, to: to, cityID: "ambon", timeZone: "UTC", actor: supervisor,
                    at: to.addingTimeInterval(60), keyID: key.publicKey.keyID.description), sign: sign)
            guard case .closed(let statement) = outcome else { throw LedgerError(.invalidField, "\(date): \(outcome)") }
            return statement
        }
        func refundOf(_ payment: Payment, _ amount: Int64, key: String, at: Date) -> PaymentRefund {
            var made = refund(payment, amount, key: key, by: finance)
            made.refundedAt = at
            return made
        }
        let second = first.adding(days: 1)
        let secondDay = bounds(second)

        // Day one: A paid and settled; B never paid (it expires). The day closes.
        let a = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-40", amount: 5_000)).invoice
        let b = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-40", amount: 3_000)).invoice
        let paidA = try await store.recordPayment(TestLedger.payment(a, rrn: "L1")).payment
        _ = try await store.expireDueInvoices(now: b.expiresAt.addingTimeInterval(1))
        try await importSettlement(store)
        _ = try await store.applySettlementChunk(
            SettlementChunk(
                settlementID: settlementID, firstRow: 0,
                lines: [line(0, .settle, bill: a.billNumber.rawValue, rrn: "L1", gross: 5_000, mdr: 35)], rowCount: 1,
                actor: finance, at: TestLedger.morning.addingTimeInterval(7_200)))
        let closedFirst = try await close(first)
        #expect(try await store.lateEvents(bookedOn: second).isEmpty)

        // Day two: C issued, paid and refunded in part (the day's own partial refund); then, late for
        // day one, B paid after its expiry, A refunded in part, and B settled by the next file.
        let c = try await store.issueInvoice(
            TestLedger.feeDraft(device: "JKR-40", amount: 4_000, at: secondDay.from.addingTimeInterval(3_600))
        ).invoice
        let paidC = try await store.recordPayment(TestLedger.payment(c, rrn: "L3")).payment
        _ = try await store.refundPayment(
            refundOf(paidC, 1_000, key: "late-c", at: secondDay.from.addingTimeInterval(4_000)), requestHash: "hc")
        let paidB = try await store.recordPayment(
            TestLedger.payment(b, rrn: "L2", paidAt: secondDay.from.addingTimeInterval(5_000))
        ).payment
        #expect(paidB.effect == .paidLate)
        let refundA = try await store.refundPayment(
            refundOf(paidA, 2_000, key: "late-a", at: secondDay.from.addingTimeInterval(6_000)), requestHash: "ha")
        #expect(refundA.invoice.status == .settled, "a partial refund leaves the status")
        let nextFile = "stl-" + String(repeating: "ef", count: 16)
        try await importSettlement(store, id: nextFile)
        _ = try await store.applySettlementChunk(
            SettlementChunk(
                settlementID: nextFile, firstRow: 0,
                lines: [
                    line(0, .settle, bill: b.billNumber.rawValue, rrn: "L2", gross: 3_000, mdr: 21, id: nextFile),
                    line(1, .settle, bill: c.billNumber.rawValue, rrn: "L3", gross: 4_000, mdr: 28, id: nextFile),
                ], rowCount: 2, actor: finance, at: secondDay.from.addingTimeInterval(7_000)))

        let late = try await store.lateEvents(about: first)
        #expect(late.map(\.kind) == [.payment, .refund, .settlement], "\(late)")
        #expect(late.allSatisfy { $0.closedDate == first && $0.bookedDate == second }, "\(late)")
        #expect(late.map(\.invoiceID) == [b.id, a.id, b.id])
        #expect(late.map(\.paymentID) == [paidB.id, paidA.id, nil])
        #expect(late.map(\.amount.value) == [3_000, 2_000, 3_000])
        #expect(late.last?.mdr == Rupiah(21) && late.last?.net == Rupiah(2_979))
        #expect(late.allSatisfy { !$0.extra && $0.revenueLine == "fee:RET-PASAR" })
        #expect(Set(late.map(\.sequence)).count == 3 && late.map(\.sequence) == late.map(\.sequence).sorted())
        #expect(try await store.lateEvents(bookedOn: second) == late)
        #expect(try await store.lateEvents(about: second).isEmpty)
        // Day one's statement is as signed, and still verifies.
        #expect(try await store.closedDay(first) == closedFirst)
        #expect(closedFirst.signatureProblem(ring: ring) == nil)
        #expect(closedFirst.figures["lateAdjustments"] == nil)
        // The day's refunds: only C's (A belongs to day one).
        let refundsOfSecond = try await store.refunds(issuedFrom: secondDay.from, to: secondDay.to)
        #expect(refundsOfSecond.map(\.amount.value) == [1_000])

        // Day two closes with the late lines and its partial refund; the journal balances.
        let closedSecond = try await close(second)
        #expect(closedSecond.signatureProblem(ring: ring) == nil)
        #expect(try closedSecond.lateAdjustments == late)
        let figures = closedSecond.figures
        #expect(
            figures["lateAdjustments"]?["byKind"]?["payment"] == .object(["count": .int(1), "amount": .int(3_000)]))
        #expect(figures["revenue"]?["partiallyRefunded"] == .int(1_000))
        #expect(figures["invoices"]?["partiallyRefunded"] == .int(1))
        #expect(figures["invoices"]?["issued"] == .int(1), "day two's own invoices are C alone")
        let journal = try DayJournal(
            statement: closedSecond, accounts: try ChartOfAccounts(json: Data(lateChart.utf8)))
        #expect(journal.totalDebit == journal.totalCredit)
        let lateLines = journal.lines.filter { $0.memo.contains("hari \(first)") }
        #expect(lateLines.reduce(0) { $0 + $1.debit.value } == 8_000, "\(journal.lines)")
        #expect(
            journal.lines.contains { $0.memo == "Pengembalian sebagian fee:RET-PASAR" && $0.debit == Rupiah(1_000) })
        #expect(try await store.closedDay(first) == closedFirst)

        // With day two closed, a later refund of day one lands on day three.
        _ = try await store.refundPayment(
            refundOf(paidA, 500, key: "later-a", at: secondDay.to.addingTimeInterval(3_600)), requestHash: "hl")
        let later = try await store.lateEvents(about: first)
        #expect(later.count == 4 && later.last?.bookedDate == second.adding(days: 1) && later.last?.kind == .refund)
        #expect(try await store.closedDay(second) == closedSecond)

        // The payer's bank takes part of A's payment back in a later file: a late reversal on day three.
        // (The city refunded A itself before, so the row names the bank's own reference.)
        let thirdFile = "stl-" + String(repeating: "0f", count: 16)
        try await importSettlement(store, id: thirdFile)
        var chargeback = line(0, .reversal, bill: a.billNumber.rawValue, rrn: "L1", gross: 1_000, id: thirdFile)
        chargeback.acquirerReference = "CB-40"
        let reversed = try await store.applySettlementChunk(
            SettlementChunk(
                settlementID: thirdFile, firstRow: 0, lines: [chargeback], rowCount: 1, actor: finance, at: secondDay.to.addingTimeInterval(7_200)))
        #expect(reversed.reversalsRecorded == 1)
        let reversal = try #require(try await store.lateEvents(about: first).last)
        #expect(reversal.kind == .reversal && reversal.paymentID == paidA.id && reversal.amount == Rupiah(1_000))
        #expect(reversal.bookedDate == second.adding(days: 1) && reversal.invoiceID == a.id)
        #expect(try await store.closedDay(first) == closedFirst)
        try await expectIntact(store)
    }
}
