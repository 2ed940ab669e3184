import Foundation
import Ledger
import LunasTestSupport
import Testing

@Suite struct CanonicalJSONTests {
    @Test func writesSortedCompactIntegerJSON() {
        let value = CanonicalJSON.object([
            "b": .int(-5), "a": .array([.null, .bool(true), .string("x\"y\\z\n\u{1}é")]), "A": .object([:]),
        ])
        #expect(value.text == #"{"A":{},"a":[null,true,"x\"y\\z\u000a\u0001é"],"b":-5}"#)
    }

    @Test func keysSortByUTF8Bytes() {
        let value = CanonicalJSON.object(["é": .int(1), "z": .int(2), "Z": .int(3)])
        #expect(value.text == #"{"Z":3,"z":2,"é":1}"#)
    }

    /// Property: any value parses back from its bytes to itself.
    @Test func roundTripsRandomValues() throws {
        var generator = SeededGenerator(seed: 0x1EDE)
        for _ in 0..<500 {
            let value = Self.randomValue(depth: 0, &generator)
            #expect(try CanonicalJSON.parse(value.text) == value)
        }
    }

    /// The event bytes built around the payload equal the canonical form of the whole event object.
    @Test func eventBytesAreTheCanonicalEventObject() {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<200 {
            let payload = Self.randomValue(depth: 1, &generator)
            let sequence = Int64(generator.next() % 1_000_000)
            let bytes = LedgerEvent.canonicalBytes(
                sequence: sequence, kind: "invoice.issued", entityID: "inv_\"1", atMilliseconds: -5, payload: payload)
            let whole = CanonicalJSON.object([
                "at": .int(-5), "entity": .string("inv_\"1"), "kind": .string("invoice.issued"), "payload": payload,
                "seq": .int(sequence),
            ])
            #expect(bytes == whole.bytes)
        }
    }

    @Test(arguments: [
        #"{"b":1,"a":2}"#, #"{"a": 1}"#, #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":"\u0041"}"#, #"{"a":"\n"}"#,
        #"{"a":1,"a":1}"#, #"{"a":01}"#, #"[1,]"#, #"{"a":1}x"#, #""unterminated"#, #"{"a":tru}"#, "",
        // What only the writer's form refuses: the parser checks it as it reads (no second writing).
        #"{"a":-0}"#, #"{"a":+1}"#, #"{"a":-}"#, #"{"a":9223372036854775808}"#, #"{"a":"\u001F"}"#,
        #"{"a":"\u0020"}"#, #"{"a":"\u+01f"}"#, "{\"a\":\"\u{1}\"}", #"{"b":1,"a":2,"c":3}"#, #"{"":1,"":2}"#,
    ])
    func refusesNonCanonicalText(_ text: String) {
        #expect(throws: LedgerError.self) { try CanonicalJSON.parse(text) }
    }

    /// Fuzz: random byte edits of canonical text either still parse to a value whose canonical
    /// bytes are exactly the input, or are refused with an error; never a crash.
    @Test func mutatedTextIsParsedExactlyOrRefused() {
        var generator = SeededGenerator(seed: 0xF022)
        let alphabet = Array(#"{}[]":,\-+0123456789aenrstuxlfAFé"#.utf8) + [0x00, 0x1F, 0x7F, 0xFF]
        for _ in 0..<10_000 {
            var bytes = Self.randomValue(depth: 0, &generator).bytes
            for _ in 0...Int(generator.next() % 3) where !bytes.isEmpty {
                let index = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[index] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: index)
                }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let value = try? CanonicalJSON.parse(text) {
                #expect(value.text == text)
            }
        }
    }

    @Test func readsTheIntegerBounds() throws {
        #expect(
            try CanonicalJSON.parse(#"[-9223372036854775808,9223372036854775807,0,-1]"#)
                == .array([
                    .int(.min), .int(.max), .int(0), .int(-1),
                ]))
    }

    @Test func keyOutOfOrderIsNamedAtItsOffset() {
        let error = #expect(throws: LedgerError.self) { try CanonicalJSON.parse(#"{"b":1,"a":2}"#) }
        #expect(error?.message == #"payload is not canonical JSON: key "a" out of order at byte offset 7"#)
    }

    @Test func errorNamesTheByteOffset() throws {
        do {
            _ = try CanonicalJSON.parse(#"{"a":1.5}"#)
            Issue.record("no error")
        } catch let error as LedgerError {
            #expect(error.code == .eventPayloadNotCanonical && error.message.contains("offset 6"))
        }
    }

    static func randomValue(depth: Int, _ generator: inout SeededGenerator) -> CanonicalJSON {
        let choice = Int(generator.next() % (depth > 3 ? 4 : 6))
        switch choice {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: generator.next()))
        case 3: return .string(randomString(&generator))
        case 4: return .array((0..<Int(generator.next() % 4)).map { _ in randomValue(depth: depth + 1, &generator) })
        default:
            var members: [String: CanonicalJSON] = [:]
            for _ in 0..<Int(generator.next() % 5) {
                members[randomString(&generator)] = randomValue(depth: depth + 1, &generator)
            }
            return .object(members)
        }
    }

    static func randomString(_ generator: inout SeededGenerator) -> String {
        let pool: [Character] = ["a", "Z", "0", " ", "\"", "\\", "\n", "\u{0}", "\u{1F}", "é", "€", "😀", "/"]
        return String((0..<Int(generator.next() % 8)).map { _ in pool[Int(generator.next() % UInt64(pool.count))] })
    }
}
