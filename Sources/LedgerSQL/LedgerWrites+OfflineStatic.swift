import Foundation
import Ledger

/// Where the acquirer does not pay merchant-made dynamic codes, an offline ticket carries the city's
/// static QRIS and its payment arrives without the bill number (an `unknown_bill` exception). It is
/// matched by amount and time only when exactly one offline static-QRIS bill fits the payment and
/// exactly one such payment fits the bill; otherwise it stays an exception for a person.
package extension LedgerWrites {
    /// Offline bills whose QRIS does not carry their bill number (the static code), unpaid, of
    /// `amount`, payable at `paidAt`.
    private static func staticBillsSQL(_ dialect: SQLDialect) -> String {
        """
        SELECT id FROM invoices
        WHERE source = 'offline' AND status IN ('issued', 'expired') AND amount = ?
            AND issued_ms <= ? AND expires_ms >= ? AND \(dialect.position(of: "bill_number", in: "qris_payload")) = 0
        LIMIT 2
        """
    }

    /// Open payments without a bill number that fits, of `amount`, paid in `[from, to]`.
    private static let unmatchedPaymentsSQL = """
        SELECT id FROM exception_cases
        WHERE category = 'unknown_bill' AND resolution IS NULL AND payment_id IS NULL AND amount = ?
            AND paid_ms BETWEEN ? AND ?
        LIMIT 2
        """

    /// Matches the one unmatched payment that fits a new offline static-QRIS invoice, if exactly one
    /// does and it fits no other bill.
    static func matchStaticPayment(
        for invoice: Invoice, at: Date, _ db: some SQLSession, _ state: inout WriteState
    ) throws
        -> ExceptionCase?
    {
        guard !invoice.qrisPayload.contains(invoice.billNumber.rawValue) else { return nil }
        let payments = try db.strings(
            unmatchedPaymentsSQL,
            [
                invoice.amount.value, invoice.issuedAt.ledgerMilliseconds, invoice.expiresAt.ledgerMilliseconds,
            ])
        guard payments.count == 1, let id = payments.first,
            let exception = try LedgerQueries.exceptionCase(id: ExceptionCase.ID(id), db)
        else { return nil }
        return try matchStatic(exception, at: at, db, &state)
    }

    /// Matches an unmatched payment (`unknown_bill`) to the one offline static-QRIS bill it fits, if
    /// exactly one does and no other unmatched payment fits that bill.
    static func matchStatic(
        _ exception: ExceptionCase, at: Date, _ db: some SQLSession, _ state: inout WriteState
    ) throws
        -> ExceptionCase?
    {
        guard exception.category == .unknownBill, exception.resolution == nil, exception.paymentID == nil,
            let amount = exception.amount, let paidAt = exception.paidAt
        else { return nil }
        let bills = try db.strings(
            staticBillsSQL(db.dialect), [amount.value, paidAt.ledgerMilliseconds, paidAt.ledgerMilliseconds])
        guard bills.count == 1, let id = bills.first,
            let invoice = try LedgerQueries.invoice(where: "id", equals: id, db)
        else { return nil }
        let rivals = try db.strings(
            unmatchedPaymentsSQL,
            [amount.value, invoice.issuedAt.ledgerMilliseconds, invoice.expiresAt.ledgerMilliseconds])
        guard rivals == [exception.id.rawValue] else { return nil }
        let resolution = ExceptionCase.Resolution(
            code: .matchedManually,
            note: "matched by amount and time: the only offline static-QRIS bill that fits (\(invoice.billNumber))",
            invoiceID: invoice.id, actor: .serverOperator, at: at)
        return try resolveException(exception.id, resolution, db, &state)
    }
}
