import Crypto
import Foundation
import Ledger

/// Reads a settlement file in whatever format its profile names: acquirer CSV/TSV, camt.053/054 or MT940.
///
/// Bank statements become settlement rows so the same matcher applies: the entry's end-to-end id,
/// creditor reference or first unstructured remittance line is the bill number, the account servicer
/// reference (or entry reference) the RRN, the booking date the transaction date and the value date the
/// settlement date. Debits and reversals are reversal rows. Only whole-rupiah IDR entries are accepted.
public struct SettlementReader: Sendable {
    public var profile: SettlementProfile

    /// Creates a reader for `profile`.
    public init(profile: SettlementProfile) { self.profile = profile }

    /// Reads and validates the file at `path`.
    /// - Throws: ``ReconciliationError``; nothing is returned for a malformed file.
    public func read(path: String, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> SettlementFile {
        switch profile.format {
        case .csv, .tsv: return try SettlementCSVReader(profile: profile).read(path: path, progress: progress)
        case .camt, .mt940:
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ReconciliationError(.io, "cannot read \(path)", value: path)
            }
            let statement = try profile.format == .camt ? CamtReader().read(data: data) : MT940Reader().read(data: data)
            return try settlementFile(statement, data: data)
        }
    }

    /// Converts a parsed bank statement into settlement rows.
    public func settlementFile(_ statement: BankStatement, data: Data) throws -> SettlementFile {
        var table = SettlementTable()
        for s in statement.statements {
            for e in s.entries {
                guard e.currency == "IDR" else {
                    throw ReconciliationError(
                        .csvBadValue, "entry at line \(e.line): currency \(e.currency); Lunas reconciles IDR only",
                        field: "currency", position: .init(line: e.line), value: e.currency)
                }
                guard let rupiah = e.amount.minorUnits(exponent: 0), rupiah < 1_000_000_000_000 else {
                    throw ReconciliationError(
                        .csvBadValue,
                        "entry at line \(e.line): amount \(e.amount) is not whole rupiah under Rp1 trillion",
                        field: "amount", position: .init(line: e.line), value: "\(e.amount)")
                }
                guard let booked = e.bookingDate ?? e.valueDate else {
                    throw ReconciliationError(
                        .csvBadValue, "entry at line \(e.line) has neither a booking nor a value date",
                        position: .init(line: e.line))
                }
                let reversal = e.isReversal || !e.isCredit
                let bill =
                    e.endToEndID.flatMap { $0 == "NOTPROVIDED" ? nil : $0 } ?? e.creditorReference ?? e.remittance.first
                table.append(
                    SettlementRow(
                        line: e.line,
                        transactionTime: Int64(booked.daysSince1970) * 86400 - Int64(profile.utcOffsetSeconds),
                        settlementDate: e.valueDate ?? booked,
                        rrn: e.accountServicerReference ?? e.reference ?? "\(s.id)#\(e.line)", billNumber: bill,
                        grossAmount: Rupiah(reversal ? -rupiah : rupiah), status: reversal ? .reversal : .success))
            }
        }
        return SettlementFile(
            rows: table, sha256: SHA256.hash(data: data).ledgerHex, byteCount: data.count, profileName: profile.name,
            acquirer: profile.acquirer, statement: statement)
    }
}
