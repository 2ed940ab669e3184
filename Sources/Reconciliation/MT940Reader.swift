import Ledger
import Foundation

/// Reads SWIFT MT940 customer statements (and the MT942 tags some banks mix in), all or nothing.
///
/// Follows the SWIFT MT940 field layout: `:20:` reference, `:25:` account, `:28C:` sequence, `:60F:`/`:60M:`
/// opening balance `1!a6!n3!a15d`, `:61:` statement line `6!n[4!n]2a[1!a]15d1!a3!c16x[//16x]` with
/// supplementary details on the next line, `:86:` narrative (any number of lines, joined), `:62F:`/`:62M:`
/// closing balance, `:64:`, `:65:`. Amounts with or without a decimal comma (Indonesian banks omit it).
/// Value dates of 30 or 31 February, which some banks write for interest postings, are read as the last
/// day of February.
public struct MT940Reader: Sendable {
    /// One tagged field.
    struct Field: Sendable, Hashable {
        var tag: String
        var value: String
        var line: Int
    }

    /// Creates a reader.
    public init() {}

    /// Reads every statement in `data`.
    ///
    /// The text is UTF-8 when the whole file is valid UTF-8, else ISO-8859-1 (older European exports). It
    /// is streamed: each line is decoded on its own and each field handed to the statement parser as soon
    /// as the next one starts, so memory holds the bytes and the parsed entries, never the whole file as one
    /// `String` or a per-character copy of it.
    /// - Throws: ``ReconciliationError`` `mt940.malformed` naming the line, the tag and the bad value.
    public func read(data: Data) throws -> BankStatement {
        var statements: [BankStatement.Statement] = []
        var current: BankStatement.Statement?
        var currentLine = 0
        var sawClosing = false
        var sawOpening = false
        // A continuation: statement lines after the closing "-" of a message, without a new :20:.
        var continuation = false
        var previousFieldEndedMessage = false
        func finish() throws {
            guard var statement = current else { return }
            guard statement.account != nil else { throw Self.error(currentLine, "statement has no :25: account") }
            guard sawOpening else { throw Self.error(currentLine, "statement has no :60F:/:60M: opening balance") }
            guard sawClosing else { throw Self.error(currentLine, "statement has no :62F:/:62M: closing balance") }
            if statement.currency == nil { statement.currency = statement.balances.first?.currency }
            statements.append(statement)
            current = nil
        }
        func consume(_ field: Field) throws {
            if field.tag == "-" {
                try finish()
                previousFieldEndedMessage = true
                return
            }
            if field.tag == "20" {
                try finish()
                current = BankStatement.Statement(id: field.value.trimmingCharacters(in: .whitespaces))
                currentLine = field.line
                sawOpening = false
                sawClosing = false
                continuation = false
                previousFieldEndedMessage = false
                return
            }
            if current == nil, field.tag == "61" || field.tag == "86", previousFieldEndedMessage,
                let previous = statements.popLast()
            {
                // A statement line after the message's closing "-" with no new :20: continues the statement
                // just ended (as wolph/mt940's multiline.sta expects; some exports split long statements so).
                current = previous
                continuation = true
            }
            previousFieldEndedMessage = false
            guard current != nil else {
                throw Self.error(field.line, "field :\(field.tag): before the statement's :20: reference", field.value)
            }
            switch field.tag {
            case "21", "13D", "34F", "90D", "90C", "NS": break
            case "25":
                guard current!.account == nil, current!.entries.isEmpty else {
                    throw Self.error(field.line, "a second :25: account inside one statement", field.value)
                }
                current!.account = field.value.trimmingCharacters(in: .whitespaces)
            case "28", "28C": current!.sequenceNumber = field.value.trimmingCharacters(in: .whitespaces)
            case "60F", "60M", "62F", "62M", "64", "65":
                if field.tag.hasPrefix("60") {
                    guard !sawOpening, current!.entries.isEmpty else {
                        throw Self.error(field.line, "opening balance :\(field.tag): out of order", field.value)
                    }
                    sawOpening = true
                }
                if field.tag.hasPrefix("62") {
                    guard !sawClosing else {
                        throw Self.error(field.line, "a second closing balance :\(field.tag):", field.value)
                    }
                    sawClosing = true
                }
                let balance = try Self.balance(field)
                if current!.currency == nil { current!.currency = balance.currency }
                current!.balances.append(balance)
            case "61":
                guard sawOpening, !sawClosing || continuation else {
                    throw Self.error(
                        field.line, "statement line :61: outside the opening and closing balances", field.value)
                }
                current!.entries.append(try Self.entry(field, currency: current!.currency ?? ""))
            case "86":
                let text = field.value
                if let last = current!.entries.indices.last, current!.entries[last].additionalInfo == nil,
                    !sawClosing || continuation
                {
                    current!.entries[last].additionalInfo = text
                }
            default:
                throw Self.error(field.line, "unknown field tag :\(field.tag):", field.value)
            }
        }
        let utf8 = Self.isValidUTF8(data)
        var builder = FieldBuilder()
        try Self.forEachLine(of: data, utf8: utf8) { line in try builder.add(line, emit: consume) }
        try builder.finish(emit: consume)
        try finish()
        guard !statements.isEmpty else { throw Self.error(1, "no statement (:20:) found") }
        return BankStatement(kind: .mt940, messageID: statements.first?.id, version: nil, statements: statements)
    }

