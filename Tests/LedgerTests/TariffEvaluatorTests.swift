import Foundation
import Testing

@testable import Ledger

@Suite("Tariff evaluator tables")
struct TariffEvaluatorTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var vehicle: VehicleClass.ID
        var zone: Zone.ID
        var entry: String
        var exit: String?
        var amount: Int64
        var testDescription: String { name }
    }

    typealias F = TariffEvaluatorFixtures

    /// Car in zone A: first hour Rp3.000, each further started hour Rp2.000, cap Rp25.000 per
    /// 24 h, 5 minutes' grace, free 22:00–06:00 (2026-03-02 is a Monday).
    static let carRows: [Row] = [
        Row(
            name: "3 minutes: grace", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 10:03", amount: 0),
        Row(
            name: "exactly 5 minutes: still grace", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 10:05", amount: 0),
        Row(
            name: "5 minutes 1 second: first hour", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 10:05:01", amount: 3000),
        Row(
            name: "exactly one hour: first block only", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 11:00", amount: 3000),
        Row(
            name: "one hour and a second: second block started", vehicle: "car", zone: "ayp-01",
            entry: "2026-03-02 10:00", exit: "2026-03-02 11:00:01", amount: 5000),
        Row(
            name: "2.5 hours: three blocks", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 12:30", amount: 7000),
        Row(
            name: "exactly two hours", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 12:00", amount: 5000),
        Row(
            name: "block starting 22:30 is free", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 21:30",
            exit: "2026-03-02 23:00", amount: 3000),
        Row(
            name: "night crossing midnight", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 21:00",
            exit: "2026-03-03 07:30", amount: 7000),
        Row(
            name: "first block at 05:30 is free", vehicle: "car", zone: "ayp-01", entry: "2026-03-03 05:30",
            exit: "2026-03-03 06:30", amount: 0),
        Row(
            name: "block at 06:00 exactly is paid", vehicle: "car", zone: "ayp-01", entry: "2026-03-03 05:00",
            exit: "2026-03-03 06:00:01", amount: 2000),
        Row(
            name: "block at 21:59 is paid", vehicle: "car", zone: "ayp-01", entry: "2026-03-03 21:59",
            exit: "2026-03-03 22:30", amount: 3000),
        Row(
            name: "12 hours: exactly the cap", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 08:00",
            exit: "2026-03-02 20:00", amount: 25000),
        Row(
            name: "13 hours: capped", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 08:00",
            exit: "2026-03-02 21:00", amount: 25000),
        Row(
            name: "25 hours: capped day plus a new first hour", vehicle: "car", zone: "ayp-01",
            entry: "2026-03-02 08:00", exit: "2026-03-03 09:00", amount: 28000),
        Row(
            name: "exactly 48 hours: two capped days", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 08:00",
            exit: "2026-03-04 08:00", amount: 50000),
        Row(
            name: "exactly 24 hours: one cycle", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 08:00",
            exit: "2026-03-03 08:00", amount: 25000),
        Row(
            name: "zero-length stay inside grace", vehicle: "car", zone: "ayp-01", entry: "2026-03-02 08:00",
            exit: "2026-03-02 08:00", amount: 0),
    ]

    /// Flat rules: motorcycle A Rp2.000 per entry (per started 24 h); zone B Rp1.000, free 00:00–05:00.
    static let flatRows: [Row] = [
        Row(
            name: "motorcycle priced at entry", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: nil, amount: 2000),
        Row(
            name: "motorcycle, half an hour", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 10:30", amount: 2000),
        Row(
            name: "motorcycle, exit equals entry", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-02 10:00", amount: 2000),
        Row(
            name: "motorcycle, exactly 24 hours", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-03 10:00", amount: 2000),
        Row(
            name: "motorcycle, 24 hours and a second", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-03 10:00:01", amount: 4000),
        Row(
            name: "motorcycle, three days", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-03-02 10:00",
            exit: "2026-03-05 09:00", amount: 6000),
        Row(
            name: "zone B car in the day", vehicle: "car", zone: "ysd-01", entry: "2026-03-02 12:00", exit: nil,
            amount: 1000),
        Row(
            name: "zone B entry at 04:59 is free", vehicle: "car", zone: "ysd-01", entry: "2026-03-02 04:59", exit: nil,
            amount: 0),
        Row(
            name: "zone B entry at 05:00 is paid", vehicle: "car", zone: "ysd-01", entry: "2026-03-02 05:00", exit: nil,
            amount: 1000),
        Row(
            name: "zone B entry at 00:00 is free", vehicle: "motorcycle", zone: "ysd-01", entry: "2026-03-02 00:00",
            exit: nil, amount: 0),
        Row(
            name: "zone B 23:59 then a second day from 23:59", vehicle: "car", zone: "ysd-01",
            entry: "2026-03-02 23:59", exit: "2026-03-03 23:59:30", amount: 2000),
    ]

    /// Trucks in zone A: Rp6.000 then Rp4.000, 150% on weekdays 07:00–17:00, cap Rp40.000.
    static let heavyRows: [Row] = [
        Row(
            name: "weekday rush hour", vehicle: "truck", zone: "ayp-01", entry: "2026-03-02 08:00",
            exit: "2026-03-02 09:30", amount: 15000),
        Row(
            name: "Saturday, no surcharge", vehicle: "truck", zone: "ayp-01", entry: "2026-03-07 08:00",
            exit: "2026-03-07 09:30", amount: 10000),
        Row(
            name: "bus uses the same rule", vehicle: "bus", zone: "ayp-01", entry: "2026-03-07 08:00",
            exit: "2026-03-07 09:30", amount: 10000),
        Row(
            name: "block at 16:30 surcharged, 17:30 not", vehicle: "truck", zone: "ayp-01", entry: "2026-03-02 16:30",
            exit: "2026-03-02 18:00", amount: 13000),
        Row(
            name: "block at 17:00 exactly is not surcharged", vehicle: "truck", zone: "ayp-01",
            entry: "2026-03-02 16:00", exit: "2026-03-02 17:30", amount: 13000),
        Row(
            name: "full weekday capped", vehicle: "truck", zone: "ayp-01", entry: "2026-03-02 07:00",
            exit: "2026-03-02 20:00", amount: 40000),
    ]

    /// The lot: first two hours Rp5.000, each further 30 minutes Rp1.001, 50% on Sundays (rounded
    /// half up per block), cap Rp20.000. 2026-03-01 is a Sunday.
    static let lotRows: [Row] = [
        Row(
            name: "Sunday first block at half price", vehicle: "car", zone: "mdk-lot", entry: "2026-03-01 10:00",
            exit: "2026-03-01 12:00", amount: 2500),
        Row(
            name: "Sunday half of 1.001 rounds up to 501", vehicle: "car", zone: "mdk-lot", entry: "2026-03-01 10:00",
            exit: "2026-03-01 12:20", amount: 3001),
        Row(
            name: "Sunday two half blocks", vehicle: "car", zone: "mdk-lot", entry: "2026-03-01 10:00",
            exit: "2026-03-01 13:00", amount: 3502),
        Row(
            name: "Saturday night into Sunday", vehicle: "car", zone: "mdk-lot", entry: "2026-03-07 23:00",
            exit: "2026-03-08 01:10", amount: 5501),
        Row(
            name: "Monday 00:30 WIT is Sunday in UTC, but not here", vehicle: "car", zone: "mdk-lot",
            entry: "2026-03-02 00:30", exit: "2026-03-02 01:00", amount: 5000),
        Row(
            name: "Sunday 23:30 WIT is Sunday here", vehicle: "car", zone: "mdk-lot", entry: "2026-03-01 23:30",
            exit: "2026-03-02 00:30", amount: 2500),
        Row(
            name: "weekday two hours and one second", vehicle: "car", zone: "mdk-lot", entry: "2026-03-02 10:00",
            exit: "2026-03-02 12:00:01", amount: 6001),
        Row(
            name: "weekday long stay capped", vehicle: "car", zone: "mdk-lot", entry: "2026-03-02 08:00",
            exit: "2026-03-02 20:00", amount: 20000),
    ]

    /// Events: HUT Kota 5–8 Sept 2026 at 200% in tariff class A; a lot promotion on 6 Sept at 75%.
    static let eventRows: [Row] = [
        Row(
            name: "car A during the event", vehicle: "car", zone: "ayp-01", entry: "2026-09-05 10:00",
            exit: "2026-09-05 12:00", amount: 10000),
        Row(
            name: "cycle starting the day before is not doubled", vehicle: "car", zone: "ayp-01",
            entry: "2026-09-04 20:00", exit: "2026-09-05 01:00", amount: 5000),
        Row(
            name: "last event day", vehicle: "car", zone: "ayp-01", entry: "2026-09-08 23:30", exit: "2026-09-09 00:30",
            amount: 0),
        Row(
            name: "day after the event", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-09-09 10:00", exit: nil,
            amount: 2000),
        Row(
            name: "motorcycle A during the event", vehicle: "motorcycle", zone: "ayp-01", entry: "2026-09-06 10:00",
            exit: nil, amount: 4000),
        Row(
            name: "zone B is not in the event", vehicle: "car", zone: "ysd-01", entry: "2026-09-06 10:00", exit: nil,
            amount: 1000),
        Row(
            name: "cap doubles with the event", vehicle: "car", zone: "ayp-01", entry: "2026-09-06 08:00",
            exit: "2026-09-06 21:00", amount: 50000),
        Row(
            name: "lot promotion 75%", vehicle: "car", zone: "mdk-lot", entry: "2026-09-06 10:00",
            exit: "2026-09-06 12:00", amount: 1875),
        Row(
            name: "two cycles, only the second in the event", vehicle: "motorcycle", zone: "ayp-01",
            entry: "2026-09-04 12:00", exit: "2026-09-05 13:00", amount: 6000),
    ]

    @Test("car, zone A", arguments: carRows)
    func car(_ row: Row) throws { try check(row) }

    @Test("flat per entry", arguments: flatRows)
    func flat(_ row: Row) throws { try check(row) }

    @Test("trucks and buses, weekday window", arguments: heavyRows)
    func heavy(_ row: Row) throws { try check(row) }

    @Test("lot, Sunday window and rounding", arguments: lotRows)
    func lot(_ row: Row) throws { try check(row) }

    @Test("event multipliers", arguments: eventRows)
    func events(_ row: Row) throws { try check(row) }

    private func check(_ row: Row) throws {
        let quote = try F.evaluator.quote(
            F.set2026, vehicleClass: row.vehicle, zone: row.zone, entry: F.wit(row.entry), exit: row.exit.map(F.wit))
        #expect(quote.amount == Rupiah(row.amount), "\(quote.lines.map { "\($0.label) \($0.amount)" })")
        #expect(quote.lines.reduce(Rupiah.zero) { $0 + $1.amount } == quote.amount)
        #expect(quote.tariffSetID == "uji-2026")
    }

    @Test(
        "percent rounding is half up to whole rupiah",
        arguments: [
            (100, 2001, 2001), (50, 2001, 1001), (50, 2000, 1000), (150, 3333, 5000), (150, 3331, 4997), (0, 5000, 0),
            (75, 1, 1), (25, 1, 0), (200, 12_345, 24_690), (33, 100, 33), (1000, 10_000_000, 100_000_000),
        ])
    func rounding(_ percent: Int, _ amount: Int64, _ expected: Int64) throws {
        #expect(try TariffEvaluator.percent(percent, of: Rupiah(amount)) == Rupiah(expected))
    }
}
