import Foundation
import Ledger
import Testing

@Suite("Values that JSON holds as their text form")
struct TextCodedTests {
    struct Box<Value: Codable>: Codable {
        var value: Value
    }

    static func roundTrip<Value: TextCoded & Equatable>(_ value: Value, _ text: String) throws {
        let json = try JSONEncoder().encode(Box(value: value))
        #expect(String(decoding: json, as: UTF8.self) == #"{"value":"\#(text)"}"#)
        #expect(try JSONDecoder().decode(Box<Value>.self, from: json).value == value)
    }

    static func refusal<Value: TextCoded>(_ type: Value.Type, _ text: String) -> String? {
        do {
            _ = try JSONDecoder().decode(Box<Value>.self, from: Data(#"{"value":"\#(text)"}"#.utf8))
            return nil
        } catch DecodingError.dataCorrupted(let context) {
            return context.debugDescription
        } catch {
            return "\(error)"
        }
    }

    @Test func eachTypeIsWrittenAsItsTextAndReadBack() throws {
        try Self.roundTrip(try #require(CivilDate(iso8601: "2026-11-23")), "2026-11-23")
        try Self.roundTrip(try #require(CityTimeOfDay(text: "07:30")), "07:30")
        try Self.roundTrip(try #require(UTCOffset("+09:00")), "+09:00")
        try Self.roundTrip(try #require(ReceiptKeyID(hex: "0a1b2c3d")), "0a1b2c3d")
    }

    @Test func aBadTextIsRefusedNamingTheTextAndTheForm() {
        #expect(Self.refusal(CivilDate.self, "2026-02-30") == "'2026-02-30' is not a date in the form YYYY-MM-DD")
        #expect(
            Self.refusal(CityTimeOfDay.self, "25:00") == "'25:00' is not a time in the form HH:MM (00:00–24:00)")
        #expect(Self.refusal(UTCOffset.self, "+9") == "expected a UTC offset as Z or ±HH:MM, got '+9'")
        #expect(Self.refusal(ReceiptKeyID.self, "xyz") == "'xyz' is not 8 hex digits")
    }
}
