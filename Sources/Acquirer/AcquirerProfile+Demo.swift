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
