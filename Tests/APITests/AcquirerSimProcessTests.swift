import Foundation
import Ledger
import LunasTestSupport
import QRIS
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("lunas acquirer-sim as a real process")
struct AcquirerSimProcessTests {
    /// Starts `lunas acquirer-sim --port 0` on `data` and returns the process and its port.
    static func start(data: URL, log name: String) async throws -> (ChildProcess, Int) {
        try await ListeningProcess.start(
            [
                "acquirer-sim", "--demo", "--port", "0", "--data-dir", data.path, "--notify-url", "http://127.0.0.1:1",
                "--profile", APIFixture.configDirectory + "/acquirers/simulator.json",
            ], log: data.appendingPathComponent(name))
    }

    @Test("pay prints the payment; after a restart on the same data directory the settlement still lists it")
    func payAndRestart() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let city = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory)).city
        let qr = try QRISPayload.makeDynamic(
            fromStatic: city.merchant.staticQRIS, amount: 3_000, billNumber: "AMBPROCESS01", terminalLabel: "HH")

        let (first, port) = try await Self.start(data: data, log: "first.log")
        defer { first.send(SIGTERM) }
        let paid = try await DeviceCLITests.run(["acquirer-sim", "pay", qr, "--url", "http://127.0.0.1:\(port)"])
        #expect(paid.status == 0, "\(paid.stderr)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(paid.stdout.utf8)) as? [String: Any], "\(paid.stdout)")
        #expect(answer["billNumber"] as? String == "AMBPROCESS01")
        #expect(answer["amount"] as? Int == 3000)
        let rrn = try #require(answer["rrn"] as? String)
        let refused = try await DeviceCLITests.run([
            "acquirer-sim", "pay", "000201", "--url", "http://127.0.0.1:\(port)",
        ])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("HTTP 400"))
        let firstStopped = try await first.stop()
        #expect(firstStopped.succeeded, "\(firstStopped)")

        let (second, again) = try await Self.start(data: data, log: "second.log")
        defer { second.send(SIGTERM) }
        // Settlement is T+1 working day: ask for the file that holds today's payments; it names its date.
        let day = CivilDateText.jakarta(Date())
        let (body, response) = try await URLSession.shared.data(
            from: URL(string: "http://127.0.0.1:\(again)/sim/settlement?paidOn=\(day)")!)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 200)
        let settlementDate = try #require(http.value(forHTTPHeaderField: "X-Settlement-Date"))
        #expect(settlementDate > day, "\(settlementDate) after \(day)")
        let csv = String(decoding: body, as: UTF8.self)
        #expect(csv.contains("AMBPROCESS01"), "\(csv)")
        #expect(csv.contains(rrn))
        let secondStopped = try await second.stop()
        #expect(secondStopped.succeeded, "\(secondStopped)")
    }

    @Test("lunas serve refuses a bad --acquirer-url with exit 2 naming the setting")
    func badAcquirerURL() async throws {
        let config = APIFixture.configDirectory + "/lunas.json"
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-url-\(UUID().uuidString)").path
        let flag = try await DeviceCLITests.run([
            "serve", "--port", "0", "--config", config, "--data-dir", data, "--acquirer-url", "ftp://bank",
        ])
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("acquirer.url"), "\(flag.stderr)")
    }
}

/// `YYYY-MM-DD` in Asia/Jakarta (the simulator's settlement day).
enum CivilDateText {
    static func jakarta(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
