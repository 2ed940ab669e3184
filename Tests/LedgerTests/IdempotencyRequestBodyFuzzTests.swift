import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// Property and fuzz tests of ``IdempotencyRequestBody`` (issue 12, whole-body idempotency): the canonical
/// form ignores layout (member order, whitespace, escapes) and nothing else, and no body, however broken,
/// crashes it or escapes its documented `input.invalidField` error.
@Suite("Idempotency request body fuzzing")
struct IdempotencyRequestBodyFuzzTests {
    /// Characters for strings and keys: quotes, backslashes, controls, non-ASCII, combining marks, astral.
    static let alphabet: [Unicode.Scalar] = Array(
        "abcXYZ019 _-/\"\\\t\n\r\u{0}\u{1F}\u{7F}é€😀\u{301}\u{FEFF}".unicodeScalars)

    // MARK: - Generators

    func randomString(_ random: inout SeededGenerator, maximumLength: Int = 8) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maximumLength, using: &random) {
            scalars.append(Self.alphabet.randomElement(using: &random)!)
        }
        return String(scalars)
    }

    func randomInt(_ random: inout SeededGenerator) -> Int64 {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: [Int64.min, Int64.max, 0, -1, 1, Int64.min + 1, Int64.max - 1].randomElement(using: &random)!
        case 1: Int64.random(in: -1_000...1_000, using: &random)
        default: Int64.random(in: Int64.min...Int64.max, using: &random)
        }
    }

    func randomLeaf(_ random: inout SeededGenerator) -> CanonicalJSON {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: .null
        case 1: .bool(Bool.random(using: &random))
        case 2: .int(randomInt(&random))
        default: .string(randomString(&random))
        }
    }

    func randomValue(_ random: inout SeededGenerator, depth: Int = 0) -> CanonicalJSON {
        guard depth < 4, Int.random(in: 0..<3, using: &random) > 0 || depth == 0 else { return randomLeaf(&random) }
        if Bool.random(using: &random) {
            return .array(
                (0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(&random, depth: depth + 1) })
        }
        var members: [String: CanonicalJSON] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &random) {
            members[randomString(&random, maximumLength: 5)] = randomValue(&random, depth: depth + 1)
        }
        return .object(members)
    }

    // MARK: - A random but equivalent layout

    func space(_ random: inout SeededGenerator, into out: inout String) {
        for _ in 0..<Int.random(in: 0...2, using: &random) {
            out += [" ", "\n", "\t", "\r\n", "  "].randomElement(using: &random)!
        }
    }

    func hex4(_ value: UInt32, upper: Bool) -> String {
        let digits = String(value, radix: 16, uppercase: upper)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// `text` as a JSON string, each character escaped or not at random (every escape JSON allows).
    func writeString(_ text: String, _ random: inout SeededGenerator, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            let upper = Bool.random(using: &random)
            let escapeAnyway = Int.random(in: 0..<4, using: &random) == 0
            switch scalar {
            case "\"": out += escapeAnyway ? "\\u0022" : "\\\""
            case "\\": out += escapeAnyway ? "\\u005\(upper ? "C" : "c")" : "\\\\"
            case "/": out += escapeAnyway ? "\\/" : "/"
            case "\n": out += escapeAnyway ? "\\u000a" : "\\n"
            case "\t": out += escapeAnyway ? "\\u0009" : "\\t"
            case "\r": out += escapeAnyway ? "\\u000D" : "\\r"
            case _ where scalar.value < 0x20: out += "\\u" + hex4(scalar.value, upper: upper)
            case _ where escapeAnyway && scalar.value > 0xFFFF:
                let value = scalar.value - 0x10000
                out +=
                    "\\u" + hex4(0xD800 + (value >> 10), upper: upper) + "\\u"
                    + hex4(0xDC00 + (value & 0x3FF), upper: upper)
            case _ where escapeAnyway: out += "\\u" + hex4(scalar.value, upper: upper)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    /// `value` as JSON with members in a random order, random whitespace and random escapes.
    func write(_ value: CanonicalJSON, _ random: inout SeededGenerator, into out: inout String) {
        space(&random, into: &out)
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .string(let text): writeString(text, &random, into: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                write(element, &random, into: &out)
            }
            space(&random, into: &out)
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, element)) in members.shuffled(using: &random).enumerated() {
                if index > 0 { out += "," }
                space(&random, into: &out)
                writeString(key, &random, into: &out)
                space(&random, into: &out)
                out += ":"
                write(element, &random, into: &out)
            }
            space(&random, into: &out)
            out += "}"
        }
        space(&random, into: &out)
    }

    func layout(_ value: CanonicalJSON, _ random: inout SeededGenerator) -> [UInt8] {
        var text = ""
        write(value, &random, into: &text)
        return Array(text.utf8)
    }

    // MARK: - Mutations: a change of exactly one value

    /// `value` with one node (chosen at random) replaced by a different value.
    func mutate(_ value: CanonicalJSON, _ random: inout SeededGenerator) -> CanonicalJSON {
        switch value {
        case .array(let values) where !values.isEmpty && Int.random(in: 0..<4, using: &random) > 0:
            var changed = values
            let index = Int.random(in: 0..<values.count, using: &random)
            changed[index] = mutate(values[index], &random)
            return .array(changed)
        case .object(let members) where !members.isEmpty && Int.random(in: 0..<4, using: &random) > 0:
            var changed = members
            let key = members.keys.sorted().randomElement(using: &random)!
            changed[key] = mutate(members[key]!, &random)
            return .object(changed)
        default: return replace(value, &random)
        }
    }

    func replace(_ value: CanonicalJSON, _ random: inout SeededGenerator) -> CanonicalJSON {
        switch (value, Int.random(in: 0..<3, using: &random)) {
        case (.int(let number), 0): return .int(number &+ (Bool.random(using: &random) ? 1 : -1))
        case (.int(let number), 1): return .string(String(number))  // 5 and "5" must differ
        case (.bool(let flag), 0): return .bool(!flag)
        case (.bool(let flag), 1): return .int(flag ? 1 : 0)  // true and 1 must differ
        case (.null, 0): return .int(0)
        case (.null, 1): return .string("")
        case (.string(let text), 0): return .string(text + randomString(&random, maximumLength: 2) + "x")
        case (.string(let text), 1) where !text.isEmpty:
            return .string(String(String.UnicodeScalarView(text.unicodeScalars.dropLast())))
        case (.array(let values), 0): return .array(values + [.null])
        case (.array(let values), 1) where !values.isEmpty: return .array(Array(values.dropLast()))
        case (.array, _): return .object([:])  // [] and {} must differ
        case (.object(let members), 0) where !members.isEmpty:
            var fewer = members
            fewer.removeValue(forKey: members.keys.sorted()[0])
            return .object(fewer)
        case (.object(let members), _):
            var more = members
            var key = "k"
            while more[key] != nil { key += "k" }
            more[key] = .null
            return .object(more)
        default:
            // Any leaf of another kind.
            var other = randomLeaf(&random)
            while other.bytes == value.bytes { other = randomLeaf(&random) }
            return other
        }
    }

    /// Canonicalises, and checks that anything refused is refused with the documented error.
    func outcome(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> CanonicalJSON? {
        do {
            let canonical = try IdempotencyRequestBody(json: bytes).canonical
            // Whatever is accepted is stable: its canonical form reads back to itself.
            #expect(
                try IdempotencyRequestBody(json: canonical.bytes).canonical.bytes == canonical.bytes,
                sourceLocation: sourceLocation)
            return canonical
        } catch let error as LedgerError {
            #expect(error.code == .invalidField, "\(error)", sourceLocation: sourceLocation)
            let field = error.field
            #expect(field?.isEmpty == false, sourceLocation: sourceLocation)
            if let field { #expect(error.message.contains(field), "\(error)", sourceLocation: sourceLocation) }
            return nil
        } catch {
            Issue.record(
                "undocumented error \(error) for \(String(decoding: bytes, as: UTF8.self))",
                sourceLocation: sourceLocation)
            return nil
        }
    }

    // MARK: - Properties

    @Test("member order, whitespace and escapes never change the canonical bytes", arguments: [1, 2, 3] as [UInt64])
    func layoutDoesNotMatter(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            let value = randomValue(&random)
            let first = layout(value, &random)
            let second = layout(value, &random)
            let a = try IdempotencyRequestBody(json: first).canonical
            let b = try IdempotencyRequestBody(json: second).canonical
            #expect(a.bytes == value.bytes, "\(String(decoding: first, as: UTF8.self))")
            #expect(
                a.bytes == b.bytes,
                "\(String(decoding: first, as: UTF8.self)) vs \(String(decoding: second, as: UTF8.self))")
        }
    }

    @Test(
        "a change of any one value (or of its type) changes the canonical bytes", arguments: [11, 12, 13] as [UInt64])
    func anyValueChangeMatters(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<400 {
            let value = randomValue(&random)
            let changed = mutate(value, &random)
            #expect(changed.bytes != value.bytes)
            let original = try IdempotencyRequestBody(json: layout(value, &random)).canonical
            let edited = try IdempotencyRequestBody(json: layout(changed, &random)).canonical
            #expect(original.bytes != edited.bytes, "\(value.text) vs \(changed.text)")
            #expect(edited.bytes == changed.bytes, "\(changed.text)")
        }
    }

    @Test(
        "random bytes and random token soup never crash: canonical form or input.invalidField",
        arguments: [21, 22] as [UInt64])
    func arbitraryBytes(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let tokens = [
            "{", "}", "[", "]", ",", ":", "\"", "\"a\"", "1", "-", "0", ".5", "e9", "E-3", "null", "true", "fals",
            "\\u", "\\ud800", "\\udc00", "00", " ", "\n", "é", "\u{0}", "99999999999999999999", "-9223372036854775808",
        ]
        for round in 0..<3_000 {
            let bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...64, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            } else {
                bytes = Array(
                    (0..<Int.random(in: 0...24, using: &random)).map { _ in tokens.randomElement(using: &random)! }
                        .joined().utf8)
            }
            _ = outcome(bytes)
        }
    }

    @Test(
        "every truncation of a valid body is a canonical form or input.invalidField", arguments: [31, 32] as [UInt64])
    func truncations(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<60 {
            let bytes = layout(randomValue(&random), &random)
            for end in 0..<bytes.count { _ = outcome(Array(bytes[..<end])) }
        }
    }

    @Test("deep nesting never crashes", arguments: [1, 64, 255, 256, 257, 511, 512, 513, 1_000, 10_000, 100_000])
    func deepNesting(depth: Int) {
        let arrays = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: depth)
        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        let mixed = String(repeating: #"[{"a":"#, count: depth) + "2.5" + String(repeating: "}]", count: depth)
        let unclosed = String(repeating: "[", count: depth)
        for body in [arrays, objects, mixed, unclosed] {
            let canonical = outcome(Array(body.utf8))
            if body == arrays, let canonical {
                #expect(canonical.bytes == Array(body.utf8))
            }
        }
    }

    @Test(
        "numbers: whole numbers within 64 bits are kept exactly; fractions and larger ones are refused naming the member, never rounded"
    )
    func numbers() throws {
        var random = SeededGenerator(seed: 41)
        var texts = [
            "0", "-0", "1", "-1", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
            "-9223372036854775809", "18446744073709551616", "1e400", "-1e400", "1e-400", "1.5", "0.1", "-0.5",
            "1.0", "1e2", "1E+2", "100e-2", "9.223372036854775807e18", "9223372036854775807.0",
            "9223372036854775806.9", "123456789012345678901234567890", "0.0000000000000000000001", "00", "01",
            "+1", ".5", "5.", "1e", "--1", "0x10", "NaN", "Infinity", "-Infinity",
        ]
        for _ in 0..<500 {
            let digits = (0..<Int.random(in: 1...30, using: &random)).map { _ in
                String(Int.random(in: 0...9, using: &random))
            }.joined()
            let fraction = Bool.random(using: &random) ? "." + String(Int.random(in: 0...99, using: &random)) : ""
            let exponent =
                Int.random(in: 0..<4, using: &random) == 0 ? "e" + String(Int.random(in: -5...25, using: &random)) : ""
            texts.append((Bool.random(using: &random) ? "-" : "") + digits + fraction + exponent)
        }
        for text in texts {
            let body = Array(#"{"order":{"lines":[0,{"amount":\#(text)}]}}"#.utf8)
            do {
                let canonical = try IdempotencyRequestBody(json: body).canonical
                guard case .object(let order) = canonical["order"], case .array(let lines) = order["lines"],
                    case .object(let line) = lines[1], case .int(let value) = line["amount"]
                else {
                    Issue.record("\(text) canonicalised to \(canonical.text)")
                    continue
                }
                // Accepted: the number is whole and is exactly the value written (no rounding).
                guard let exact = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
                    // Known and left alone: Foundation reads an exponent so small that the number underflows
                    // (`1e-400`) as 0. The handler's own decoder reads it as 0 too, so fingerprint and request agree.
                    #expect(value == 0 && text.contains("e-"), "\(text) became \(value)")
                    continue
                }
                #expect(exact == Decimal(value), "\(text) became \(value)")
            } catch let error as LedgerError {
                #expect(error.code == .invalidField, "\(text): \(error)")
                // The member is named when the number parsed as JSON; otherwise the body is.
                #expect(["order.lines.[1].amount", "body"].contains(error.field ?? ""), "\(text): \(error)")
                if let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                    decimal.exponent >= 0, decimal <= Decimal(Int64.max), decimal >= Decimal(Int64.min),
                    text.wholeMatch(of: /-?(0|[1-9][0-9]*)/) != nil
                {
                    Issue.record("\(text) is a whole 64-bit number written plainly but was refused: \(error)")
                }
            }
        }
    }

    @Test("a fraction anywhere is refused with the member's path as the field")
    func fractionNamesTheMember() throws {
        #expect(try refusedField(#"1.5"#) == "body")
        #expect(try refusedField(#"{"amount":1.5}"#) == "amount")
        #expect(try refusedField(#"{"a":{"b":[0,1,2.25]}}"#) == "a.b.[2]")
        #expect(try refusedField(#"[{"x":true},{"y":-0.5}]"#) == "[1].y")
        // Fractions too small for a Double to hold were taken as the whole number next to them.
        #expect(try refusedField(#"{"amount":30000.000000000001}"#) == "amount")
        #expect(try refusedField(#"{"amount":8956985790442881.96}"#) == "amount")
        #expect(
            try IdempotencyRequestBody(json: Array(#"{"amount":30000}"#.utf8)).canonical.text == #"{"amount":30000}"#)
    }

    func refusedField(_ body: String) throws -> String? {
        try #require(throws: LedgerError.self) { try IdempotencyRequestBody(json: Array(body.utf8)) }.field
    }

    @Test("unicode escapes: every escape of a scalar reads as that scalar; lone surrogates never crash")
    func unicodeEscapes() {
        var random = SeededGenerator(seed: 51)
        for _ in 0..<2_000 {
            let value = UInt32.random(in: 0...0x10FFFF, using: &random)
            if let scalar = Unicode.Scalar(value) {
                var text = ""
                writeString(String(Character(scalar)), &random, into: &text)
                let canonical = outcome(Array("[\(text)]".utf8))
                #expect(canonical?.bytes == CanonicalJSON.array([.string(String(Character(scalar)))]).bytes, "\(text)")
            } else {
                // A surrogate code point, alone or in a broken pair.
                let escape = "\\u" + hex4(value, upper: Bool.random(using: &random))
                for body in ["[\"\(escape)\"]", "[\"\(escape)x\"]", "[\"\\ud800\(escape)\"]", "{\"\(escape)\":1}"] {
                    _ = outcome(Array(body.utf8))
                }
            }
        }
    }

    @Test("duplicate keys never crash, and one of the values given for the key is kept")
    func duplicateKeys() {
        var random = SeededGenerator(seed: 61)
        for _ in 0..<500 {
            let key = "k" + randomString(&random, maximumLength: 2)
            var members: [String] = []
            var given: [CanonicalJSON] = []
            for _ in 0..<Int.random(in: 2...5, using: &random) {
                let duplicate = given.isEmpty || Bool.random(using: &random)
                var text = ""
                writeString(duplicate ? key : "o" + randomString(&random, maximumLength: 3), &random, into: &text)
                let leaf = randomLeaf(&random)
                if duplicate { given.append(leaf) }
                var element = ""
                write(leaf, &random, into: &element)
                members.append(text + ":" + element)
            }
            let body = Array(("{" + members.joined(separator: ",") + "}").utf8)
            guard let canonical = outcome(body) else { continue }
            let kept = canonical[key]?.bytes
            #expect(
                given.contains { $0.bytes == kept }, "\(String(decoding: body, as: UTF8.self)) -> \(canonical.text)")
        }
        // Canonically equivalent keys (é precomposed and decomposed) are one key to Swift's String.
        _ = outcome(Array("{\"\u{E9}\":1,\"e\u{301}\":2}".utf8))
    }
}