    static func error(_ line: Int, _ what: String, _ value: String? = nil) -> ReconciliationError {
        let shown = value.map { ", got \"\($0.prefix(80))\"" } ?? ""
        return ReconciliationError(
            .mt940Malformed, "MT940 line \(line): \(what)\(shown)", position: .init(line: line), value: value)
    }

    /// Whether every byte sequence of `data` is well-formed UTF-8 (one pass, no copy).
    static func isValidUTF8(_ data: Data) -> Bool {
        !transcode(data.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true) { _ in }
    }

    /// Calls `body` with each line of `data` (split at LF), decoded as UTF-8 or, when `utf8` is false,
    /// ISO-8859-1 (each byte one scalar). A multi-byte UTF-8 sequence never holds the byte 0x0A, so
    /// splitting before decoding is exact.
    static func forEachLine(of data: Data, utf8: Bool, _ body: (String) throws -> Void) throws {
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            let bytes = buffer.bindMemory(to: UInt8.self)
            // A UTF-8 byte order mark is not part of the first line.
            var start = utf8 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
                if utf8 {
                    try body(String(decoding: line, as: UTF8.self))
                } else {
                    var text = String()
                    text.unicodeScalars.append(contentsOf: line.lazy.map { Unicode.Scalar($0) })
                    try body(text)
                }
                start = end + 1
            }
        }
    }

    /// Splits the text into tagged fields; continuation lines join the previous field.
    static func fields(_ text: String) throws -> [Field] {
        var fields: [Field] = []
        var builder = FieldBuilder()
        // Split on "\n" by scalar: "\r\n" is one Character in Swift and would not split on "\n".
        for line in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            try builder.add(String(line)) { fields.append($0) }
        }
        try builder.finish { fields.append($0) }
        return fields
    }

    /// Turns lines into tagged fields one at a time: a field is handed on when the next one starts (its
    /// continuation lines may follow it), the last one by ``finish(emit:)``.
    struct FieldBuilder {
        private var pending: Field?
        private var lineNumber = 0
        private var preamble: (Int, String)?
        private var betweenMessages = false

        /// Adds the next line (without its LF).
        mutating func add(_ text: String, emit: (Field) throws -> Void) throws {
            lineNumber += 1
            var line = Substring(text)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.hasPrefix("{") {
                // SWIFT block headers {1:...}{2:...}{4: — the text block starts after "{4:".
                guard let range = line.range(of: "{4:") else { return }
                line = line[range.upperBound...]
            }
            if line == "-" || line == "-}" {
                betweenMessages = true
                if let previous = pending {
                    try emit(previous)
                    pending = Field(tag: "-", value: "", line: lineNumber)
                }
                return
            }
            if line.trimmingCharacters(in: .whitespaces).isEmpty { return }
            if let (tag, value) = MT940Reader.tagged(line) {
                if let previous = pending { try emit(previous) }
                pending = Field(tag: tag, value: String(value), line: lineNumber)
                betweenMessages = false
            } else if betweenMessages {
                return  // a bank's header lines before the next message (ABN AMRO: "ABNANL2A", "940")
            } else if pending == nil {
                if preamble == nil { preamble = (lineNumber, String(line)) }
            } else if line.hasPrefix("-") && line.dropFirst().allSatisfy({ $0 == "}" || $0 == " " }) {
                return
            } else {
                pending!.value += (pending!.tag == "86" ? "" : "\n") + line
            }
        }

        /// Hands on the last field.
        /// - Throws: `mt940.malformed` when no line held a field tag.
        mutating func finish(emit: (Field) throws -> Void) throws {
            guard let last = pending else {
                throw MT940Reader.error(
                    preamble?.0 ?? 1, "not an MT940 statement: no field tag such as :20: found", preamble?.1)
            }
            try emit(last)
            pending = nil
        }
    }

    static func tagged(_ line: Substring) -> (String, Substring)? {
        guard line.first == ":" else { return nil }
        let rest = line.dropFirst()
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let tag = rest[..<colon]
        guard (2...3).contains(tag.count), tag.prefix(2).allSatisfy({ $0.isASCII && ($0.isNumber || $0.isUppercase) }),
            tag.count == 2 || tag.last!.isLetter
        else { return nil }
        return (String(tag), rest[rest.index(after: colon)...])
    }

    /// `C160229EUR1200,00`.
    static func balance(_ field: Field) throws -> BankStatement.Balance {
        let v = Substring(field.value.trimmingCharacters(in: .whitespaces))
        guard v.count >= 11, let mark = v.first, mark == "C" || mark == "D" else {
            throw error(field.line, ":\(field.tag): balance must start with C or D", field.value)
        }
        let dateText = v.dropFirst().prefix(6)
        guard let date = date(dateText, clampFebruary: false) else {
            throw error(field.line, ":\(field.tag): bad date \"\(dateText)\"", field.value)
        }
        let currency = v.dropFirst(7).prefix(3)
        guard currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw error(field.line, ":\(field.tag): bad currency \"\(currency)\"", field.value)
        }
        guard let amount = StatementAmount.parse(v.dropFirst(10), comma: true) else {
            throw error(field.line, ":\(field.tag): bad amount \"\(v.dropFirst(10))\"", field.value)
        }
        return BankStatement.Balance(
            type: field.tag, amount: amount, currency: String(currency), isCredit: mark == "C", date: date)
    }

    /// `YYMMDD` (20YY for YY < 80).
    static func date(_ text: Substring, clampFebruary: Bool) -> CivilDate? {
        guard text.count == 6, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text) else { return nil }
        let yy = n / 10000
        let year = yy < 80 ? 2000 + yy : 1900 + yy
        let month = n / 100 % 100
        var day = n % 100
        if clampFebruary, month == 2, day == 30 || day == 31 { day = CivilDate.daysInMonth(year: year, month: 2) }
        return CivilDate(year: year, month: month, day: day)
    }

    /// `:61:` `1602300301DR6,00N024NONREF//bankref` + optional supplementary line.
    static func entry(_ field: Field, currency: String) throws -> BankStatement.Entry {
        let lines = field.value.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        var s = Substring(lines[0])
        guard let valueDate = date(s.prefix(6), clampFebruary: true) else {
            throw error(field.line, ":61: bad value date \"\(s.prefix(6))\"", field.value)
        }
        s = s.dropFirst(6)
        var entryDate: CivilDate?
        if s.prefix(4).count == 4, s.prefix(4).allSatisfy({ $0.isASCII && $0.isNumber }) {
            let mmdd = Int(s.prefix(4))!
            let (y, m, _) = valueDate.components
            // The entry date may fall in the next or previous year around New Year.
            var year = y
            if m == 12, mmdd / 100 == 1 { year += 1 } else if m == 1, mmdd / 100 == 12 { year -= 1 }
            var day = mmdd % 100
            if mmdd / 100 == 2, day == 30 || day == 31 { day = CivilDate.daysInMonth(year: year, month: 2) }
            guard let d = CivilDate(year: year, month: mmdd / 100, day: day) else {
                throw error(field.line, ":61: bad entry date \"\(s.prefix(4))\"", field.value)
            }
            entryDate = d
            s = s.dropFirst(4)
        }
        let mark: String
        if s.hasPrefix("RC") || s.hasPrefix("RD") || s.hasPrefix("EC") || s.hasPrefix("ED") {
            mark = String(s.prefix(2))
            s = s.dropFirst(2)
        } else if s.hasPrefix("C") || s.hasPrefix("D") {
            mark = String(s.prefix(1))
            s = s.dropFirst(1)
        } else {
            throw error(
                field.line, ":61: debit/credit mark must be C, D, RC or RD, got \"\(s.prefix(2))\"", field.value)
        }
        if let funds = s.first, funds.isLetter { s = s.dropFirst() }
        let amountText = s.prefix { ($0.isASCII && $0.isNumber) || $0 == "," }
        guard let amount = StatementAmount.parse(amountText, comma: true) else {
            throw error(field.line, ":61: bad amount \"\(amountText)\"", field.value)
        }
        s = s.dropFirst(amountText.count)
        guard s.count >= 4, let kind = s.first, "NFS".contains(kind) else {
            throw error(
                field.line, ":61: transaction type (N, F or S + 3 characters) missing after the amount", field.value)
        }
        let code = String(s.prefix(4))
        s = s.dropFirst(4)
        var reference = String(s)
        var bankReference: String?
        if let range = s.range(of: "//") {
            reference = String(s[..<range.lowerBound])
            bankReference = String(s[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        let supplementary = lines.count > 1 ? String(lines[1]).trimmingCharacters(in: .whitespaces) : nil
        let reversal = mark.hasPrefix("R")
        return BankStatement.Entry(
            line: field.line, amount: amount, currency: currency,
            isCredit: mark == "C" || mark == "RD" || mark == "EC", isReversal: reversal, status: "BOOK",
            bookingDate: entryDate ?? valueDate, valueDate: valueDate, accountServicerReference: bankReference,
            reference: reference.trimmingCharacters(in: .whitespaces), endToEndID: nil,
            remittance: supplementary.map { [$0] } ?? [], creditorReference: nil, additionalInfo: nil,
            transactionCode: code, batchTransactionCount: nil)
    }
}
