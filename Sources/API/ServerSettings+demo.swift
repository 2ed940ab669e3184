import Acquirer
import Foundation
import HTTPTypes
import Logging

extension ServerSettings {
    /// Whether `host` names the loopback interface: `localhost`, `::1` or an address in 127.0.0.0/8.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.first == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part).map { _ in !part.isEmpty } ?? false }
    }

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

extension AcquirerProfile {
    /// Refuses a profile that only demo mode may use, unless `demo` is on: a test-only profile
    /// (`"testOnly": true`) or one reading a credential file under a `demo-keys/` directory.
    /// - Parameters:
    ///   - demo: whether the server runs with `--demo`.
    ///   - path: the profile's file, for the message.
    /// - Throws: ``APIError`` `config.demoOnly` naming the profile and the file.
    func checkDemoOnly(demo: Bool, path: String) throws {
        guard !demo else { return }
        var reasons: [String] = []
        if testOnly == true { reasons.append("is test-only (\"testOnly\": true)") }
        let keys = demoCredentialFiles
        if !keys.isEmpty { reasons.append("reads demo keys under demo-keys/: \(keys.joined(separator: ", "))") }
        guard !reasons.isEmpty else { return }
        throw APIError(
            .internalServerError, "config.demoOnly",
            "acquirer profile '\(id)' (\(path)) \(reasons.joined(separator: " and ")); "
                + "it runs only with --demo, on loopback",
            field: "acquirer.profile")
    }
}
