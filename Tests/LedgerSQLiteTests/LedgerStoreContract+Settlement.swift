import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    static let settlementID = "stl-" + String(repeating: "ab", count: 16)

    /// A settlement file record for ``settlementID``.
    static func importSettlement(_ store: some LedgerStore, id: String = settlementID) async throws {
        let digest = String(id.dropFirst(4)) + String(repeating: "0", count: 32)
        _ = try await store.recordSettlementFile(
            SettlementFileRecord(
                settlementID: id, sha256: digest, byteCount: 100, profile: "lunas-simulator",
                archivedAs: "settlements/\(id)/original.gz", importedAt: TestLedger.morning, actor: .serverOperator))
    }

    static func line(
        _ row: Int64, _ kind: SettlementLine.Kind, bill: String?, rrn: String, gross: Int64, mdr: Int64 = 0,
        paidAt: Date = TestLedger.morning.addingTimeInterval(120), id: String = settlementID
    ) -> SettlementLine {
        SettlementLine(
            reference: SettlementRowReference(settlementID: id, row: row, location: "line \(row + 2)"), kind: kind,
            billNumber: bill, rrn: rrn, issuer: "BANK MALUKU", gross: Rupiah(gross), mdr: Rupiah(mdr),
            net: Rupiah(gross - mdr), paidAt: paidAt, detail: "row \(row)")
    }

    /// Applying a settlement file: every row kind, chunks, idempotency, refusals.
    static func settlementApplication(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-20"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-20", role: .finance))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("AUD-20", role: .auditor))
        let finance = LedgerActor.device(Device.ID("FIN-20"))
        let issue = { (amount: Int64) in
            try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-20", amount: amount)).invoice
        }
        let notified = try await issue(5_000)  // paid by notify, settled by row 0
        _ = try await store.recordPayment(TestLedger.payment(notified, rrn: "N1"))
        let silent = try await issue(6_000)  // never notified, settled by row 1
        let twice = try await issue(7_000)  // paid, row 2 settles it, row 3 is its second payment
        _ = try await store.recordPayment(TestLedger.payment(twice, rrn: "T1"))
        let wrongAmount = try await issue(8_000)  // row 4 settles 8,500
        let cancelled = try await issue(9_000)  // cancelled, then row 5 settles it
        _ = try await store.cancelInvoice(cancelled.id, reason: "wrong plate", at: TestLedger.morning)
        let reversed = try await issue(4_000)  // paid, row 6 takes it all back
        _ = try await store.recordPayment(TestLedger.payment(reversed, rrn: "R1"))
        let overdue = try await issue(3_000)  // paid, never settled: overdue at the end
        _ = try await store.recordPayment(TestLedger.payment(overdue, rrn: "O1"))

        let lines = [
            line(0, .settle, bill: notified.billNumber.rawValue, rrn: "N1", gross: 5_000, mdr: 35),
            line(1, .settle, bill: silent.billNumber.rawValue, rrn: "S1", gross: 6_000, mdr: 42),
            line(2, .settle, bill: twice.billNumber.rawValue, rrn: "T1", gross: 7_000, mdr: 49),
            line(3, .extraPayment, bill: twice.billNumber.rawValue, rrn: "T2", gross: 7_000, mdr: 49),
            line(4, .settle, bill: wrongAmount.billNumber.rawValue, rrn: "W1", gross: 8_500),
            line(5, .settle, bill: cancelled.billNumber.rawValue, rrn: "C1", gross: 9_000),
            line(6, .reversal, bill: reversed.billNumber.rawValue, rrn: "R1", gross: 4_000),
            line(7, .exception(.unknownBill), bill: "NOSUCHBILL", rrn: "U1", gross: 1_000),
        ]
        let at = TestLedger.morning.addingTimeInterval(86_400 * 3)
        let chunk = { (first: Int, count: Int, actor: LedgerActor) in
            SettlementChunk(
                settlementID: settlementID, firstRow: Int64(first), lines: Array(lines[first..<(first + count)]),
                rowCount: Int64(lines.count),
                overdue: first + count == lines.count ? [OverdueSettlement(invoiceID: overdue.id, detail: "late")] : [],
                actor: actor, at: at)
        }

        // Refused before anything is written: a file never imported, an auditor, an attendant.
        await expectError(.settlementNotImported) { _ = try await store.applySettlementChunk(chunk(0, 3, finance)) }
        try await importSettlement(store)
        let before = try await eventCount(store)
        await expectError(.actorNotAllowed) {
            _ = try await store.applySettlementChunk(chunk(0, 3, .device(Device.ID("AUD-20"))))
        }
        await expectError(.actorNotAllowed) {
            _ = try await store.applySettlementChunk(chunk(0, 3, .device(Device.ID("JKR-20"))))
        }
        // A chunk that does not start where the applied rows end.
        await expectError(.settlementOutOfOrder) { _ = try await store.applySettlementChunk(chunk(3, 5, finance)) }
        #expect(try await eventCount(store) == before)
        #expect(try await store.settlementApplication(id: settlementID) == nil)

        let first = try await store.applySettlementChunk(chunk(0, 3, finance))
        #expect(first.appliedRows == 3 && !first.isComplete && first.settled == 3 && first.paymentsRecorded == 1)
        await expectError(.settlementOutOfOrder) { _ = try await store.applySettlementChunk(chunk(0, 3, finance)) }
        let done = try await store.applySettlementChunk(chunk(3, 5, finance))
        #expect(done.isComplete && done.appliedRows == 8 && done.rowCount == 8)
        #expect(done.settled == 4)  // notified, silent, twice, cancelled
        #expect(done.paymentsRecorded == 3)  // silent, the second payment of twice, cancelled
        // duplicate payment, amount mismatch, paid-late (cancelled), unknown bill, overdue.
        #expect(done.exceptionsOpened == 5)
        #expect(done.reversalsRecorded == 1)

        // Applying again changes nothing.
        let events = try await eventCount(store)
        #expect(try await store.applySettlementChunk(chunk(0, 3, finance)) == done)
        #expect(try await eventCount(store) == events)

        #expect(try await store.invoice(id: notified.id)?.status == .settled)
        #expect(try await store.invoice(id: silent.id)?.status == .settled)
        #expect(try await store.invoice(id: twice.id)?.status == .settled)
        #expect(try await store.invoice(id: wrongAmount.id)?.status == .issued)
        #expect(try await store.invoice(id: cancelled.id)?.status == .settled)
        #expect(try await store.invoice(id: reversed.id)?.status == .refunded)
        #expect(try await store.invoice(id: overdue.id)?.status == .paid)
        let silentPayments = try await store.payments(invoiceID: silent.id)
        #expect(silentPayments.map(\.source) == [.settlementFile] && silentPayments.map(\.rrn) == ["S1"])
        let settlement = try #require(try await store.invoiceSettlement(invoiceID: notified.id))
        #expect(settlement.entry.gross == Rupiah(5_000) && settlement.entry.mdr == Rupiah(35))
        #expect(settlement.entry.net == Rupiah(4_965) && settlement.entry.reference.location == "line 2")
        let settledEvent = try await store.events(entityID: notified.id.rawValue).last
        #expect(settledEvent?.kind == .invoiceSettled && settledEvent?.payload.contains("\"mdr\":35") == true)

        let open = try await store.exceptionCases(ExceptionQuery(state: .open))
        #expect(
            Set(open.map(\.category)) == [
                .duplicatePayment, .amountMismatch, .paidLate, .unknownBill, .paidNotSettled,
            ])
        let duplicate = try #require(open.first { $0.category == .duplicatePayment })
        let extra = try await store.payments(invoiceID: twice.id).first { $0.rrn == "T2" }
        #expect(extra?.effect == .extra && duplicate.paymentID == extra?.id && duplicate.invoiceID == twice.id)
        #expect(duplicate.settlement?.row == 3 && duplicate.openedBy == finance)
        let reversal = try #require(try await store.refunds(invoiceID: reversed.id).first)
        #expect(reversal.source == .settlementReversal && reversal.settlement?.row == 6 && reversal.actor == finance)
        let unknown = try #require(open.first { $0.category == .unknownBill })
        #expect(unknown.billNumber == "NOSUCHBILL" && unknown.invoiceID == nil && unknown.amount == Rupiah(1_000))
        #expect(try await store.exceptionCases(ExceptionQuery(category: .reversal)).isEmpty)
        #expect(try await store.exceptionCases(ExceptionQuery(invoiceID: twice.id)).map(\.id) == [duplicate.id])
        let pageOne = try await store.exceptionCases(ExceptionQuery(limit: 2))
        let pageTwo = try await store.exceptionCases(ExceptionQuery(after: pageOne.last?.id, limit: 100))
        #expect(pageOne.count == 2 && pageTwo.count == open.count - 2)
        try await expectIntact(store)
    }

    /// Working exceptions: assign, resolve, each resolution's checks.
    static func exceptionWork(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-21"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-21", role: .finance))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("AUD-21", role: .auditor))
        let finance = LedgerActor.device(Device.ID("FIN-21"))
        let target = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-21", amount: 1_000)).invoice
        let paidAt = TestLedger.morning.addingTimeInterval(300)
        // A notify for an unknown bill: its payment exception is an open exception with the same id.
        let recorded = try await store.recordPaymentException(
            PaymentExceptionDraft(
                billNumber: "TYPO" + target.billNumber.rawValue.dropFirst(4), rrn: "M1", issuer: "OVO",
                amount: Rupiah(1_000), paidAt: paidAt, recordedAt: paidAt, source: .acquirerNotification,
                reason: .unknownInvoice, detail: "notify for an unknown bill"))
        let id = ExceptionCase.ID(recorded.exception.id.rawValue)
        let opened = try #require(try await store.exceptionCase(id: id))
        #expect(opened.state == .open && opened.category == .unknownBill && opened.origin == .notify)

        let at = paidAt.addingTimeInterval(600)
        await expectError(.actorNotAllowed) {
            _ = try await store.assignException(id, to: "Rina", actor: .device(Device.ID("AUD-21")), at: at)
        }
        await expectError(.unknownException) {
            _ = try await store.assignException(ExceptionCase.ID("exc_NOPE"), to: "Rina", actor: finance, at: at)
        }
        await expectError(.invalidField) { _ = try await store.assignException(id, to: "", actor: finance, at: at) }
        let assigned = try await store.assignException(id, to: "Rina (keuangan)", actor: finance, at: at)
        #expect(assigned.assignee == "Rina (keuangan)" && assigned.assignedAt == at)
        let events = try await eventCount(store)
        #expect(try await store.assignException(id, to: "Rina (keuangan)", actor: finance, at: at) == assigned)
        #expect(try await eventCount(store) == events)

        // matched_manually needs an invoice, and applies the payment with a notify's checks.
        await expectError(.invalidField) {
            _ = try await store.resolveException(
                id, .init(code: .matchedManually, note: "typo in the bill number", actor: finance, at: at))
        }
        let other = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-21", amount: 2_000)).invoice
        await expectError(.amountMismatch) {
            _ = try await store.resolveException(
                id,
                .init(code: .matchedManually, note: "typo in the bill number", invoiceID: other.id, actor: finance, at: at)
            )
        }
        #expect(try await store.exceptionCase(id: id)?.state == .open)
        #expect(try await store.invoice(id: other.id)?.status == .issued)
        let resolution = ExceptionCase.Resolution(
            code: .matchedManually, note: "typo in the bill number", invoiceID: target.id, actor: finance, at: at)
        let resolved = try await store.resolveException(id, resolution)
        #expect(resolved.state == .resolved && resolved.resolution?.invoiceID == target.id)
        #expect(try await store.invoice(id: target.id)?.status == .paid)
        let manual = try await store.payments(invoiceID: target.id)
        #expect(manual.count == 1 && manual.first?.source.code == "manual" && manual.first?.rrn == "M1")
        // The same resolution again is a repeat; another one is refused.
        #expect(try await store.resolveException(id, resolution) == resolved)
        await expectError(.exceptionAlreadyResolved) {
            _ = try await store.resolveException(id, .init(code: .writtenOff, note: "no", actor: finance, at: at))
        }
        await expectError(.exceptionAlreadyResolved) {
            _ = try await store.assignException(id, to: "Budi", actor: finance, at: at)
        }
        #expect(try await store.exceptionCases(ExceptionQuery(state: .resolved)).map(\.id) == [id])
        #expect(try await store.exceptionCases(ExceptionQuery(state: .open)).isEmpty)

        // Money that needs a decision opens an exception where the notify records it: a second
        // payment (to refund), and a payment for a cancelled invoice (to refund or keep).
        let second = try await store.recordPayment(TestLedger.payment(target, rrn: "M2"))
        #expect(second.payment.effect == .extra)
        let cancelled = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-21", amount: 3_000)).invoice
        _ = try await store.cancelInvoice(cancelled.id, reason: "wrong plate", at: at)
        let late = try await store.recordPayment(TestLedger.payment(cancelled, rrn: "C9"))
        #expect(late.invoice.status == .paidLate)
        let followUps = try await store.exceptionCases(ExceptionQuery(state: .open))
        #expect(followUps.map(\.category).sorted { $0.rawValue < $1.rawValue } == [.duplicatePayment, .paidLate])
        #expect(Set(followUps.compactMap(\.paymentID)) == [second.payment.id, late.payment.id])
        #expect(followUps.allSatisfy { $0.origin == .ledger && $0.openedBy == nil })
        // A repeated notify opens nothing more.
        _ = try await store.recordPayment(TestLedger.payment(target, rrn: "M2"))
        #expect(try await store.exceptionCases(ExceptionQuery(state: .open)).count == 2)
        try await expectIntact(store)
    }
}
