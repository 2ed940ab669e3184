import Foundation
import FoundationNetworking
import LunasTestSupport
import Synchronization
import Testing

/// The bank of ``TwoNodeCrashTests``: a real `lunas acquirer-sim` (the demo profile, its demo keys,
/// real SNAP signatures) whose notify URL is the city's one address, the shipped nginx site over both
/// nodes (`deploy/nginx-lunas-upstream-nodes.conf`), which spreads the notifies over A and B and passes
/// one that finds a node down to the other. A notify that fails for good at nginx (a node killed while
/// it held the request: 502) is retried by the simulator as its `NotifyRetryPolicy` says (5 attempts,
/// 1 s doubling), as an acquirer does; `GET /sim/notifies` shows every delivery's fate.
///
/// One simulator, not one per node: its X-EXTERNAL-IDs are a day and a sequence, so two simulators
/// would send the same ids, which the nodes rightly refuse as replays of one acquirer.
final class TwoNodeBank: Sendable {
    /// One payment the bank accepted: the simulator's reference and the bill it paid.
    typealias Payment = (referenceNo: String, billNumber: String)

    let simulator: ChildProcess
    let nginx: ChildProcess
    /// The simulator's port.
    let port: Int
    /// nginx's port: the city's one address.
    let front: Int
    /// Every payment accepted, and how many the bank refused or did not answer.
    let paid = Mutex<[Payment]>([])
    let failedPays = Atomic<Int>(0)

    init(simulator: ChildProcess, nginx: ChildProcess, port: Int, front: Int) {
        self.simulator = simulator
        self.nginx = nginx
        self.port = port
        self.front = front
    }

    /// Starts nginx over `nodes` and the simulator notifying it, in `folder`.
    static func start(notifying nodes: [Int], in folder: URL) async throws -> TwoNodeBank {
        try #require(FileManager.default.isExecutableFile(atPath: NginxSite.nginx), "nginx is not installed")
        let site = folder.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let (nginx, front) = try await NginxSite.start(upstreams: nodes, in: site)
        let profile = TestExecutable.repositoryRoot.appendingPathComponent("Config/acquirers/simulator.json").path
        let simulator = try ChildProcess.start(
            TestExecutable.lunas(),
            [
                "acquirer-sim", "--demo", "--port", "0", "--data-dir", folder.appendingPathComponent("sim").path,
                "--profile", profile, "--notify-url", "http://127.0.0.1:\(front)",
            ], log: folder.appendingPathComponent("sim.log"))
        let port = try await TwoNodeServeTests.listeningPort(of: simulator, name: "the simulator")
        return TwoNodeBank(simulator: simulator, nginx: nginx, port: port, front: front)
    }

    /// Pays `qris` as an e-wallet would; the simulator then notifies.
    func pay(_ qris: String) async {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/sim/pay")!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try? JSONSerialization.data(withJSONObject: ["qris": qris])
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            (response as? HTTPURLResponse)?.statusCode == 200,
            let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
            let reference = body["referenceNo"] as? String, let bill = body["billNumber"] as? String
        else {
            failedPays.add(1, ordering: .relaxed)
            return
        }
        paid.withLock { $0.append((reference, bill)) }
    }

    /// Every delivery (`GET /sim/notifies`): its states by reference number (a duplicate delivery
    /// would add a second) and the attempts they took.
    func deliveries() async throws -> (states: [String: [String]], attempts: Int) {
        let (data, _) = try await URLSession.shared.data(
            from: try #require(URL(string: "http://127.0.0.1:\(port)/sim/notifies")))
        let records = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        var states: [String: [String]] = [:]
        for record in records {
            states[record["referenceNo"] as? String ?? "", default: []].append(record["state"] as? String ?? "")
        }
        return (states, records.reduce(0) { $0 + ($1["attempts"] as? Int ?? 0) })
    }

    /// Waits until every payment has a delivery and none is pending (a bound on a broken run, not a
    /// timing assertion: the last retry of a notify starts 15 s after its first).
    func settled() async throws -> (states: [String: [String]], attempts: Int) {
        let references = paid.withLock { $0.map(\.referenceNo) }
        var seen: (states: [String: [String]], attempts: Int) = ([:], 0)
        try await Condition.waitUntil("every notify is answered for good or given up", within: .seconds(120)) {
            seen = try await deliveries()
            return references.allSatisfy { seen.states[$0] != nil } && !seen.states.values.joined().contains("pending")
        }
        return seen
    }

    func stop() {
        simulator.send(SIGKILL)
        nginx.send(SIGTERM)
    }
}
