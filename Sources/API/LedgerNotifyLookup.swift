import Acquirer
import Foundation
import Ledger

/// The ledger as the notify processor sees it: the invoice by bill number and the RRNs (with their
/// amounts) paid to it.
struct LedgerNotifyLookup: NotifyInvoiceLookup {
    let store: any LedgerStore & IdempotencyLookup

    func invoice(reference: String) async throws -> NotifyInvoiceState? {
        guard let billNumber = try? BillNumber(reference), let invoice = try await store.invoice(billNumber: billNumber)
        else { return nil }
        let payments = try await store.payments(invoiceID: invoice.id)
        return NotifyInvoiceState(
            reference: reference, amount: invoice.amount, expiresAt: invoice.expiresAt,
            recordedRRNs: Set(payments.map(\.rrn)),
            recordedAmounts: Dictionary(payments.map { ($0.rrn, $0.amount) }, uniquingKeysWith: { first, _ in first }))
    }
}
