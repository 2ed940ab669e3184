import Foundation
import LedgerSQL
import Testing

/// `?` → `$n` for PostgreSQL (issue #18): exhaustive over short token sequences and over every
/// short string of the characters that matter, so a quote, comment or dollar never mis-numbers.
@Suite("SQLPlaceholders")
struct SQLPlaceholdersTests {
    /// Tokens and what each becomes, where `#` stands for the next number.
    static let tokens: [(sql: String, numbered: String, placeholders: Int)] = [
        ("SELECT a FROM t WHERE b = ", "SELECT a FROM t WHERE b = ", 0),
        ("?", "$#", 1),
        ("'it''s ? here'", "'it''s ? here'", 0),
        ("\"odd ? name\"", "\"odd ? name\"", 0),
        ("-- a ? comment\n", "-- a ? comment\n", 0),
        ("/* ? - ' \" */", "/* ? - ' \" */", 0),
        (" || ", " || ", 0),
    ]

    @Test("every sequence of up to four tokens numbers exactly its placeholders, in order")
    func tokenSequences() throws {
        var sequences: [[Int]] = [[]]
        var frontier: [[Int]] = [[]]
        for _ in 1...4 {
            frontier = frontier.flatMap { sequence in Self.tokens.indices.map { sequence + [$0] } }
            sequences += frontier
        }
        #expect(sequences.count == 1 + 7 + 49 + 343 + 2_401)
        for sequence in sequences {
            let sql = sequence.map { Self.tokens[$0].sql }.joined()
            var expected = ""
            var number = 0
            for index in sequence {
                let token = Self.tokens[index]
                if token.placeholders == 1 {
                    number += 1
                    expected += "$\(number)"
                } else {
                    expected += token.numbered
                }
            }
            let result = try SQLPlaceholders.numbered(sql)
            #expect(result.sql == expected && result.count == number, "\(sql)")
        }
    }

    @Test("?NNN keeps its number and a bare ? follows the largest so far, as SQLite numbers them")
    func numberedForms() throws {
        #expect(try SQLPlaceholders.numbered("a >= ?1 AND a < ?2 OR b = ?1").sql == "a >= $1 AND a < $2 OR b = $1")
        #expect(try SQLPlaceholders.numbered("a >= ?1 AND a < ?2 OR b = ?1").count == 2)
        #expect(try SQLPlaceholders.numbered("? ?3 ? '?9'").sql == "$1 $3 $4 '?9'")
        #expect(try SQLPlaceholders.numbered("? ?3 ? '?9'").count == 4)
        #expect(throws: SQLFailure.self) { try SQLPlaceholders.numbered("a = ?0") }
        #expect(throws: SQLFailure.self) { try SQLPlaceholders.numbered("a = ?99999") }
    }

    @Test("every string of up to five of ? ' \" - / * $ a and newline is numbered or refused with a byte offset")
    func shortStrings() {
        let alphabet = Array("?'\"-/*$a\n")
        var strings = [""]
        var frontier = [""]
        for _ in 1...5 {
            frontier = frontier.flatMap { s in alphabet.map { s + String($0) } }
            strings += frontier
        }
        #expect(strings.count == 1 + 9 + 81 + 729 + 6_561 + 59_049)
        var refused = 0
        for sql in strings {
            do {
                let (numbered, count) = try SQLPlaceholders.numbered(sql)
                // Outside quotes and comments every `?` became `$n`; removing the numbers gives the
                // input without those `?`s, and the numbers run 1…count.
                var stripped = numbered
                for n in stride(from: count, through: 1, by: -1) {
                    let range = try #require(stripped.range(of: "$\(n)", options: .backwards))
                    stripped.removeSubrange(range)
                }
                // A `$` is accepted only as text (inside quotes or a comment) and stays as it was.
                #expect(stripped.filter { $0 == "$" }.count == sql.filter { $0 == "$" }.count, "\(sql)")
                #expect(stripped.filter { $0 != "?" }.count == sql.filter { $0 != "?" }.count, "\(sql)")
                #expect(sql.filter { $0 == "?" }.count - count == stripped.filter { $0 == "?" }.count, "\(sql)")
            } catch let failure as SQLFailure {
                refused += 1
                guard case .engine(_, let message) = failure else {
                    Issue.record("unexpected failure \(failure) for \(sql)")
                    continue
                }
                #expect(message.contains("at byte "), "\(message)")
            } catch {
                Issue.record("unexpected error \(error) for \(sql)")
            }
        }
        #expect(refused > 0 && refused < strings.count)
    }
}
