import Foundation

/// A place in a bank's settlement file: the file (its settlement id), the row's index among the
/// file's rows, and where a person finds it (`line 17`, or the XML path of a camt.053 entry).
public struct SettlementRowReference: Sendable, Hashable, CustomStringConvertible {
    /// The settlement id (`stl-…`, ``SettlementFileRecord/settlementID``).
    public var settlementID: String
    /// The row's index among the file's transaction rows, from 0.
    public var row: Int64
    /// Where the row stands in the file, as a person reads it (`line 17`, `Ntry[3]/NtryDtls/TxDtls[1]`).
    public var location: String

    /// Creates a value from its parts.
    public init(settlementID: String, row: Int64, location: String) {
        self.settlementID = settlementID
        self.row = row
        self.location = location
    }

    /// `stl-… line 17`.
    public var description: String { "\(settlementID) \(location)" }

    /// Checks the parts before anything is written.
    /// - Throws: `input.invalidField` naming the field.
    func validate(field: String) throws {
        guard settlementID.hasPrefix("stl-"), settlementID.utf8.count == 36 else {
            throw LedgerError(
                .invalidField, "\(field).settlementID must be stl- and 32 hex digits, got \"\(settlementID.prefix(60))\"",
                field: "\(field).settlementID")
        }
        guard row >= 0 else {
            throw LedgerError(.invalidField, "\(field).row must not be negative, got \(row)", field: "\(field).row")
        }
        try LedgerValidation.text(location, field: "\(field).location", maximum: 200)
    }

    var canonical: CanonicalJSON {
        .object(["settlementID": .string(settlementID), "row": .int(row), "location": .string(location)])
    }
}

/// What the acquirer settled for one invoice, as its settlement file states it: gross (what the
/// citizen paid), the merchant discount (MDR) the acquirer kept, and net (what reached the city's
/// account). `gross == mdr + net` for every entry the ledger accepts.
public struct SettlementEntry: Sendable, Hashable {
    /// The file row that settled the invoice.
    public var reference: SettlementRowReference
    /// What the citizen paid.
    public var gross: Rupiah
    /// The fee the acquirer kept.
    public var mdr: Rupiah
    /// What the acquirer paid to the city: `gross - mdr`.
    public var net: Rupiah

    /// Creates a value from its parts.
    public init(reference: SettlementRowReference, gross: Rupiah, mdr: Rupiah, net: Rupiah) {
        self.reference = reference
        self.gross = gross
        self.mdr = mdr
        self.net = net
    }

    /// Checks the entry before anything is written.
    /// - Throws: `input.invalidField` naming the field: a negative or unstorable amount, or
    ///   `gross` that is not `mdr + net`.
    public func validate() throws {
        try reference.validate(field: "settlement")
        for (name, amount) in [("gross", gross), ("mdr", mdr), ("net", net)] {
            guard amount.value >= 0, amount.isStorable else {
                throw LedgerError(
                    .invalidField, "settlement.\(name) must be between 0 and \(Rupiah.maximumStored.value), got \(amount.value)",
                    field: "settlement.\(name)")
            }
        }
        guard mdr.value.addingReportingOverflow(net.value) == (gross.value, false) else {
            throw LedgerError(
                .invalidField, "settlement.gross \(gross.value) is not mdr \(mdr.value) + net \(net.value)",
                field: "settlement.gross")
        }
    }

    var canonical: CanonicalJSON {
        .object([
            "reference": reference.canonical, "gross": .int(gross.value), "mdr": .int(mdr.value),
            "net": .int(net.value),
        ])
    }
}

extension PayloadReader {
    func settlementRowReference() throws -> SettlementRowReference {
        SettlementRowReference(
            settlementID: try string("settlementID"), row: try int("row"), location: try string("location"))
    }

    func settlementEntry() throws -> SettlementEntry {
        SettlementEntry(
            reference: try object("reference").settlementRowReference(), gross: Rupiah(try int("gross")),
            mdr: Rupiah(try int("mdr")), net: Rupiah(try int("net")))
    }
}

/// The settlement of one invoice by a settlement file (a row of `invoice_settlements`): what the
/// journal books as bank (net), MDR expense and revenue (gross).
public struct InvoiceSettlement: Sendable, Hashable {
    /// The invoice.
    public var invoiceID: Invoice.ID
    /// The row and its amounts.
    public var entry: SettlementEntry
    /// When the ledger settled it.
    public var settledAt: Date
    /// The corrected re-send whose application withdrew this settlement (`invoice.unsettled`): the
    /// row stays as the file's history, but no longer counts (the invoice is `paid` again, until a
    /// file settles it anew and this row is replaced). Nil while it stands.
    public var withdrawnBy: String?

    /// Creates a value from its parts.
    public init(invoiceID: Invoice.ID, entry: SettlementEntry, settledAt: Date, withdrawnBy: String? = nil) {
        self.withdrawnBy = withdrawnBy
        self.invoiceID = invoiceID
        self.entry = entry
        self.settledAt = settledAt
    }
}
