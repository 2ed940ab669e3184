import Acquirer
import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `lunas serve` as a real process: before issue 12 a signed notify of 9223372036854775807 rupiah
/// for an unknown bill trapped the process at the next `/metrics` scrape or daily report, and again
/// after every restart.
@Suite("A huge notify amount against a real lunas serve process, across a restart")
struct NotifyRestartTests {
    /// Starts `lunas serve --demo` on any free ports; returns the process and both ports.
    static func serve(_ data: URL, log: String) async throws -> (process: ChildProcess, port: Int, metricsPort: Int) {
        let (process, port) = try await ListeningProcess.start(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir", data.path, "--config",
                APIFixture.configDirectory + "/lunas.json",
            ],
            log: data.appendingPathComponent(log))
        // The metrics listener logs its address once it listens (bounded wait, not a timing assertion).
        let line = try await process.line(containing: "metrics served")
        guard let line, let metricsPort = ListeningProcess.port(after: "127.0.0.1:", in: line) else {
            Issue.record("no 'metrics served' line from \(process.command): \(process.printed)")
            throw CancellationError()
        }
        return (process, port, metricsPort)
    }

    static func get(_ url: String, token: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: try #require(URL(string: url)))
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (body, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: body, as: UTF8.self))
    }

    @Test("the notify answers 200; /metrics and the daily report answer before and after a restart")
    func hugeAmountAcrossRestart() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let token = Device.generateToken()
        do {
            let store = try await SQLiteLedgerStore.open(path: data.appendingPathComponent("lunas.sqlite").path)
            _ = try await store.enrolDevice(
                DeviceDraft(
                    id: Device.ID("fin-1"), name: "Finance 1", role: .finance, zone: "-",
                    credentialHash: Device.credentialHash(forToken: token), enrolledAt: Date(),
                    idempotencyKey: "enrol-fin-1"))
        }
        let notifies = try SignedNotifies.demo()
        let reportDate = String(
            ISO8601DateFormatter().string(from: Date().addingTimeInterval(9 * 3600)).prefix(10))  // the WIT day

        var server = try await Self.serve(data, log: "serve-1.log")
        defer { server.process.send(SIGTERM) }
        let body = try SignedNotifies.body(
            bill: "AMBNOSUCHBILL7", rrn: "RRN424242424", amount: "9223372036854775807",
            paidTime: SNAPTimestamp(date: Date(), offset: notifies.profile.timestampZone).text)
        let notify = try notifies.request(body, now: Date(), number: 1)
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(server.port)\(notify.path)")))
        request.httpMethod = "POST"
        for field in notify.headers { request.setValue(field.value, forHTTPHeaderField: field.name) }
        request.httpBody = Data(notify.body)
        let (answer, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: answer, as: UTF8.self))")
        #expect(String(decoding: answer, as: UTF8.self).contains("2005200"))

        for round in 1...2 {
            let metrics = try await Self.get("http://127.0.0.1:\(server.metricsPort)/metrics")
            #expect(metrics.status == 200, "round \(round): \(metrics.body)")
            let report = try await Self.get(
                "http://127.0.0.1:\(server.port)/api/v1/reports/daily?date=\(reportDate)", token: token)
            #expect(report.status == 200, "round \(round): \(report.body)")
            let figures = try JSONSerialization.jsonObject(with: Data(report.body.utf8)) as? [String: Any]
            let exceptions = figures?["paymentExceptions"] as? [String: Any]
            #expect(exceptions?["count"] as? Int == 1 && exceptions?["amount"] as? Int == 0, "\(report.body)")
            #expect(server.process.isRunning, "round \(round): the server stopped")
            let stopped = try await server.process.stop()
            #expect(stopped.succeeded, "\(stopped)")
            if round == 1 { server = try await Self.serve(data, log: "serve-2.log") }
        }

        let verify = try await DeviceCLITests.run(["ledger", "verify", "--data-dir", data.path])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        let listed = try await DeviceCLITests.run([
            "ledger", "payments", "--verified-by", notifies.keyID, "--data-dir", data.path,
        ])
        #expect(listed.stdout.contains("amount as sent 9223372036854775807"), "\(listed.stdout)")
        #expect(listed.stdout.contains("amount_out_of_range"))
    }
}
