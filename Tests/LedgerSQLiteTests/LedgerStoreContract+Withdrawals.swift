import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    /// The corrected re-send of ``settlementID`` in the withdrawal contracts.
    static let resendFile = "stl-" + String(repeating: "12", count: 16)

    /// One transaction of withdrawing `id` for `resend`.
    static func withdrawChunk(
        _ store: some LedgerStore, _ id: String = settlementID, for resend: String = resendFile, from row: Int64 = 0,
        limit: Int, by actor: LedgerActor, at: Date = TestLedger.morning.addingTimeInterval(86_400 * 3)
    ) async throws -> SettlementWithdrawalProgress {
        try await store.withdrawSettlementChunk(
            SettlementWithdrawalChunk(
                settlementID: id, supersededBy: resend, fromRow: row, limit: limit, actor: actor, at: at))
    }

    /// Withdraws `id` to the end, `limit` a chunk, starting from row 0 (as a run resumed after a crash
    /// does); returns the chunks' events.
    static func withdrawAll(
        _ store: some LedgerStore, _ id: String = settlementID, for resend: String = resendFile, limit: Int,
        by actor: LedgerActor, at: Date = TestLedger.morning.addingTimeInterval(86_400 * 3)
    ) async throws -> [SettlementWithdrawal] {
        var chunks: [SettlementWithdrawal] = []
        var row: Int64 = 0
        for _ in 0..<100 {
            let progress = try await withdrawChunk(store, id, for: resend, from: row, limit: limit, by: actor, at: at)
            chunks += progress.chunk.map { [$0] } ?? []
            if progress.application.isWithdrawn { return chunks }
            row = progress.nextRow
        }
        Issue.record("the withdrawal of \(id) did not end in 100 chunks")
        return chunks
    }

    /// A settlement file replaced by a corrected re-send (issue 14): what its application did is
    /// withdrawn by events, in chunks, resumably and once — its settled invoices go back to `paid`
    /// (`invoice.unsettled`), the open exceptions about its rows are resolved `bank_corrected` naming
    /// the actor, payments and the exceptions about them stay — then the re-send settles anew; the
    /// withdrawn file is never applied again, and `ledger verify` passes at every step.
    static func settlementWithdrawal(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-50"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-50", role: .finance))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("AUD-50", role: .auditor))
        let finance = LedgerActor.device(Device.ID("FIN-50"))
        let issue = { (amount: Int64) in
            try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-50", amount: amount)).invoice
        }
        let notified = try await issue(5_000)  // notified; settled by both files
        _ = try await store.recordPayment(TestLedger.payment(notified, rrn: "N1"))
        let silent = try await issue(6_000)  // never notified: the old file records its payment
        let twice = try await issue(7_000)  // paid twice: the old file's row 3 is the second payment
        _ = try await store.recordPayment(TestLedger.payment(twice, rrn: "T1"))
        let dropped = try await issue(4_000)  // the re-send does not settle it
        _ = try await store.recordPayment(TestLedger.payment(dropped, rrn: "D1"))
        let old = [
            line(0, .settle, bill: notified.billNumber.rawValue, rrn: "N1", gross: 5_000, mdr: 35),
            line(1, .settle, bill: silent.billNumber.rawValue, rrn: "S1", gross: 6_000, mdr: 42),
            line(2, .settle, bill: twice.billNumber.rawValue, rrn: "T1", gross: 7_000, mdr: 49),
            line(3, .extraPayment, bill: twice.billNumber.rawValue, rrn: "T2", gross: 7_000, mdr: 49),
            line(4, .settle, bill: dropped.billNumber.rawValue, rrn: "D1", gross: 4_000, mdr: 28),
            line(5, .exception(.unknownBill), bill: "NOSUCHBILL", rrn: "U1", gross: 1_000),
        ]
        try await importSettlement(store)
        let applied = try await applyWhole(store, settlementID, old, by: finance)
        #expect(applied.isComplete && applied.settled == 4 && applied.exceptionsOpened == 2)
        let duplicate = try #require(try await store.exceptionCases(ExceptionQuery(category: .duplicatePayment)).first)
        let unknown = try #require(try await store.exceptionCases(ExceptionQuery(category: .unknownBill)).first)

        // Refused, nothing written: the re-send not imported yet, a file never applied, an auditor.
        let before = try await eventCount(store)
        await expectError(.settlementNotImported) { _ = try await withdrawChunk(store, limit: 2, by: finance) }
        try await importSettlement(store, id: resendFile)
        let imported = try await eventCount(store)
        #expect(imported == before + 1)
        await expectError(.settlementNotApplied) {
            _ = try await withdrawChunk(store, resendFile, for: settlementID, limit: 2, by: finance)
        }
        await expectError(.actorNotAllowed) {
            _ = try await withdrawChunk(store, limit: 2, by: .device(Device.ID("AUD-50")))
        }
        #expect(try await eventCount(store) == imported)

        // One chunk of two, then cut off: rows 0 and 1 are withdrawn, the file is not yet.
        let first = try await withdrawChunk(store, limit: 2, by: finance)
        #expect(!first.application.isWithdrawn && first.nextRow == 2)
        #expect(
            first.chunk
                == SettlementWithdrawal(
                    settlementID: settlementID, supersededBy: resendFile, unsettled: 2, exceptionsResolved: 0,
                    complete: false,
                    actor: finance))
        #expect(try await store.invoice(id: notified.id)?.status == .paid)
        #expect(try await store.invoice(id: silent.id)?.status == .paid)
        #expect(try await store.invoice(id: twice.id)?.status == .settled)
        try await expectIntact(store)

        // Resumed from the first row, as a restarted run does: it ends withdrawn.
        let rest = try await withdrawAll(store, limit: 2, by: finance)
        #expect(rest.map(\.unsettled).reduce(0, +) == 2 && rest.map(\.exceptionsResolved).reduce(0, +) == 1)
        #expect(rest.last?.complete == true && rest.dropLast().allSatisfy { !$0.complete })
        let withdrawn = try #require(try await store.settlementApplication(id: settlementID))
        #expect(withdrawn.supersededBy == resendFile && withdrawn.withdrawnAt != nil && withdrawn.isComplete)
        for invoice in [notified, silent, twice, dropped] {
            #expect(try await store.invoice(id: invoice.id)?.status == .paid, "\(invoice.id)")
            let settlement = try await store.invoiceSettlement(invoiceID: invoice.id)
            #expect(settlement?.withdrawnBy == resendFile && settlement?.entry.reference.settlementID == settlementID)
        }
        let unsettled = try #require(try await store.events(entityID: notified.id.rawValue).last)
        #expect(unsettled.kind == .invoiceUnsettled)
        guard case .invoiceUnsettled(_, let entry, let status, let by, let actor) = try unsettled.fact() else {
            Issue.record("not invoice.unsettled: \(unsettled)")
            return
        }
        #expect(entry.mdr == Rupiah(35) && status == .paid && by == resendFile && actor == finance)
        // The row's exception is resolved, naming who and why; the payments and the refund to make stay.
        let resolved = try #require(try await store.exceptionCase(id: unknown.id)?.resolution)
        #expect(resolved.code == .bankCorrected && resolved.actor == finance && resolved.note.contains(resendFile))
        #expect(try await store.exceptionCase(id: duplicate.id)?.state == .open)
        #expect(try await store.payments(invoiceID: silent.id).map(\.source) == [.settlementFile])
        #expect(try await store.payments(invoiceID: twice.id).count == 2)

        // Withdrawing again changes nothing; the withdrawn file is never applied again.
        let settled = try await eventCount(store)
        let again = try await withdrawChunk(store, limit: 2, by: finance)
        #expect(again.chunk == nil && again.application == withdrawn)
        #expect(try await eventCount(store) == settled)
        await expectError(.settlementWithdrawn) { _ = try await applyWhole(store, settlementID, old, by: finance) }
        #expect(try await eventCount(store) == settled)
        try await expectIntact(store)

        // The re-send settles anew (another MDR for the first row); it does not repeat the dropped row.
        let resent = [
            line(0, .settle, bill: notified.billNumber.rawValue, rrn: "N1", gross: 5_000, mdr: 40, id: resendFile),
            line(1, .settle, bill: silent.billNumber.rawValue, rrn: "S1", gross: 6_000, mdr: 42, id: resendFile),
            line(2, .settle, bill: twice.billNumber.rawValue, rrn: "T1", gross: 7_000, mdr: 49, id: resendFile),
            line(3, .extraPayment, bill: twice.billNumber.rawValue, rrn: "T2", gross: 7_000, mdr: 49, id: resendFile),
        ]
        let second = try await applyWhole(store, resendFile, resent, by: finance)
        #expect(second.settled == 3 && second.paymentsRecorded == 0 && second.exceptionsOpened == 0)
        for invoice in [notified, silent, twice] {
            #expect(try await store.invoice(id: invoice.id)?.status == .settled, "\(invoice.id)")
        }
        #expect(try await store.invoice(id: dropped.id)?.status == .paid)
        let now = try #require(try await store.invoiceSettlement(invoiceID: notified.id))
        #expect(now.entry.reference.settlementID == resendFile && now.entry.mdr == Rupiah(40) && now.withdrawnBy == nil)
        #expect(try await store.exceptionCases(ExceptionQuery(category: .duplicatePayment)).map(\.id) == [duplicate.id])
        try await expectIntact(store)
    }

    /// A file applied only in part, then replaced: its withdrawal completes, its rows are never applied
    /// further, and it no longer blocks closing the day as an incomplete application.
    static func partialWithdrawal(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-51"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-51", role: .finance))
        let finance = LedgerActor.device(Device.ID("FIN-51"))
        let a = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-51", amount: 5_000)).invoice
        _ = try await store.recordPayment(TestLedger.payment(a, rrn: "A1"))
        let lines = [
            line(0, .settle, bill: a.billNumber.rawValue, rrn: "A1", gross: 5_000, mdr: 35),
            line(1, .exception(.unknownBill), bill: "NOSUCHBILL", rrn: "U2", gross: 1_000),
        ]
        try await importSettlement(store)
        let part = try await store.applySettlementChunk(
            SettlementChunk(
                settlementID: settlementID, firstRow: 0, lines: [lines[0]], rowCount: 2, actor: finance,
                at: TestLedger.morning.addingTimeInterval(7_200)))
        #expect(!part.isComplete)
        let day = (
            from: TestLedger.morning.addingTimeInterval(-3_600), to: TestLedger.morning.addingTimeInterval(80_000)
        )
        #expect(try await store.dayBlockers(from: day.from, to: day.to).contains { $0.kind == .settlementIncomplete })
        try await importSettlement(store, id: resendFile)
        let chunks = try await withdrawAll(store, limit: 5, by: finance)
        #expect(chunks.count == 1 && chunks.first?.unsettled == 1 && chunks.first?.complete == true)
        #expect(try await store.invoice(id: a.id)?.status == .paid)
        #expect(
            !(try await store.dayBlockers(from: day.from, to: day.to).contains { $0.kind == .settlementIncomplete }))
        await expectError(.settlementWithdrawn) {
            _ = try await store.applySettlementChunk(
                SettlementChunk(
                    settlementID: settlementID, firstRow: 1, lines: [lines[1]], rowCount: 2, actor: finance,
                    at: TestLedger.morning.addingTimeInterval(7_300)))
        }
        try await expectIntact(store)
    }

    /// A file whose rows settled a closed day's invoice, withdrawn after the close: the withdrawal is a
    /// late event (`unsettlement`) booked against the next open day, as the re-send's settlement is;
    /// the closed statement stays as signed; the next day's statement carries both and its journal
    /// balances.
    static func withdrawalOfClosedDay(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-52"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-52", role: .finance))
        _ = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID("SPV-52"), name: "Supervisor", role: .supervisor, zone: "-",
                credentialHash: Device.credentialHash(forToken: "token-SPV-52"), enrolledAt: TestLedger.morning,
                idempotencyKey: "enrol-SPV-52"))
        let finance = LedgerActor.device(Device.ID("FIN-52"))
        let key = ReceiptSigningKey.generate()
        let ring = try ReceiptKeyRing(keys: [.init(label: "k", publicKey: key.publicKey)])
        let first = CivilDate(containing: TestLedger.morning, offset: UTCOffset(minutes: 0))
        let second = first.adding(days: 1)
        func close(_ date: CivilDate) async throws -> DailyStatement {
            let from = TestLedger.morning.addingTimeInterval(Double(date.daysSince1970 - first.daysSince1970) * 86_400)
            let outcome = try await store.closeDay(
                DayCloseRequest(
                    date: date, from: from, to: from.addingTimeInterval(86_400), cityID: "ambon", timeZone: "UTC",
                    actor: .device(Device.ID("SPV-52")), at: from.addingTimeInterval(86_460),
                    keyID: key.publicKey.keyID.description)
            ) { Data(try key.signature(for: $0)).base64EncodedString() }
            guard case .closed(let statement) = outcome else { throw LedgerError(.invalidField, "\(date): \(outcome)") }
            return statement
        }
        let a = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-52", amount: 5_000)).invoice
        _ = try await store.recordPayment(TestLedger.payment(a, rrn: "A1"))
        try await importSettlement(store)
        _ = try await applyWhole(
            store, settlementID, [line(0, .settle, bill: a.billNumber.rawValue, rrn: "A1", gross: 5_000, mdr: 35)],
            by: finance)
        let closedFirst = try await close(first)

        try await importSettlement(store, id: resendFile)
        let later = TestLedger.morning.addingTimeInterval(86_400 + 7_200)
        _ = try await withdrawAll(store, limit: 10, by: finance, at: later)
        _ = try await store.applySettlementChunk(
            SettlementChunk(
                settlementID: resendFile, firstRow: 0,
                lines: [
                    line(0, .settle, bill: a.billNumber.rawValue, rrn: "A1", gross: 5_000, mdr: 40, id: resendFile)
                ],
                rowCount: 1, actor: finance, at: later))
        let late = try await store.lateEvents(about: first)
        #expect(late.map(\.kind) == [.unsettlement, .settlement], "\(late)")
        #expect(late.allSatisfy { $0.invoiceID == a.id && $0.bookedDate == second && $0.amount == Rupiah(5_000) })
        #expect(late.map(\.mdr) == [Rupiah(35), Rupiah(40)])
        #expect(try await store.closedDay(first) == closedFirst)
        #expect(closedFirst.signatureProblem(ring: ring) == nil)

        let closedSecond = try await close(second)
        #expect(try closedSecond.lateAdjustments == late)
        let journal = try DayJournal(statement: closedSecond, accounts: try ChartOfAccounts(json: Data(lateChart.utf8)))
        #expect(journal.totalDebit == journal.totalCredit && journal.totalDebit.value > 0, "\(journal.lines)")
        // Net of the two: the bank holds 5,000 − 40, MDR 40; the first booking's 35 is taken back.
        let mdr = journal.lines.filter { $0.account.code == "5.1" }
        #expect(mdr.reduce(0) { $0 + $1.debit.value - $1.credit.value } == 5, "\(journal.lines)")
        try await expectIntact(store)
    }
}
