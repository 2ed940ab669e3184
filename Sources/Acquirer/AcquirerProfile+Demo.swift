import Foundation

extension AcquirerProfile {
    /// The credential files this profile reads from a `demo-keys/` directory, as resolved paths.
    ///
    /// Keys under `demo-keys/` are committed to the repository, so whoever reads it can sign as
    /// the acquirer: a server that trusts them runs only in demo mode.
    public var demoCredentialFiles: [String] {
        let references: [SecretReference?] = [
            credentials.clientSecret, credentials.partnerPrivateKey, credentials.partnerPublicKey,
            credentials.acquirerPrivateKey, credentials.acquirerPublicKey, credentials.notifySecret,
        ]
        return references.compactMap { reference in
            guard case .file(let path) = reference else { return nil }
            let resolved = path.hasPrefix("/") || directory == nil ? path : directory! + "/" + path
            return resolved.split(separator: "/").contains("demo-keys") ? resolved : nil
        }
    }

    /// Whether only demo mode may use this profile: it is test-only or reads a key under `demo-keys/`.
    public var isDemoOnly: Bool { testOnly == true || !demoCredentialFiles.isEmpty }
}

extension AcquirerProfile {
    /// Refuses a profile that only demo mode may use, unless `demo` is on: a test-only profile
    /// (`"testOnly": true`) or one reading a credential file under a `demo-keys/` directory.
    /// - Parameters:
    ///   - demo: whether the server runs with `--demo`.
    ///   - path: the profile's file, for the message.
    /// - Throws: ``AcquirerError`` `config.demoOnly` naming the profile and the file.
    public func checkDemoOnly(demo: Bool, path: String) throws(AcquirerError) {
        guard !demo else { return }
        var reasons: [String] = []
        if testOnly == true { reasons.append("is test-only (\"testOnly\": true)") }
        let keys = demoCredentialFiles
        if !keys.isEmpty { reasons.append("reads demo keys under demo-keys/: \(keys.joined(separator: ", "))") }
        guard !reasons.isEmpty else { return }
        throw AcquirerError(
            .demoOnly,
            "acquirer profile '\(id)' (\(path)) \(reasons.joined(separator: " and ")); "
                + "it runs only with --demo, on loopback",
            field: "acquirer.profile")
    }
}

/// Where demo mode may run.
public enum DemoMode {
    /// Whether `host` names the loopback interface: `localhost`, `::1` or an address in 127.0.0.0/8.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.first == "127" else { return false }
        return parts.allSatisfy { part in UInt8(part).map { _ in !part.isEmpty } ?? false }
    }
}

extension AcquirerError.Code {
    /// A test-only profile or demo keys without `--demo`.
    public static let demoOnly = Self("config.demoOnly")
}
