/// One cell of a CSV file that people open in a spreadsheet: the one escaper of every CSV Lunas writes
/// for people (the reconciliation exception list over HTTP and from `lunas reconcile`, and any later
/// export). A bank format (the acquirer simulator's settlement CSV) must look like the bank's, so it
/// uses ``rfc4180Field(_:)``: the same quoting without the formula defusing.
///
/// Output is RFC 4180: a cell holding a comma, a double quote, CR or LF is quoted, quotes doubled.
///
/// **CSV injection** (OWASP "CSV Injection"): a text cell that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is read as a formula by Excel, LibreOffice and Google Sheets. Such a cell is written
/// with a single quote in front and always quoted (`"'=HYPERLINK(…)"`), so the spreadsheet shows the
/// text as typed. Numbers are a separate case, ``number(_:)``, written as plain digits with their sign:
/// `-5000` stays a number a spreadsheet can sum. Text that merely looks numeric (an RRN, a bill number)
/// is text and is escaped like any other.
public enum CSVCell: Sendable, Hashable {
    /// Text from a person, a device or a bank file: defused and quoted as needed.
    case text(String)
    /// A whole number (an amount in rupiah, a line number), written as is.
    case number(Int64)
    /// An empty cell (an absent value).
    case empty

    /// A text cell, or an empty one for nil.
    public static func text(_ value: String?) -> CSVCell { value.map { .text($0) } ?? .empty }
    /// A number cell, or an empty one for nil.
    public static func number<Value: BinaryInteger>(_ value: Value?) -> CSVCell {
        value.map { .number(Int64($0)) } ?? .empty
    }

    /// The first bytes that make a spreadsheet read a cell as a formula: `=`, `+`, `-`, `@`, tab, CR.
    public static let formulaTriggers: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// Appends the cell's bytes (without separator) to `out`.
    public func append(to out: inout [UInt8]) {
        switch self {
        case .empty: return
        case .number(let value): out.append(contentsOf: String(value).utf8)
        case .text(let text):
            let defuse = text.utf8.first.map { Self.formulaTriggers.contains($0) } ?? false
            guard defuse || Self.needsQuotes(text) else {
                out.append(contentsOf: text.utf8)
                return
            }
            Self.appendQuoted(text, defused: defuse, to: &out)
        }
    }

    /// One text field of a machine-read file (a bank's settlement CSV) as RFC 4180 writes it: quoted,
    /// with quotes doubled, only when it holds a comma, a double quote, CR or LF. Never defused, so the
    /// bytes are exactly what the bank would write.
    public static func rfc4180Field(_ value: String) -> String {
        guard needsQuotes(value) else { return value }
        var out: [UInt8] = []
        appendQuoted(value, defused: false, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether RFC 4180 requires quotes around `text`: it holds a comma, a double quote, CR or LF.
    static func needsQuotes(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    }

    /// Appends `text` in double quotes with its quotes doubled; `defused` puts a `'` first.
    static func appendQuoted(_ text: String, defused: Bool, to out: inout [UInt8]) {
        out.append(0x22)
        if defused { out.append(0x27) }  // '
        for byte in text.utf8 {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }

    /// Appends one record: the cells separated by commas, then LF.
    public static func appendRecord(_ cells: [CSVCell], to out: inout [UInt8]) {
        for (index, cell) in cells.enumerated() {
            if index > 0 { out.append(0x2C) }
            cell.append(to: &out)
        }
        out.append(0x0A)
    }
}
