import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    static let reversalFileA = "stl-" + String(repeating: "cd", count: 16)
    static let reversalFileB = "stl-" + String(repeating: "ef", count: 16)

    /// Applying `lines` as the whole of settlement `id` in one chunk, by `actor`.
    static func applyWhole(
        _ store: some LedgerStore, _ id: String, _ lines: [SettlementLine], by actor: LedgerActor
    ) async throws -> SettlementApplication {
        try await store.applySettlementChunk(
            SettlementChunk(
                settlementID: id, firstRow: 0, lines: lines, rowCount: Int64(lines.count), actor: actor,
                at: TestLedger.morning.addingTimeInterval(86_400 * 2)))
    }

    /// `reversal` rows of a settlement file: recorded against their payment (full, partial, of an
    /// extra payment, of a settled invoice); never past the payment; a row naming the city's own
    /// refund by its number changes nothing (for another amount it is an exception); ambiguous rows,
    /// and rows for no payment, are exceptions;
    /// applying again and a second file repeating a row take nothing twice; `ledger verify` agrees.
    static func settlementReversals(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-22"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-22", role: .finance))
        let finance = LedgerActor.device(Device.ID("FIN-22"))
        let issue = { (amount: Int64) in
            try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-22", amount: amount)).invoice
        }
        let paid = { (invoice: Invoice, rrn: String) in
            try await store.recordPayment(TestLedger.payment(invoice, rrn: rrn)).payment
        }
        let full = try await issue(5_000)
        let fullPayment = try await paid(full, "F1")
        let partial = try await issue(6_000)
        let partialPayment = try await paid(partial, "P1")
        let twice = try await issue(7_000)
        _ = try await paid(twice, "T1")
        let extra = try await paid(twice, "T2")
        #expect(extra.effect == .extra)
        let settled = try await issue(4_000)
        _ = try await paid(settled, "S1")
        let city = try await issue(8_000)  // the city refunds 3,000 through the acquirer first
        let cityPayment = try await paid(city, "C1")
        let cityRefund = try await store.refundPayment(
            refund(cityPayment, 3_000, key: "r-city", by: finance), requestHash: "h-city")
        #expect(cityRefund.refund.acquirerReference == "RF-r-city")
        let resent = try await issue(9_000)
        _ = try await paid(resent, "Q1")

        func reversal(
            _ row: Int64, _ invoice: Invoice, rrn: String, _ gross: Int64, reference: String? = nil,
            file: String = reversalFileA
        ) -> SettlementLine {
            var made = line(row, .reversal, bill: invoice.billNumber.rawValue, rrn: rrn, gross: gross, id: file)
            made.acquirerReference = reference
            return made
        }
        let fileA = [
            reversal(0, full, rrn: "F1", 5_000),  // all of it: refunded
            reversal(1, partial, rrn: "P1", 2_000, reference: "CB-1"),  // part: stays paid
            reversal(2, partial, rrn: "P1", 5_000),  // more than the 4,000 left: an exception
            reversal(3, twice, rrn: "T2", 7_000),  // the extra payment: the invoice stays paid
            line(4, .settle, bill: settled.billNumber.rawValue, rrn: "S1", gross: 4_000, id: reversalFileA),
            reversal(5, settled, rrn: "S1", 4_000),  // a settled invoice taken back: refunded
            reversal(6, city, rrn: "C1", 3_000, reference: "RF-r-city"),  // the city's own refund: nothing
            reversal(7, city, rrn: "C1", 3_000),  // no number, and the city refunded: ask a person
            reversal(8, full, rrn: "NOPE", 1_000),  // no payment with this RRN: an exception
            reversal(9, resent, rrn: "Q1", 1_000),  // part, without a reference
        ]
        try await importSettlement(store, id: reversalFileA)
        try await importSettlement(store, id: reversalFileB)
        let before = try await eventCount(store)
        let applied = try await applyWhole(store, reversalFileA, fileA, by: finance)
        #expect(applied.isComplete && applied.settled == 1 && applied.paymentsRecorded == 0)
        #expect(applied.reversalsRecorded == 5)  // rows 0, 1, 3, 5, 9
        #expect(applied.exceptionsOpened == 3)  // rows 2, 7, 8

        #expect(try await store.invoice(id: full.id)?.status == .refunded)
        #expect(try await store.invoice(id: partial.id)?.status == .paid)
        #expect(try await store.invoice(id: twice.id)?.status == .paid)
        #expect(try await store.invoice(id: settled.id)?.status == .refunded)
        #expect(try await store.invoice(id: city.id)?.status == .paid)
        #expect(try await store.invoice(id: resent.id)?.status == .paid)

        let fullReversal = try #require(try await store.refunds(invoiceID: full.id).first)
        #expect(fullReversal.source == .settlementReversal && fullReversal.paymentID == fullPayment.id)
        #expect(fullReversal.amount == Rupiah(5_000) && fullReversal.actor == finance)
        #expect(
            fullReversal.settlement == SettlementRowReference(settlementID: reversalFileA, row: 0, location: "line 2"))
        #expect(fullReversal.idempotencyKey == "settlement \(reversalFileA) row 0")
        #expect(fullReversal.partnerRefundNo == "-" && fullReversal.acquirerReference == "-")
        #expect(try await store.paymentRefund(id: fullReversal.id) == fullReversal)
        let fullEvents = try await store.events(entityID: full.id.rawValue).suffix(2)
        #expect(fullEvents.map(\.kind) == [.paymentReversed, .invoiceRefunded])
        #expect(fullEvents.first?.payload.contains(#""source":"settlement_reversal""#) == true)
        #expect(fullEvents.first?.payload.contains(#""location":"line 2""#) == true)

        let partialReversals = try await store.refunds(invoiceID: partial.id)
        #expect(partialReversals.map(\.amount) == [Rupiah(2_000)])
        #expect(partialReversals.first?.acquirerReference == "CB-1")
        #expect(try await store.refunds(invoiceID: twice.id).map(\.paymentID) == [extra.id])
        let duplicate = try #require(
            try await store.exceptionCases(ExceptionQuery(invoiceID: twice.id)).first {
                $0.category == .duplicatePayment
            })
        #expect(duplicate.resolution?.code == .refunded && duplicate.resolution?.actor == finance)
        #expect(duplicate.resolution?.note.contains("reversed by the bank in full") == true)
        #expect(try await store.refunds(invoiceID: city.id).map(\.source) == [.acquirer])

        let reversalCases = try await store.exceptionCases(ExceptionQuery(state: .open, category: .reversal))
        #expect(Set(reversalCases.compactMap(\.settlement?.row)) == [2, 7, 8])
        let over = try #require(reversalCases.first { $0.settlement?.row == 2 })
        #expect(over.paymentID == partialPayment.id && over.detail.contains("Rp4.000 left"), "\(over.detail)")
        let ambiguous = try #require(reversalCases.first { $0.settlement?.row == 7 })
        #expect(ambiguous.paymentID == cityPayment.id && ambiguous.detail.contains(cityRefund.refund.id.rawValue))
        let nowhere = try #require(reversalCases.first { $0.settlement?.row == 8 })
        #expect(nowhere.paymentID == nil && nowhere.detail.contains("no recorded payment"))

        // Applying again changes nothing; the city cannot refund what the bank took back.
        let events = try await eventCount(store)
        #expect(events > before)
        #expect(try await applyWhole(store, reversalFileA, fileA, by: finance) == applied)
        #expect(try await eventCount(store) == events)
        await expectError(.refundExceedsPayment) {
            _ = try await store.refundPayment(
                refund(partialPayment, 4_001, key: "r-partial", by: finance), requestHash: "h-partial")
        }

        // A second file repeating rows: by the same reference, nothing; without one, the same amount
        // that another file reversed is left to a person; past the payment, an exception.
        let fileB = [
            reversal(0, partial, rrn: "P1", 2_000, reference: "CB-1", file: reversalFileB),
            reversal(1, resent, rrn: "Q1", 1_000, file: reversalFileB),
            reversal(2, full, rrn: "F1", 1, file: reversalFileB),
            reversal(3, city, rrn: "C1", 2_000, reference: "RF-r-city", file: reversalFileB),  // not its amount
        ]
        let second = try await applyWhole(store, reversalFileB, fileB, by: finance)
        #expect(second.reversalsRecorded == 0 && second.exceptionsOpened == 3)
        let mismatch = try #require(
            try await store.exceptionCases(ExceptionQuery(category: .reversal)).first {
                $0.settlement == SettlementRowReference(settlementID: reversalFileB, row: 3, location: "line 5")
            })
        #expect(mismatch.detail.contains(cityRefund.refund.id.rawValue), "\(mismatch.detail)")
        #expect(try await store.refunds(invoiceID: city.id).map(\.source) == [.acquirer])
        #expect(try await store.refunds(invoiceID: partial.id).count == 1)
        #expect(try await store.refunds(invoiceID: resent.id).map(\.amount) == [Rupiah(1_000)])
        let repeated = try #require(
            try await store.exceptionCases(ExceptionQuery(invoiceID: resent.id)).first { $0.category == .reversal })
        #expect(repeated.detail.contains("\(reversalFileA) line 11"), "\(repeated.detail)")
        try await expectIntact(store)
    }
}
