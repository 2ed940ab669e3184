import Foundation
import Testing

@testable import Ledger

@Suite("Tariff evaluator errors and schedule")
struct TariffEvaluatorErrorTests {
    typealias F = TariffEvaluatorFixtures

    private func error(
        vehicle: VehicleClass.ID = "car", zone: Zone.ID = "ayp-01", entry: Date, exit: Date?
    ) throws -> LedgerError {
        try #require(throws: LedgerError.self) {
            try F.evaluator.quote(F.set2026, vehicleClass: vehicle, zone: zone, entry: entry, exit: exit)
        }
    }

    @Test func unknownVehicleClassNamesTheField() throws {
        let error = try error(vehicle: "becak", entry: F.wit("2026-03-02 10:00"), exit: nil)
        #expect(error.code == .tariffUnknownVehicleClass)
        #expect(error.field == "vehicleClass")
        #expect(error.message.contains("'becak'"))
        #expect(error.message.contains("motorcycle"))
    }

    @Test func unknownZoneNamesTheField() throws {
        let error = try error(zone: "jl-tidak-ada", entry: F.wit("2026-03-02 10:00"), exit: nil)
        #expect(error.code == .tariffUnknownZone)
        #expect(error.field == "zone")
        #expect(error.message.contains("'jl-tidak-ada'"))
    }

    @Test func vehicleWithoutRuleInTheZone() throws {
        let error = try error(vehicle: "bus", zone: "mdk-lot", entry: F.wit("2026-03-02 10:00"), exit: nil)
        #expect(error.code == .tariffNoRule)
        #expect(error.field == "vehicleClass")
        #expect(error.message.contains("tariff class 'C'"))
    }

    @Test func exitBeforeEntry() throws {
        let error = try error(entry: F.wit("2026-03-02 10:00"), exit: F.wit("2026-03-02 09:59:59"))
        #expect(error.code == .tariffExitBeforeEntry)
        #expect(error.field == "exit")
        #expect(error.message == "exit 2026-03-02T00:59:59Z is before entry 2026-03-02T01:00:00Z")
    }

    @Test func progressiveNeedsExit() throws {
        let error = try error(entry: F.wit("2026-03-02 10:00"), exit: nil)
        #expect(error.code == .tariffExitRequired)
        #expect(error.field == "exit")
    }

    @Test func stayLongerThanNinetyDays() throws {
        let entry = F.wit("2026-03-02 10:00")
        let error = try error(entry: entry, exit: entry.addingTimeInterval(90 * 86_400 + 1))
        #expect(error.code == .tariffStayTooLong)
        let ninety = try F.evaluator.quote(
            F.set2026, vehicleClass: "car", zone: "ayp-01", entry: entry, exit: entry.addingTimeInterval(90 * 86_400))
        #expect(ninety.amount == Rupiah(90 * 25_000))
    }

    @Test(
        "times outside 2000–2199 are errors, never a crash",
        arguments: [
            0, Date.distantPast.timeIntervalSince1970, Date.distantFuture.timeIntervalSince1970, .nan, .infinity,
            -.infinity, 946_684_799, 7_258_118_400, .greatestFiniteMagnitude,
        ] as [TimeInterval])
    func timeOutOfRange(_ seconds: TimeInterval) throws {
        let date = Date(timeIntervalSince1970: seconds)
        let entryError = try error(vehicle: "motorcycle", entry: date, exit: nil)
        #expect(entryError.code == .tariffTimeOutOfRange)
        #expect(entryError.field == "entry")
        let exitError = try error(entry: F.wit("2026-03-02 10:00"), exit: date)
        #expect(exitError.field == "exit")
    }

    @Test func unvalidatedZeroLengthBlockIsAnErrorNotALoop() throws {
        let rule = TariffRule(
            id: "bad", name: "Bad", tariffClasses: ["A"], vehicleClasses: ["car"],
            charge: .progressive(
                TariffProgressiveCharge(
                    firstBlockMinutes: 0, firstBlock: Rupiah(1), nextBlockMinutes: 0, nextBlock: Rupiah(1))),
            legalBasis: F.basis)
        let set = TariffSet(
            id: "bad", name: "Bad", effectiveFrom: F.set2026.effectiveFrom, legalBasis: F.basis, rules: [rule])
        #expect(throws: LedgerError.self) {
            try F.evaluator.quote(
                set, vehicleClass: "car", zone: "ayp-01", entry: F.wit("2026-03-02 10:00"),
                exit: F.wit("2026-03-02 12:00"))
        }
    }

    @Test func overflowingAmountsAreErrors() throws {
        let rule = TariffRule(
            id: "huge", name: "Huge", tariffClasses: ["A"], vehicleClasses: ["car"],
            charge: .progressive(
                TariffProgressiveCharge(
                    firstBlockMinutes: 1, firstBlock: Rupiah(.max / 2), nextBlockMinutes: 1, nextBlock: Rupiah(.max / 2)
                )),
            legalBasis: F.basis)
        let set = TariffSet(
            id: "huge", name: "Huge", effectiveFrom: F.set2026.effectiveFrom, legalBasis: F.basis, rules: [rule])
        let error = try #require(throws: LedgerError.self) {
            try F.evaluator.quote(
                set, vehicleClass: "car", zone: "ayp-01", entry: F.wit("2026-03-02 10:00"),
                exit: F.wit("2026-03-02 12:00"))
        }
        #expect(error.code == .tariffAmountOverflow)
    }

    @Test(
        "the schedule picks the set effective on the local entry date",
        arguments: [
            ("2025-12-31 23:59", "uji-2025", Int64(1000)),
            ("2026-01-01 00:00", "uji-2026", Int64(2000)),
            ("2025-06-01 12:00", "uji-2025", Int64(1000)),
        ])
    func scheduleSelection(_ entry: String, _ setID: String, _ amount: Int64) throws {
        let schedule = TariffSchedule(sets: [F.set2026, F.set2025])
        let quote = try F.evaluator.quote(
            schedule, vehicleClass: "motorcycle", zone: "ayp-01", entry: F.wit(entry), exit: nil)
        #expect(quote.tariffSetID == setID)
        #expect(quote.amount == Rupiah(amount))
    }

    @Test func noSetEffectiveBeforeTheFirst() throws {
        let schedule = TariffSchedule(sets: [F.set2026, F.set2025])
        let error = try #require(throws: LedgerError.self) {
            try F.evaluator.quote(
                schedule, vehicleClass: "motorcycle", zone: "ayp-01", entry: F.wit("2024-12-31 23:59"), exit: nil)
        }
        #expect(error.code == .tariffNoneEffective)
        #expect(error.field == "entry")
        #expect(error.message.contains("2024-12-31"))
    }

    @Test func breakdownNamesRulesWindowsCapsAndEvents() throws {
        let quote = try F.evaluator.quote(
            F.set2026, vehicleClass: "car", zone: "ayp-01", entry: F.wit("2026-09-06 08:00"),
            exit: F.wit("2026-09-06 23:00"))
        let kinds = quote.lines.map(\.kind)
        #expect(kinds == [.firstBlock, .nextBlock, .nextBlock, .dailyCap, .event])
        #expect(quote.lines[0].label == "Jam pertama")
        #expect(quote.lines[1].quantity == 13)
        #expect(quote.lines[1].amount == Rupiah(26_000))
        #expect(quote.lines[2].label == "Jam berikutnya (Malam)")
        #expect(quote.lines[2].quantity == 1)
        #expect(quote.lines[2].amount == .zero)
        #expect(quote.lines[3].amount == Rupiah(25_000 - 29_000))
        #expect(quote.lines[4].label == "HUT Kota (200%)")
        #expect(quote.lines[4].legalBasis == F.eventBasis)
        #expect(quote.lines[0].legalBasis == F.basis)
        #expect(quote.amount == Rupiah(50_000))
        #expect(quote.ruleID == "a-car")
        #expect(quote.tariffClass == "A")
    }

    @Test func multiDayLinesArePrefixedWithTheDay() throws {
        let quote = try F.evaluator.quote(
            F.set2026, vehicleClass: "motorcycle", zone: "ayp-01", entry: F.wit("2026-03-02 10:00"),
            exit: F.wit("2026-03-03 11:00"))
        #expect(quote.lines.map(\.label) == ["Hari ke-1: Sekali parkir", "Hari ke-2: Sekali parkir"])
        #expect(quote.lines.map(\.cycle) == [0, 1])
    }
}

@Suite("Local time never traps")
struct CityTimeZoneClampTests {
    @Test(arguments: [.nan, .infinity, -.infinity, .greatestFiniteMagnitude, -1e300, 1e11 + 5] as [TimeInterval])
    func absurdInstants(_ seconds: TimeInterval) {
        let local = CityTimeZone.wit.local(Date(timeIntervalSince1970: seconds))
        #expect((0..<86_400).contains(local.secondOfDay))
        #expect(!TariffEvaluator.describe(Date(timeIntervalSince1970: seconds)).isEmpty)
    }
}
