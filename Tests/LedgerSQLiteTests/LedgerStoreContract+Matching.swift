import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    /// `invoicesForMatching` pages through a window in (issue time, id) order, every row once, with the
    /// invoice's own payment (not the extra one) and the fields of the full invoice.
    static func invoicesForMatching(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-31"))
        var issued: [Invoice] = []
        // 59.999 s: one millisecond before the window below, so not in it.
        for second in [0, 59.999, 60, 60, 60, 120, 180, 300] {
            let at = TestLedger.morning.addingTimeInterval(second)
            issued.append(try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-31", at: at)).invoice)
        }
        let paid = issued[3]
        let own = try await store.recordPayment(TestLedger.payment(paid, rrn: "RRN000000031")).payment
        _ = try await store.recordPayment(TestLedger.payment(paid, rrn: "RRN000000032"))
        let from = TestLedger.morning.addingTimeInterval(60)
        let to = TestLedger.morning.addingTimeInterval(300)
        var pages: [[InvoiceMatchingRow]] = []
        var cursor: InvoiceMatchingRow.Cursor?
        repeat {
            let page = try await store.invoicesForMatching(issuedFrom: from, to: to, after: cursor, limit: 2)
            pages.append(page)
            cursor = page.last?.cursor
        } while pages.last?.count == 2
        #expect(pages.map(\.count) == [2, 2, 1])
        let rows = pages.flatMap { $0 }
        let expected = try await store.invoices(issuedFrom: from, to: to)
            .sorted { ($0.issuedAt, $0.id.rawValue) < ($1.issuedAt, $1.id.rawValue) }
        #expect(expected.count == 5)
        #expect(rows.map(\.id) == expected.map(\.id))
        for (row, invoice) in zip(rows, expected) {
            #expect(row.billNumber == invoice.billNumber && row.kind == invoice.kind && row.amount == invoice.amount)
            #expect(row.qrisPayload == invoice.qrisPayload && row.status == invoice.status)
            #expect(row.issuedAt == invoice.issuedAt && row.expiresAt == invoice.expiresAt)
            #expect(row.deviceID == invoice.deviceID && row.feeCode == invoice.feeCode && row.paidAt == invoice.paidAt)
            #expect(row.ticketZone == nil)
        }
        let paidRow = try #require(rows.first { $0.id == paid.id })
        #expect(paidRow.paymentRRN == own.rrn && paidRow.paymentPaidAt == own.paidAt && paidRow.status == .paid)
        #expect(rows.filter { $0.paymentRRN != nil }.count == 1)
        #expect(try await store.invoicesForMatching(issuedFrom: to, to: to, after: nil, limit: 10).isEmpty)
    }
}
