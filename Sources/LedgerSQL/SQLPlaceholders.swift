/// Rewrites SQLite's placeholders into PostgreSQL's numbered `$1, $2, …`.
///
/// `?NNN` (SQLite's numbered form, for a value used twice) becomes `$NNN`; a bare `?` takes one more
/// than the largest number given so far, as SQLite numbers it. The count is the largest number.
///
/// A `?` inside a string literal (`'…'`, with `''` for a quote), a quoted identifier (`"…"`) or a
/// comment (`-- …` to the end of the line, `/* … */`) is text, not a placeholder, and stays as it
/// is. The ledger's SQL uses no dollar-quoted strings; a `$` is refused so that one never slips
/// through mis-numbered.
public enum SQLPlaceholders {
    /// The rewritten statement and the number of placeholders it has.
    /// - Throws: ``SQLFailure/engine(code:message:)`` for a `$` outside quotes or an unterminated
    ///   literal, quoted identifier or comment, naming the byte offset.
    public static func numbered(_ sql: String) throws -> (sql: String, count: Int) {
        let bytes = Array(sql.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 8)
        var count = 0
        var index = 0
        func fail(_ reason: String, at offset: Int) -> SQLFailure {
            .engine(code: "placeholders", message: "\(reason) at byte \(offset) of: \(sql)")
        }
        /// Copies through the byte that closes what opened at `start`, or fails.
        func copy(through closing: [UInt8], openedAt start: Int, what: String) throws {
            while index < bytes.count {
                if bytes[index...].starts(with: closing) {
                    output.append(contentsOf: closing)
                    index += closing.count
                    return
                }
                output.append(bytes[index])
                index += 1
            }
            throw fail("unterminated \(what)", at: start)
        }
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            switch byte {
            case UInt8(ascii: "?"):
                index += 1
                var digits = 0
                var number = 0
                while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    digits += 1
                    index += 1
                    guard number <= 32_766 else { throw fail("a placeholder number over 32766", at: start) }
                }
                if digits == 0 {
                    number = count + 1
                } else if number == 0 {
                    throw fail("placeholder ?0 (numbers start at 1)", at: start)
                }
                count = max(count, number)
                output.append(contentsOf: Array("$\(number)".utf8))
            case UInt8(ascii: "$"):
                throw fail("a `$` outside quotes", at: start)
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // A doubled quote inside closes and reopens: copying through each closing quote in
                // turn gives the same bytes.
                output.append(byte)
                index += 1
                try copy(
                    through: [byte], openedAt: start,
                    what: byte == UInt8(ascii: "'") ? "string literal" : "quoted identifier")
            case UInt8(ascii: "-") where bytes[index...].starts(with: Array("--".utf8)):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    output.append(bytes[index])
                    index += 1
                }
            case UInt8(ascii: "/") where bytes[index...].starts(with: Array("/*".utf8)):
                output.append(contentsOf: Array("/*".utf8))
                index += 2
                try copy(through: Array("*/".utf8), openedAt: start, what: "comment")
            default:
                output.append(byte)
                index += 1
            }
        }
        return (String(decoding: output, as: UTF8.self), count)
    }
}
