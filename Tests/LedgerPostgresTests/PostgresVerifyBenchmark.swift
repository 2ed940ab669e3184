import Foundation
import Ledger
import LedgerPostgres
import Logging
import Testing

/// `Benchmarks/verify/postgres.sh`'s measuring step, until `lunas ledger verify --database
/// postgres://…` opens a PostgreSQL store: verifies the ledger named by `LUNAS_VERIFY_BENCH_DATABASE`
/// (its password in the file `LUNAS_VERIFY_BENCH_PASSWORD_FILE`) and prints one line of figures:
/// events, wall and CPU seconds of the process, events per second, and the peak resident set
/// size while verifying (the high-water mark reset just before, through `/proc/self/clear_refs`).
/// Not a test: skipped unless the variable is set; no timing is asserted.
@Suite(
    "verify benchmark on PostgreSQL",
    .enabled(if: ProcessInfo.processInfo.environment["LUNAS_VERIFY_BENCH_DATABASE"] != nil))
struct PostgresVerifyBenchmark {
    @Test func verifyTheNamedLedger() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard case .postgres(let server) = try DatabaseLocation.parse(environment["LUNAS_VERIFY_BENCH_DATABASE"] ?? "")
        else { Issue.record("LUNAS_VERIFY_BENCH_DATABASE is not a postgres:// URL"); return }
        let password = try DatabaseLocation.password(environment: [
            DatabaseLocation.passwordFileVariable: environment["LUNAS_VERIFY_BENCH_PASSWORD_FILE"] ?? ""
        ])
        let line = try await SQLSessionContractTests.onOwnThread {
            let session = try PostgresSession.open(server, password: password, logger: Logger(label: "bench"))
            defer { session.close() }
            try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
            let rssBefore = Self.status("VmRSS")
            let cpuBefore = Self.cpuSeconds()
            let start = ContinuousClock.now
            let report = try PostgresLedgerVerify.run(session)
            let wall = (ContinuousClock.now - start) / .seconds(1)
            let cpu = Self.cpuSeconds() - cpuBefore
            let events = Double(report.eventCount)
            return "postgres: \(report.isIntact ? "intact" : "NOT INTACT") events=\(report.eventCount) "
                + "wall_s=\(Self.rounded(wall)) cpu_s=\(Self.rounded(cpu)) events_per_s_wall=\(Int(events / wall)) "
                + "events_per_s_cpu=\(Int(events / cpu)) rss_before_mib=\(rssBefore / 1024) "
                + "peak_rss_mib=\(Self.status("VmHWM") / 1024) largest_answer=\(session.largestAnswer) "
                + "problems=\(report.problems.count)"
        }
        print(line)
    }

    static func rounded(_ value: Double) -> String {
        "\(Double(Int(value * 10)) / 10)"
    }

    /// A `/proc/self/status` figure in KiB.
    static func status(_ field: String) -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// User and system CPU seconds of the whole process (every thread: the event loop decodes rows).
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1_000_000_000
    }
}
