import ArgumentParser
import Foundation
import Ledger

/// The city day a benchmark of a day's figures times (`lunas ledger bench-figures`, `bench-day`).
struct BenchDayOptions: ParsableArguments {
    @Option(help: "The city day, YYYY-MM-DD.") var date: String
    @Option(name: .customLong("time-zone"), help: "The city's IANA time zone.") var timeZone: String = "Asia/Jayapura"
    @Option(help: "Timed runs of each query (after one warm-up run).") var runs: Int = 5

    /// The day, its zone and its bounds `[from, to)`.
    func day() throws -> (date: CivilDate, zone: CityTimeZone, from: Date, to: Date) {
        guard let day = CivilDate(iso8601: date) else { throw ValidationError("--date must be YYYY-MM-DD") }
        guard runs > 0 else { throw ValidationError("--runs must be at least 1") }
        let zone: CityTimeZone
        do { zone = try CityTimeZone(identifier: timeZone, label: timeZone) } catch {
            throw ValidationError("--time-zone: \(error)")
        }
        return (day, zone, zone.startOfDay(day), zone.startOfDay(day.adding(days: 1)))
    }
}
