import Foundation
import Ledger

extension AcquirerProfile {
    /// Loads and checks one profile file.
    /// - Throws: ``AcquirerError`` `profile.invalid` (or the field's own code) naming the file and field.
    public static func load(path: String) throws(AcquirerError) -> AcquirerProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AcquirerError(.invalidProfile, "cannot read acquirer profile \(path)")
        }
        var profile: AcquirerProfile
        do {
            profile = try SNAPCoding.decode(AcquirerProfile.self, from: data, what: "acquirer profile \(path)")
        } catch {
            throw AcquirerError(error.code, "\(path): \(error.message)", field: error.field, cause: error.cause)
        }
        if let unknown = ConfigKeys.unknown(in: data, decodedAs: profile).first {
            throw AcquirerError(
                .invalidProfile, "\(path): unknown key \(unknown) (a misspelt key is never ignored)", field: unknown)
        }
        profile.directory = (path as NSString).deletingLastPathComponent
        do {
            try profile.validate()
        } catch {
            throw AcquirerError(error.code, "\(path): \(error.message)", field: error.field)
        }
        return profile
    }

    /// Loads every `*.json` profile in a directory (`Config/acquirers`), sorted by file name.
    /// - Throws: ``AcquirerError`` for the first bad file, or `profile.duplicateID`.
    public static func loadAll(directory: String) throws(AcquirerError) -> [AcquirerProfile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw AcquirerError(.invalidProfile, "cannot list acquirer profiles in \(directory)", cause: error)
        }
        var profiles: [AcquirerProfile] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            let profile = try load(path: directory + "/" + name)
            if profiles.contains(where: { $0.id == profile.id }) {
                throw AcquirerError(
                    .duplicateProfileID, "\(directory)/\(name): profile id '\(profile.id)' is used twice", field: "id")
            }
            profiles.append(profile)
        }
        return profiles
    }

    /// Checks the settings for consistency.
    /// - Throws: ``AcquirerError`` `profile.invalid` naming the field and the bad value.
    public func validate() throws(AcquirerError) {
        func fail(_ field: String, _ message: String) -> AcquirerError {
            AcquirerError(.invalidProfile, "\(field): \(message)", field: field)
        }
        guard !id.isEmpty,
            id.unicodeScalars.allSatisfy({
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
            })
        else { throw fail("id", "must be letters, digits and '-', got '\(id)'") }
        guard HTTPURL.parse(baseURL) != nil else {
            throw fail("baseURL", "must be an http or https URL, got '\(baseURL)'")
        }
        guard pathPrefix.isEmpty || (pathPrefix.hasPrefix("/") && !pathPrefix.hasSuffix("/")) else {
            throw fail("pathPrefix", "must be empty or start with '/' and not end with '/', got '\(pathPrefix)'")
        }
        guard (0...3600).contains(clockSkewSeconds) else {
            throw fail("clockSkewSeconds", "must be 0 to 3600, got \(clockSkewSeconds)")
        }
        if let lifetime = tokenLifetimeSeconds, !(60...86_400).contains(lifetime) {
            throw fail("tokenLifetimeSeconds", "must be 60 to 86400, got \(lifetime)")
        }
        guard validity.minMinutes >= 1, validity.minMinutes <= validity.defaultMinutes,
            validity.defaultMinutes <= validity.maxMinutes
        else {
            throw fail(
                "validity",
                "needs 1 ≤ minMinutes ≤ defaultMinutes ≤ maxMinutes, got \(validity.minMinutes), "
                    + "\(validity.defaultMinutes), \(validity.maxMinutes)")
        }
        let partnerLimit = partnerIDMaxLength ?? 36
        guard (1...36).contains(partnerLimit) else {
            throw fail("partnerIDMaxLength", "must be 1 to 36, got \(partnerLimit)")
        }
        guard !credentials.partnerID.isEmpty, credentials.partnerID.count <= partnerLimit else {
            throw fail(
                "credentials.partnerID", "must be 1 to \(partnerLimit) characters, got '\(credentials.partnerID)'")
        }
        guard !credentials.clientID.isEmpty else { throw fail("credentials.clientID", "is empty") }
        guard (1...5).contains(channelID.count) else {
            throw fail("channelID", "must be 1 to 5 characters, got '\(channelID)'")
        }
        guard !merchantId.isEmpty else { throw fail("merchantId", "is empty") }
        if let path = notify.path, !path.hasPrefix("/") {
            throw fail("notify.path", "must start with '/', got '\(path)'")
        }
        switch notify.scheme {
        case .none:
            guard notify.allowUnsigned == true, testOnly == true else {
                throw AcquirerError(
                    .unsignedNotifyRefused,
                    "notify.scheme: 'none' (unsigned notify) needs \"testOnly\": true and notify.allowUnsigned: true",
                    field: "notify.scheme")
            }
        case .rsaClientTimestamp, .rsaBody:
            guard credentials.acquirerPublicKey != nil else {
                throw fail("credentials.acquirerPublicKey", "is required by notify scheme \(notify.scheme.rawValue)")
            }
            // `clientId|X-TIMESTAMP` signs no byte of the body: a captured header pair would pay
            // any other bill within the skew window. Only a query to the acquirer makes it safe.
            if notify.scheme == .rsaClientTimestamp, !notify.confirmWithQuery, testOnly != true {
                throw AcquirerError(
                    .unsignedNotifyBodyRefused,
                    "profile '\(id)': notify.scheme 'rsa-client-timestamp' does not sign the body; it needs "
                        + "notify.confirmWithQuery: true (or \"testOnly\": true)",
                    field: "notify.confirmWithQuery")
            }
        case .hmacSHA512:
            guard credentials.notifySecret != nil || credentials.clientSecret != nil else {
                throw fail("credentials.notifySecret", "or clientSecret is required by notify scheme hmac-sha512")
            }
        }
        if let merchants = simulator?.merchants {
            for (index, merchant) in merchants.enumerated() {
                guard merchant.nmid.count == 15, merchant.nmid.hasPrefix("ID") else {
                    throw fail(
                        "simulator.merchants[\(index)].nmid",
                        "must be 15 characters starting with ID, got '\(merchant.nmid)'")
                }
            }
        }
    }

    /// Loads the secrets this profile references (only those present).
    /// - Parameter environment: the process environment (injected for tests).
    /// - Throws: ``AcquirerError`` `profile.secretUnavailable` or `key.invalid`, naming the key, never its value.
    public func loadCredentials(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AcquirerError)
        -> AcquirerCredentials
    {
        func secret(_ reference: SecretReference?, _ name: String) throws(AcquirerError) -> Secret? {
            guard let reference else { return nil }
            return try reference.load(directory: directory, environment: environment, name: "credentials.\(name)")
        }
        var loaded = AcquirerCredentials(partnerID: credentials.partnerID, clientID: credentials.clientID)
        loaded.clientSecret = try secret(credentials.clientSecret, "clientSecret")
        loaded.notifySecret = try secret(credentials.notifySecret, "notifySecret") ?? loaded.clientSecret
        if let pem = try secret(credentials.partnerPrivateKey, "partnerPrivateKey") {
            loaded.partnerSigningKey = try RSASigningKey(pem: pem, name: "credentials.partnerPrivateKey")
        }
        if let pem = try secret(credentials.partnerPublicKey, "partnerPublicKey") {
            loaded.partnerPublicKey = try RSAVerificationKey(pem: pem.utf8String, name: "credentials.partnerPublicKey")
        }
        if let pem = try secret(credentials.acquirerPrivateKey, "acquirerPrivateKey") {
            loaded.acquirerSigningKey = try RSASigningKey(pem: pem, name: "credentials.acquirerPrivateKey")
        }
        if let pem = try secret(credentials.acquirerPublicKey, "acquirerPublicKey") {
            loaded.acquirerPublicKey = try RSAVerificationKey(
                pem: pem.utf8String, name: "credentials.acquirerPublicKey")
        }
        return loaded
    }
}

extension AcquirerError.Code {
    /// An acquirer profile is unreadable or inconsistent.
    public static let invalidProfile = Self("profile.invalid")
    /// Two profiles share an id.
    public static let duplicateProfileID = Self("profile.duplicateID")
    /// A profile asks for unsigned notifies without being a test profile that allows them.
    public static let unsignedNotifyRefused = Self("profile.unsignedNotify")
    /// A profile's notify scheme signs no byte of the body (`rsa-client-timestamp`) and it neither
    /// confirms each notify with a query nor is a test profile.
    public static let unsignedNotifyBodyRefused = Self("profile.unsignedNotifyBody")
}
