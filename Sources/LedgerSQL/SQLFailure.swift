import Ledger

/// Why a statement failed, in terms both engines share.
///
/// The ledger's write functions turn ``uniqueViolation(table:columns:message:)`` into the domain's
/// codes (a second invoice with a used bill number is `invoice.duplicateBillNumber` on SQLite and
/// on PostgreSQL alike); everything else is `storage.failure`.
public enum SQLFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A UNIQUE or PRIMARY KEY constraint refused the row: the table and the constrained columns.
    case uniqueViolation(table: String, columns: [String], message: String)
    /// A column read as a type it does not hold, or not selected.
    case column(String, String)
    /// The connection to the server failed or was lost before an answer came: whether the statement
    /// took effect is unknown until the transaction's outcome is (a transaction that did not commit
    /// did not happen).
    case connectionLost(String)
    /// Anything else the engine reported: its code (SQLite's extended result code, PostgreSQL's
    /// SQLSTATE) and message.
    case engine(code: String, message: String)

    public var description: String {
        switch self {
        case .uniqueViolation(let table, let columns, let message):
            "unique constraint on \(table).\(columns.joined(separator: "+")) refused the row: \(message)"
        case .column(let column, let reason):
            "column \(column) \(reason)"
        case .connectionLost(let reason):
            "the connection to the database was lost: \(reason)"
        case .engine(let code, let message):
            "\(message) [\(code)]"
        }
    }

    /// The ledger's error for this failure: a unique violation on a column the ledger knows is the
    /// domain's duplicate error for its field, anything else `storage.failure`.
    public var ledgerError: LedgerError {
        if case .uniqueViolation(let table, let columns, _) = self {
            for known in Self.knownUniques where known.table == table && known.columns == columns {
                return LedgerError(known.code, known.message, field: known.field, cause: self)
            }
        }
        return LedgerError(.storageFailure, "ledger storage failed: \(description)", cause: self)
    }

    /// The unique constraints whose violation is a domain error rather than a storage failure.
    static let knownUniques:
        [(table: String, columns: [String], code: LedgerError.Code, field: String, message: String)] = [
            ("invoices", ["bill_number"], .duplicateBillNumber, "billNumber", "the bill number was used before"),
            (
                "invoices", ["short_code"], .duplicateBillNumber, "billNumber",
                "the receipt short code derived from the bill number was used before"
            ),
            ("invoices", ["receipt_code"], .duplicateReceiptCode, "receiptCode", "the receipt code was used before"),
            (
                "devices", ["credential_hash"], .duplicateCredential, "credentialHash",
                "another device holds this credential"
            ),
            ("devices", ["id"], .duplicateDeviceID, "id", "a device with this id is already enrolled"),
            (
                "payments", ["bill_number", "rrn"], .duplicateRRN, "rrn",
                "this bill number and RRN were already recorded"
            ),
        ]
}
