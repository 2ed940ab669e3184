import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import Reconciliation

@Suite struct ScheduleAndCalendarTests {
    @Test func feeRoundsHalfUpWithoutOverflow() {
        #expect(MDRSchedule.fee(gross: 5000, basisPoints: 30) == 15)
        #expect(MDRSchedule.fee(gross: 2500, basisPoints: 70) == 18)  // 17.5 → 18
        #expect(MDRSchedule.fee(gross: 2499, basisPoints: 70) == 17)  // 17.493 → 17
        #expect(MDRSchedule.fee(gross: 1, basisPoints: 5000) == 1)  // 0.5 → 1
        #expect(MDRSchedule.fee(gross: -2500, basisPoints: 70) == -18)
        #expect(MDRSchedule.fee(gross: 999_999_999_999_999, basisPoints: 10000) == 999_999_999_999_999)
        #expect(MDRSchedule.fee(gross: 0, basisPoints: 70) == 0)
    }

    /// Property: the split formula equals the direct one wherever the direct one cannot overflow.
    @Test func feeMatchesDirectFormula() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<10000 {
            let gross = Int64(rng.next() % 100_000_000_000)
            let bp = Int(rng.next() % 10001)
            #expect(MDRSchedule.fee(gross: gross, basisPoints: bp) == (gross * Int64(bp) + 5000) / 10000)
        }
    }

    @Test func repositoryScheduleSelectsByCategoryDateAndAmount() throws {
        let schedule = try MDRSchedule.load(contentsOf: repositoryRoot().appendingPathComponent("Config/mdr.json"))
        let december2024 = CivilDate(year: 2024, month: 12, day: 2)!
        let june2024 = CivilDate(year: 2024, month: 6, day: 1)!
        #expect(schedule.basisPoints(category: "UMI", mcc: nil, on: december2024, gross: 200_000) == 0)
        #expect(schedule.basisPoints(category: "UMI", mcc: nil, on: june2024, gross: 200_000) == 30)
        #expect(schedule.basisPoints(category: "UMI", mcc: nil, on: december2024, gross: 600_000) == 30)
        #expect(schedule.basisPoints(category: "P2G", mcc: nil, on: december2024, gross: 600_000) == 0)
        #expect(schedule.basisPoints(category: "UKE", mcc: nil, on: december2024, gross: 5000) == 70)
        #expect(schedule.basisPoints(category: nil, mcc: nil, on: december2024, gross: 5000) == 70)
    }

    @Test func mccSpecificRateWins() throws {
        let json = """
            {"rates": [{"category": "UKE", "mcc": null, "validFrom": "2020-01-01", "validTo": null, "rateBasisPoints": 70, "maxAmount": null, "basis": "a"},
                       {"category": "UKE", "mcc": "7523", "validFrom": "2020-01-01", "validTo": null, "rateBasisPoints": 40, "maxAmount": null, "basis": "b"}],
             "default": {"rateBasisPoints": 70}}
            """
        let schedule = try MDRSchedule(json: Data(json.utf8))
        let day = CivilDate(year: 2025, month: 1, day: 1)!
        #expect(schedule.basisPoints(category: "UKE", mcc: "7523", on: day, gross: 1) == 40)
        #expect(schedule.basisPoints(category: "UKE", mcc: "5411", on: day, gross: 1) == 70)
    }

    @Test func scheduleErrorsNameTheKey() {
        let bad = [
            (#"{"rates": [], "default": {"rateBasisPoints": 70}, "extra": 1}"#, "extra"),
            (
                #"{"rates": [{"category": "UMI", "validFrom": "2024-13-01", "rateBasisPoints": 0, "basis": "x"}], "default": {"rateBasisPoints": 70}}"#,
                "rates[0].validFrom"
            ),
            (
                #"{"rates": [{"category": "UMI", "validFrom": "2024-12-01", "rateBasisPoints": 0, "basis": "x", "rate": 1}], "default": {"rateBasisPoints": 70}}"#,
                "rates[0].rate"
            ),
            (#"{"rates": [], "default": {"rateBasisPoints": 20000}}"#, "default.rateBasisPoints"),
        ]
        for (json, key) in bad {
            let error = #expect(throws: LedgerError.self) { _ = try MDRSchedule(json: Data(json.utf8)) }
            #expect(error?.code == .mdrInvalid, "\(json)")
            #expect(error?.field == key, "\(json)")
        }
    }

    @Test func repositoryHolidaysCoverTwoYears() throws {
        let calendar = try HolidayCalendar.load(path: repositoryRoot().appendingPathComponent("Config/holidays").path)
        #expect(calendar.years.isSuperset(of: [2025, 2026]))
        // Paid Thursday 27 Mar 2025: Fri 28 is cuti bersama (Nyepi), Sat 29 Nyepi, Mon 31–Tue 1 Apr Idul Fitri,
        // Wed 2–Fri 4 and Mon 7 cuti bersama, so T+1 is Tuesday 8 April.
        let thursday = CivilDate(year: 2025, month: 3, day: 27)!
        #expect(calendar.addingWorkingDays(1, to: thursday) == CivilDate(year: 2025, month: 4, day: 8))
        #expect(!calendar.isWorkingDay(CivilDate(year: 2026, month: 8, day: 17)!))
        #expect(calendar.isWorkingDay(CivilDate(year: 2026, month: 8, day: 18)!))
    }

    @Test func workingDaysSkipWeekends() {
        let calendar = HolidayCalendar()
        let friday = CivilDate(year: 2025, month: 7, day: 11)!
        #expect(friday.weekday == .friday)
        #expect(calendar.addingWorkingDays(1, to: friday) == CivilDate(year: 2025, month: 7, day: 14))
        #expect(calendar.addingWorkingDays(2, to: friday) == CivilDate(year: 2025, month: 7, day: 15))
        let saturday = friday.adding(days: 1)
        #expect(calendar.addingWorkingDays(0, to: saturday) == CivilDate(year: 2025, month: 7, day: 14))
    }
}
