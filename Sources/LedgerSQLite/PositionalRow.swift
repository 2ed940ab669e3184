import GRDB

/// A result row read by column position: a GRDB `Row` (lists, verify, the replay's spill) or the
/// current row of a ``RawStatement`` (the single-row look-ups of the writer's hot path). The
/// decoders that take one (``LedgerRowCodec/invoice(_:)``, ``LedgerRowCodec/payment(_:)``) exist
/// once for both, and read the columns of ``LedgerRowCodec/invoiceColumns`` or
/// ``LedgerRowCodec/paymentColumns`` at the positions that list gives them; every query they decode
/// selects that list first.
///
/// Why positions: GRDB's by-name lookup lower-cases the name and compares it with each column's
/// lower-cased name on a copied row, and `Row.fetchOne` builds a dictionary of the lower-cased
/// names for every statement it runs; applying a settlement file reads an invoice per row.
protocol PositionalRow {
    /// The column names, for the debug check that a query selected what its decoder reads.
    var names: [String] { get }
    func text(_ index: Int32) throws -> String
    func optionalText(_ index: Int32) throws -> String?
    func int64(_ index: Int32) throws -> Int64
    func optionalInt64(_ index: Int32) throws -> Int64?
}

extension PositionalRow {
    /// Asserts (debug builds) that the row starts with `columns`.
    func assertColumns(_ columns: [String]) {
        assert(Array(names.prefix(columns.count)) == columns, "the row's columns \(names) do not start with \(columns)")
    }
}

extension Row: PositionalRow {
    var names: [String] { Array(columnNames) }
    func text(_ index: Int32) throws -> String { try decode(String.self, atIndex: Int(index)) }
    func optionalText(_ index: Int32) throws -> String? { try decode(String?.self, atIndex: Int(index)) }
    func int64(_ index: Int32) throws -> Int64 { try decode(Int64.self, atIndex: Int(index)) }
    func optionalInt64(_ index: Int32) throws -> Int64? { try decode(Int64?.self, atIndex: Int(index)) }
}

extension RawStatement: PositionalRow {
    var names: [String] { columnNames }
    func text(_ index: Int32) throws -> String {
        guard let text = optionalText(index) else { throw nullColumn(index) }
        return text
    }
    func int64(_ index: Int32) throws -> Int64 {
        guard let value = optionalInt64(index) else { throw nullColumn(index) }
        return value
    }
}
