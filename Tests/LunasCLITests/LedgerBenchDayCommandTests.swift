import Foundation
import Testing

/// `lunas ledger bench-day` (Benchmarks/day/run.sh): on a real ledger written by `bench-issue`, it
/// times the daily report's reads, the close's checks and the statement's figures, then closes the
/// day and builds its journal; bad options are refused by name.
@Suite("lunas ledger bench-day: a day's figures timed, the day closed, its journal built")
struct LedgerBenchDayCommandTests {
    static func witDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Jayapura")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    @Test("a bench-issue day: report, checks and statement timed; then expired, closed, journal balanced")
    func closesTheDay() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-bench-day-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = Self.witDate(Date())
        let issued = try await LunasBinary.run([
            "ledger", "bench-issue", "--data-dir", directory.path, "--count", "300", "--issuers", "4",
        ])
        #expect(issued.status == 0, "\(issued.stderr)")
        let day = Self.witDate(Date())
        let output = try await LunasBinary.run([
            "ledger", "bench-day", "--data-dir", directory.path, "--date", day, "--runs", "2", "--close",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdoutLines
        #expect(lines.map { String($0.prefix { $0 != " " }) } == [
            "dailyReport", "dayBlockers", "statementFigures", "close", "journal",
        ])
        // Issued within one WIT day (the day did not change while they were written): all 300 counted,
        // all still `issued` until the close expires them.
        if before == day {
            #expect(lines[0].contains("invoices=300"), "\(lines[0])")
            #expect(lines[1].contains("invoice_not_final:300"), "\(lines[1])")
            #expect(lines[3].contains("expired=300"), "\(lines[3])")
        }
        let journal = lines[4]
        let debit = journal.split(separator: " ").first { $0.hasPrefix("debit=") }?.dropFirst(6)
        let credit = journal.split(separator: " ").first { $0.hasPrefix("credit=") }?.dropFirst(7)
        #expect(debit != nil && debit == credit, "\(journal)")
    }

    @Test(
        "a bad date, zone or run count is refused by name, with nothing opened",
        arguments: [
            (["--date", "2026-13-40"], "--date must be YYYY-MM-DD"),
            (["--date", "2026-12-07", "--runs", "0"], "--runs must be at least 1"),
            (["--date", "2026-12-07", "--time-zone", "Mars/Olympus"], "--time-zone"),
        ])
    func refusals(arguments: [String], message: String) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-bench-day-\(UUID())")
        let output = try await LunasBinary.run(["ledger", "bench-day", "--data-dir", directory.path] + arguments)
        #expect(output.status != 0)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }
}
