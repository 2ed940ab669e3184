import Foundation
import Ledger
import LunasTestSupport
import Testing

@testable import Ledger

@Suite("Tariff evaluator properties")
struct TariffEvaluatorPropertyTests {
    typealias F = TariffEvaluatorFixtures

    static let cases: [(VehicleClass.ID, Zone.ID)] = [
        ("car", "ayp-01"), ("truck", "ayp-01"), ("motorcycle", "ayp-01"), ("car", "ysd-01"), ("car", "mdk-lot"),
    ]

    @Test("lines add up, amounts are never negative, and a later exit never costs less", arguments: [1, 2, 3, 4, 5])
    func monotoneAndConsistent(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let base = F.wit("2026-01-01 00:00").timeIntervalSince1970
        for _ in 0..<200 {
            let (vehicle, zone) = Self.cases.randomElement(using: &random)!
            // Entries across 2026 (including the event days), stays up to 3 days, to the second.
            let entry = Date(
                timeIntervalSince1970: base + TimeInterval(Int.random(in: 0..<365 * 86_400, using: &random)))
            let first = TimeInterval(Int.random(in: 0...3 * 86_400, using: &random))
            let second = first + TimeInterval(Int.random(in: 0...6 * 3600, using: &random))
            let earlier = try F.evaluator.quote(
                F.set2026, vehicleClass: vehicle, zone: zone, entry: entry, exit: entry.addingTimeInterval(first))
            let later = try F.evaluator.quote(
                F.set2026, vehicleClass: vehicle, zone: zone, entry: entry, exit: entry.addingTimeInterval(second))
            #expect(earlier.amount <= later.amount, "\(vehicle) \(zone) \(entry) +\(first)s vs +\(second)s")
            #expect(earlier.amount >= .zero)
            for quote in [earlier, later] {
                #expect(quote.lines.reduce(Rupiah.zero) { $0 + $1.amount } == quote.amount)
            }
            let again = try F.evaluator.quote(
                F.set2026, vehicleClass: vehicle, zone: zone, entry: entry, exit: entry.addingTimeInterval(first))
            #expect(again == earlier)
        }
    }

    @Test("a capped day never costs more than the cap times the event percent", arguments: [7, 8])
    func capHolds(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let base = F.wit("2026-01-01 00:00").timeIntervalSince1970
        for _ in 0..<200 {
            let entry = Date(
                timeIntervalSince1970: base + TimeInterval(Int.random(in: 0..<365 * 86_400, using: &random)))
            let stay = TimeInterval(Int.random(in: 0...86_400, using: &random))
            let quote = try F.evaluator.quote(
                F.set2026, vehicleClass: "car", zone: "ayp-01", entry: entry, exit: entry.addingTimeInterval(stay))
            #expect(quote.amount <= Rupiah(50_000))
            let eventful = quote.lines.contains { $0.kind == .event }
            if !eventful { #expect(quote.amount <= Rupiah(25_000)) }
        }
    }
}

@Suite("City dates and time zones")
struct CityDateTests {
    @Test("day numbers round-trip and agree with Foundation's Gregorian calendar", arguments: [11, 12])
    func agreesWithFoundation(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for _ in 0..<500 {
            let days = Int.random(in: -30_000...120_000, using: &random)
            let date = CivilDate(daysSince1970: days)
            #expect(date.daysSince1970 == days)
            let components = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: TimeInterval(days) * 86_400))
            #expect(components.year == date.year && components.month == date.month && components.day == date.day)
            // Foundation: 1 = Sunday … 7 = Saturday.
            let expected: [CityWeekday] = [.sunday, .monday, .tuesday, .wednesday, .thursday, .friday, .saturday]
            #expect(expected[components.weekday! - 1] == date.weekday)
        }
    }

    @Test(
        "ISO dates parse strictly",
        arguments: [
            ("2026-02-28", true), ("2028-02-29", true), ("2026-02-29", false), ("2100-02-29", false),
            ("2000-02-29", true),
            ("2026-13-01", false), ("2026-1-01", false), ("2026-01-32", false), ("20260101", false), ("", false),
            ("2026-01-0a", false), ("+026-01-01", false),
        ])
    func parsing(_ text: String, _ valid: Bool) {
        let date = CivilDate(iso8601: text)
        #expect((date != nil) == valid)
        if let date { #expect(date.description == text) }
    }

    @Test(
        "times of day parse strictly",
        arguments: [
            ("00:00", 0), ("06:30", 390), ("23:59", 1439), ("24:00", 1440), ("24:01", nil), ("7:00", nil),
            ("07:60", nil),
            ("ab:cd", nil), ("07-00", nil),
        ] as [(String, Int?)])
    func timeParsing(_ text: String, _ minutes: Int?) {
        #expect(CityTimeOfDay(text: text)?.minutes == minutes)
    }

    @Test func witIsUTCPlusNine() throws {
        let zone = CityTimeZone.wit
        // 2026-03-01 15:30 UTC is Monday 00:30 in Ambon.
        let local = zone.local(Date(timeIntervalSince1970: 1_772_379_000))
        #expect(local.date == CivilDate(year: 2026, month: 3, day: 2))
        #expect(local.minuteOfDay == 30)
        #expect(zone.startOfDay(CivilDate(year: 2026, month: 3, day: 2)!) == Date(timeIntervalSince1970: 1_772_377_200))
        #expect(zone.formatTime(Date(timeIntervalSince1970: 1_772_379_000)) == "00:30 WIT")
    }

    @Test func daylightSavingZonesUseTheOffsetAtEachInstant() throws {
        let berlin = try CityTimeZone(identifier: "Europe/Berlin", label: "CET")
        // 2026-03-29 00:30 UTC is 01:30 CET; 01:30 UTC is 03:30 CEST (clocks went forward at 01:00 UTC).
        #expect(berlin.local(Date(timeIntervalSince1970: 1_774_744_200)).minuteOfDay == 90)
        #expect(berlin.local(Date(timeIntervalSince1970: 1_774_747_800)).minuteOfDay == 210)
        #expect(
            berlin.startOfDay(CivilDate(year: 2026, month: 7, day: 1)!) == Date(timeIntervalSince1970: 1_782_856_800))
    }

    @Test func unknownTimeZoneIsAnError() {
        let error = #expect(throws: LedgerError.self) { try CityTimeZone(identifier: "Asia/Ambon", label: "WIT") }
        #expect(error?.code == .cityUnknownTimeZone)
        #expect(error?.field == "timeZone.identifier")
    }

    @Test(
        "windows across midnight belong to the day they start",
        arguments: [
            (CityWeekday.friday, 23 * 60, true), (.saturday, 2 * 60, true), (.saturday, 23 * 60, false),
            (.sunday, 2 * 60, false), (.friday, 2 * 60, false), (.saturday, 6 * 60, false),
        ])
    func midnightWindow(_ weekday: CityWeekday, _ minute: Int, _ inside: Bool) {
        let window = TariffWindow(
            name: "Jumat malam", days: [.friday], start: CityTimeOfDay(text: "22:00")!,
            end: CityTimeOfDay(text: "06:00")!, percent: 0)
        #expect(window.contains(weekday: weekday, minuteOfDay: minute) == inside)
    }
}
