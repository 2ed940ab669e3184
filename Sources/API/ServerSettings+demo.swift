import Acquirer
import Foundation
import HTTPTypes
import Logging

extension ServerSettings {
    /// Whether `host` names the loopback interface (``DemoMode/isLoopback(_:)``).
    public static func isLoopback(_ host: String) -> Bool { DemoMode.isLoopback(host) }

    /// Demo mode binds to loopback only (and so does its `/metrics` listener).
    /// - Throws: ``APIError`` `settings.demoNotLoopback` naming the host.
    public func checkDemoHost() throws {
        guard demo else { return }
        for (key, value) in [("http.host", host), ("metrics.host", metricsHost)] where !Self.isLoopback(value) {
            throw APIError(
                .internalServerError, "settings.demoNotLoopback",
                "invalid setting \(key) \"\(value)\": --demo binds to loopback only (127.0.0.1, ::1 or localhost)",
                field: key)
        }
    }

    /// Logs the warning line demo mode starts with.
    func logDemoWarning(_ logger: Logger) {
        guard demo else { return }
        logger.warning(
            "DEMO MODE: test-only acquirer profiles and demo keys are accepted; anyone holding them can mark invoices paid. Never use in production.",
            metadata: ["host": "\(host)"])
    }
}
