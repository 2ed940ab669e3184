import Foundation
import Ledger

/// A ``Ledger/ReplaySpill`` that keeps each kind of record in a table with the ledger table's
/// columns, written by the ledger's own row codec and read back by it: the kinds, their tables,
/// keys and codecs are listed here once for every engine's spill (SQLite's temporary file,
/// PostgreSQL's temporary tables).
package protocol LedgerRowSpill: ReplaySpill {
    /// The session the codec's inserts write through.
    associatedtype Writer: SQLSession
    /// The rows the spill reads back.
    associatedtype Row: PositionalRow

    /// A spill table with the columns of the ledger's `table`, keyed by `key`, whose rows start with
    /// `columns` when read.
    func records<Value>(
        _ table: String, key: String, columns: String, insert: @escaping (Value, Writer) throws -> Void,
        decode: @escaping (Row) throws -> Value
    ) throws -> any ReplaySpillTable<Value>
}

extension LedgerRowSpill {
    package func invoices() throws -> any ReplaySpillTable<Invoice> {
        try records(
            "invoices", key: "id", columns: LedgerRowCodec.invoiceColumns,
            insert: { try LedgerRowCodec.insert($0, $1) },
            decode: { try LedgerRowCodec.invoice($0) })
    }

    package func tickets() throws -> any ReplaySpillTable<ParkingTicket> {
        try records(
            "tickets", key: "id", columns: LedgerRowCodec.ticketColumns, insert: { try LedgerRowCodec.insert($0, $1) },
            decode: { try LedgerRowCodec.ticket($0) })
    }

    package func payments() throws -> any ReplaySpillTable<Payment> {
        try records(
            "payments", key: "id", columns: LedgerRowCodec.paymentColumns,
            insert: { try LedgerRowCodec.insert($0, $1) },
            decode: { try LedgerRowCodec.payment($0) })
    }

    package func paymentExceptions() throws -> any ReplaySpillTable<PaymentException> {
        try records(
            "payment_exceptions", key: "id", columns: LedgerRowCodec.exceptionColumns,
            insert: { try LedgerRowCodec.insert($0, $1) }, decode: { try LedgerRowCodec.exception($0) })
    }

    package func exceptionCases() throws -> any ReplaySpillTable<ExceptionCase> {
        try records(
            "exception_cases", key: "id", columns: LedgerRowCodec.exceptionCaseColumns,
            insert: { try LedgerRowCodec.insertWhole($0, $1) }, decode: { try LedgerRowCodec.exceptionCase($0) })
    }

    package func invoiceSettlements() throws -> any ReplaySpillTable<InvoiceSettlement> {
        try records(
            "invoice_settlements", key: "invoice_id", columns: LedgerRowCodec.invoiceSettlementColumns,
            insert: { try LedgerRowCodec.insert($0, $1) }, decode: { try LedgerRowCodec.invoiceSettlement($0) })
    }

    package func refunds() throws -> any ReplaySpillTable<PaymentRefund> {
        try records(
            "payment_refunds", key: "id", columns: LedgerRowCodec.refundColumns,
            insert: { try LedgerRowCodec.insert($0, $1) }, decode: { try LedgerRowCodec.refund($0) })
    }

    package func idempotencyRecords() throws -> any ReplaySpillTable<IdempotencyRecord> {
        try records(
            "idempotency_keys", key: "key", columns: "key, operation, entity_id, request_hash",
            insert: { try LedgerRowCodec.insert($0, $1) }, decode: { try LedgerRowCodec.idempotency($0) })
    }
}
