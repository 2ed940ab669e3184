import Ledger
import Foundation
import Testing

@testable import Ledger

/// A small city catalogue for tariff tests, written out here (not read from `Config/`) so that the
/// tables below test the evaluator's rules, not the demo data.
enum TariffEvaluatorFixtures {
    static let basis = LegalBasis(regulation: "Perda Uji", article: "Pasal 1")
    static let eventBasis = LegalBasis(regulation: "Keputusan Wali Kota Uji", article: "Diktum KESATU")

    static let vehicles = [
        VehicleClass(id: "motorcycle", name: "Sepeda motor"), VehicleClass(id: "car", name: "Mobil"),
        VehicleClass(id: "truck", name: "Truk"), VehicleClass(id: "bus", name: "Bus"),
    ]

    static let zones = [
        Zone(id: "ayp-01", name: "Jl. A.Y. Patty", kind: .onStreet, tariffClass: "A", district: "Sirimau"),
        Zone(id: "ysd-01", name: "Jl. Yos Sudarso", kind: .onStreet, tariffClass: "B", district: "Sirimau"),
        Zone(id: "mdk-lot", name: "Pasar Mardika", kind: .offStreet, tariffClass: "C", district: "Sirimau"),
    ]

    static func time(_ text: String) -> CityTimeOfDay { CityTimeOfDay(text: text)! }

    static let set2026 = TariffSet(
        id: "uji-2026", name: "Tarif uji", effectiveFrom: CivilDate(year: 2026, month: 1, day: 1)!, legalBasis: basis,
        rules: [
            TariffRule(
                id: "a-motorcycle", name: "Motor A", tariffClasses: ["A"], vehicleClasses: ["motorcycle"],
                charge: .flat(amount: Rupiah(2000)), legalBasis: basis),
            TariffRule(
                id: "a-car", name: "Mobil A", tariffClasses: ["A"], vehicleClasses: ["car"],
                charge: .progressive(
                    TariffProgressiveCharge(
                        firstBlockMinutes: 60, firstBlock: Rupiah(3000), nextBlockMinutes: 60, nextBlock: Rupiah(2000),
                        dailyCap: Rupiah(25000), graceMinutes: 5)),
                windows: [TariffWindow(name: "Malam", start: time("22:00"), end: time("06:00"), percent: 0)],
                legalBasis: basis),
            TariffRule(
                id: "a-heavy", name: "Truk A", tariffClasses: ["A"], vehicleClasses: ["truck", "bus"],
                charge: .progressive(
                    TariffProgressiveCharge(
                        firstBlockMinutes: 60, firstBlock: Rupiah(6000), nextBlockMinutes: 60, nextBlock: Rupiah(4000),
                        dailyCap: Rupiah(40000))),
                windows: [
                    TariffWindow(
                        name: "Jam sibuk", days: [.monday, .tuesday, .wednesday, .thursday, .friday],
                        start: time("07:00"), end: time("17:00"), percent: 150)
                ], legalBasis: basis),
            TariffRule(
                id: "b-all", name: "Semua B", tariffClasses: ["B"], vehicleClasses: ["motorcycle", "car"],
                charge: .flat(amount: Rupiah(1000)),
                windows: [
                    TariffWindow(name: "Subuh", start: time("00:00"), end: time("05:00"), percent: 0)
                ], legalBasis: basis),
            TariffRule(
                id: "c-car", name: "Mobil C", tariffClasses: ["C"], vehicleClasses: ["car"],
                charge: .progressive(
                    TariffProgressiveCharge(
                        firstBlockMinutes: 120, firstBlock: Rupiah(5000), nextBlockMinutes: 30, nextBlock: Rupiah(1001),
                        dailyCap: Rupiah(20000))),
                windows: [
                    TariffWindow(name: "Minggu", days: [.sunday], start: time("00:00"), end: time("24:00"), percent: 50)
                ], legalBasis: basis),
        ])

    static let set2025 = TariffSet(
        id: "uji-2025", name: "Tarif uji lama", effectiveFrom: CivilDate(year: 2025, month: 1, day: 1)!,
        effectiveUntil: CivilDate(year: 2026, month: 1, day: 1)!, legalBasis: basis,
        rules: [
            TariffRule(
                id: "all", name: "Semua", tariffClasses: ["A", "B", "C"], vehicleClasses: ["motorcycle", "car"],
                charge: .flat(amount: Rupiah(1000)), legalBasis: basis)
        ])

    static let events = TariffEventCalendar(events: [
        TariffEvent(
            id: "hut", name: "HUT Kota", from: CivilDate(year: 2026, month: 9, day: 5)!,
            through: CivilDate(year: 2026, month: 9, day: 8)!, percent: 200, tariffClasses: ["A"],
            legalBasis: eventBasis),
        TariffEvent(
            id: "promo", name: "Promo lot", from: CivilDate(year: 2026, month: 9, day: 6)!,
            through: CivilDate(year: 2026, month: 9, day: 6)!, percent: 75, zones: ["mdk-lot"], legalBasis: eventBasis),
    ])

    static let evaluator = TariffEvaluator(
        timeZone: .wit, vehicleClasses: vehicles, zones: zones, events: events)

    /// An instant given as WIT wall-clock time, `2026-03-02 10:00` or `2026-03-02 10:00:01`.
    ///
    /// Computed with a fixed UTC+9 offset, independently of `CityTimeZone`.
    static func wit(_ text: String) -> Date {
        let parts = text.split(separator: " ")
        let date = CivilDate(iso8601: String(parts[0]))!
        let clock = parts[1].split(separator: ":").map { Int($0)! }
        let seconds = clock[0] * 3600 + clock[1] * 60 + (clock.count > 2 ? clock[2] : 0)
        return Date(timeIntervalSince1970: TimeInterval(date.daysSince1970 * 86_400 + seconds - 9 * 3600))
    }
}
