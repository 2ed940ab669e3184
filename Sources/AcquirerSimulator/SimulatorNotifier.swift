import Reconciliation
import Ledger
import Acquirer
import Foundation
import Logging

/// Delivers the simulator's signed notifies over HTTP the way an acquirer does: each delivery of a
/// ``NotifyDeliveryPlan`` waits its delay, is signed afresh, posted to the notify URL, and retried by
/// ``NotifyRetryPolicy`` until it is answered for good. Every attempt is logged in ``deliveries()``.
public actor SimulatorNotifier {
    /// One finished or running delivery, as `GET /sim/notifies` shows it.
    public struct Record: Sendable, Hashable, Codable {
        /// The transaction's `referenceNo`.
        public var referenceNo: String
        /// 0 for the first delivery, 1 for a duplicate.
        public var copy: Int
        /// Where it was posted.
        public var url: String
        /// Attempts made so far.
        public var attempts: Int
        /// The last HTTP status, if an answer came.
        public var lastStatus: Int?
        /// The last `responseCode`, if the answer had one.
        public var lastResponseCode: String?
        /// `pending`, `delivered` (2xx), `refused` (final 4xx), `gave-up` (retries exhausted), `dropped`.
        public var state: String
    }

    private let simulator: AcquirerSimulator
    private var defaultURL: String
    private let policy: NotifyRetryPolicy
    private let http: AcquirerHTTPClient
    private let now: @Sendable () -> Date
    private let logger: Logger
    private var records: [Record] = []
    private var running: [Int: Task<Void, Never>] = [:]
    /// Called after a delivery starts or ends for good, so the server keeps the pending ones on disk.
    private var onChange: (@Sendable () async -> Void)?

    /// Creates a notifier.
    /// - Parameter notifyURL: Lunas's base URL (`http://127.0.0.1:8080`; the profile's notify path is
    ///   appended) or a full notify URL (used as it is).
    public init(
        simulator: AcquirerSimulator, notifyURL: String, policy: NotifyRetryPolicy,
        http: AcquirerHTTPClient = AcquirerHTTPClient(timeout: .seconds(5)), now: @escaping @Sendable () -> Date,
        logger: Logger
    ) {
        self.simulator = simulator
        self.defaultURL = notifyURL
        self.policy = policy
        self.http = http
        self.now = now
        self.logger = logger
    }

    /// Points later notifies at another Lunas (tests that start Lunas after the simulator).
    public func setNotifyURL(_ url: String) { defaultURL = url }

    /// Every delivery so far, in planning order.
    public func deliveries() -> [Record] { records }

    /// Calls `action` whenever a delivery starts or ends for good.
    public func onChange(_ action: @escaping @Sendable () async -> Void) { onChange = action }

    /// The deliveries not yet answered for good, for the state file.
    public func pending() -> [SimulatorState.PendingNotify] {
        records.filter { $0.state == "pending" }.map {
            SimulatorState.PendingNotify(referenceNo: $0.referenceNo, copy: $0.copy, url: $0.url)
        }
    }

    /// Starts again the deliveries that were pending when the simulator stopped (at once, with the
    /// retry policy from the first attempt).
    public func resume(_ pending: [SimulatorState.PendingNotify]) {
        guard !pending.isEmpty else { return }
        for item in pending {
            let index = records.count
            records.append(
                Record(referenceNo: item.referenceNo, copy: item.copy, url: item.url, attempts: 0, state: "pending"))
            let delivery = NotifyDelivery(reference: item.referenceNo, copy: item.copy, delayMilliseconds: 0)
            running[index] = Task { await self.deliver(index: index, delivery: delivery, url: item.url) }
        }
        logger.info("pending notifies resumed", metadata: ["count": "\(pending.count)"])
    }

    /// Plans and starts the deliveries for newly paid transactions; returns at once.
    public func send(_ payments: [SimulatedPayment]) async {
        let plan = await simulator.planNotifies(references: payments.map(\.referenceNo))
        for reference in plan.dropped {
            records.append(Record(referenceNo: reference, copy: 0, url: "", attempts: 0, state: "dropped"))
            logger.info("notify dropped (fault)", metadata: ["referenceNo": "\(reference)"])
        }
        for delivery in plan.deliveries {
            guard let payment = payments.first(where: { $0.referenceNo == delivery.reference }) else { continue }
            let url = target(payment.callbackURL ?? defaultURL, path: await simulator.profile.notifyPath)
            let index = records.count
            records.append(
                Record(referenceNo: delivery.reference, copy: delivery.copy, url: url, attempts: 0, state: "pending"))
            running[index] = Task { await self.deliver(index: index, delivery: delivery, url: url) }
        }
        await onChange?()
    }

    /// Waits until every started delivery has finished (tests and shutdown).
    public func settle() async {
        while let (index, task) = running.first {
            await task.value
            running[index] = nil
        }
    }

    private func deliver(index: Int, delivery: NotifyDelivery, url: String) async {
        try? await Task.sleep(for: .milliseconds(delivery.delayMilliseconds))
        var attempt = 1
        while true {
            records[index].attempts = attempt
            var final = false
            do throws(AcquirerError) {
                let path = URL(string: url)?.path ?? ""
                let request = try await simulator.notifyRequest(referenceNo: delivery.reference, path: path, now: now())
                let response = try await http.send(request, url: url)
                records[index].lastStatus = response.status
                records[index].lastResponseCode =
                    (try? SNAPCoding.decode(SNAPResult.self, from: response.body, what: "notify answer"))?
                    .responseCode.description
                if NotifyRetryPolicy.isFinal(httpStatus: response.status) {
                    records[index].state = (200...299).contains(response.status) ? "delivered" : "refused"
                    final = true
                }
            } catch {
                logger.info("notify attempt failed", metadata: ["url": "\(url)", "error": "\(error.message)"])
            }
            if final { break }
            guard let wait = policy.delayMilliseconds(afterAttempt: attempt) else {
                records[index].state = "gave-up"
                break
            }
            try? await Task.sleep(for: .milliseconds(wait))
            attempt += 1
        }
        await onChange?()
        logger.info(
            "notify delivered",
            metadata: [
                "referenceNo": "\(delivery.reference)", "copy": "\(delivery.copy)", "state": "\(records[index].state)",
                "status": "\(records[index].lastStatus.map(String.init) ?? "-")",
            ])
    }

    /// The URL to post to: a base URL gets the profile's notify path appended.
    func target(_ base: String, path: String) -> String {
        guard let url = URL(string: base), url.path.isEmpty || url.path == "/" else { return base }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }
}
