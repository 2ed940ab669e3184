import Ledger
import Foundation
import Testing

@testable import Acquirer

@Suite("X-TIMESTAMP, UTC offsets and calendar days")
struct TimestampTests {
    @Test("parses offsets and fractions to the same instant")
    func parse() throws {
        let base = try SNAPTimestamp("2026-11-23T10:15:30+07:00")
        #expect(base.date.timeIntervalSince1970 == 1_795_403_730)
        #expect(try SNAPTimestamp("2026-11-23T03:15:30Z").date == base.date)
        #expect(try SNAPTimestamp("2026-11-23T12:15:30+09:00").date == base.date)
        #expect(try SNAPTimestamp("2026-11-22T23:15:30-04:00").date == base.date)
        let fraction = try SNAPTimestamp("2026-11-23T10:15:30.250+07:00")
        #expect(fraction.date.timeIntervalSince(base.date) == 0.25)
        #expect(fraction.offset == .jakarta)
    }

    @Test(
        "formats in the chosen zone",
        arguments: [
            (UTCOffset.jakarta, "2026-11-23T10:15:30+07:00"), (.utc, "2026-11-23T03:15:30Z"),
            (.jayapura, "2026-11-23T12:15:30+09:00"), (UTCOffset(minutes: -150), "2026-11-23T00:45:30-02:30"),
        ])
    func format(offset: UTCOffset, text: String) throws {
        let stamp = SNAPTimestamp(date: Instants.morning, offset: offset)
        #expect(stamp.text == text)
        #expect(try SNAPTimestamp(text).date == Instants.morning)
    }

    @Test(
        "refuses what is not ISO-8601 with an offset",
        arguments: [
            "2026-11-23T10:15:30", "2026-11-23 10:15:30+07:00", "2026-11-23T10:15:30+0700", "2026-02-30T10:15:30+07:00",
            "2026-11-23T24:00:00+07:00", "2026-11-23T10:15:30.+07:00", "26-11-23T10:15:30+07:00", "",
            "2026-11-23T10:15:30+15:00",
            "2026-11-23T10:15:30.1234567890+07:00", "２０２６-11-23T10:15:30+07:00",
        ])
    func refuses(text: String) {
        expectError(.invalidTimestamp) { _ = try SNAPTimestamp(text) }
    }

    @Test("the X-EXTERNAL-ID day turns at Jakarta midnight (17:00 UTC)")
    func jakartaDay() throws {
        let before = try SNAPTimestamp("2026-11-23T16:59:59Z").date
        let after = try SNAPTimestamp("2026-11-23T17:00:00Z").date
        #expect(CivilDate(containing: before, offset: .jakarta).description == "2026-11-23")
        #expect(CivilDate(containing: after, offset: .jakarta).description == "2026-11-24")
        #expect(CivilDate(containing: after, offset: .utc).description == "2026-11-23")
    }

    @Test("calendar days round-trip through day numbers, leap years included")
    func civil() throws {
        for dayNumber in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CivilDate(daysSince1970: dayNumber)
            #expect(date.daysSince1970 == dayNumber)
            if (1...9999).contains(date.year) { #expect(CivilDate(iso8601: date.description) == date) }
        }
        #expect(try #require(CivilDate(iso8601: "2024-02-29")).adding(days: 1).description == "2024-03-01")
        #expect(try #require(CivilDate(iso8601: "1970-01-01")).daysSince1970 == 0)
        #expect(CivilDate(iso8601: "2026-02-29") == nil)
        #expect(CivilDate(iso8601: "2026-1-05") == nil)
    }
}
