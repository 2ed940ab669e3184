import Ledger

/// A settlement file that has been read completely and validated.
public struct SettlementFile: Sendable {
    /// The rows, in file order.
    public var rows: SettlementTable
    /// Lowercase hex SHA-256 of the file's bytes: its identity for idempotent import.
    public var sha256: String
    /// The size of the file in bytes.
    public var byteCount: Int
    /// The profile it was read with.
    public var profileName: String
    /// The acquirer named by the profile.
    public var acquirer: String
    /// Statement metadata for bank statements (camt, MT940); nil for acquirer CSV files.
    public var statement: BankStatement?

    /// Creates a file value.
    public init(
        rows: SettlementTable, sha256: String, byteCount: Int, profileName: String, acquirer: String,
        statement: BankStatement? = nil
    ) {
        self.rows = rows
        self.sha256 = sha256
        self.byteCount = byteCount
        self.profileName = profileName
        self.acquirer = acquirer
        self.statement = statement
    }

    /// The settlement date the file states about itself, apart from its rows: a bank statement's
    /// ``BankStatement/closingDate``. Acquirer CSV files state none (each row carries its own
    /// `settlementDate`), so an empty one needs the date given with it.
    public var statedSettlementDate: CivilDate? { statement?.closingDate }
}
