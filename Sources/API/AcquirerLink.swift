import Acquirer
import Foundation
import HTTPTypes
import Ledger

/// The city's acquirer as `lunas serve` uses it: the profile named in `lunas.json`
/// (`{"acquirer": {"profile": "simulator"}}` → `Config/acquirers/simulator.json`), its notify
/// verifier and, in `snap` issuing mode or with `notify.confirmWithQuery`, the SNAP client that
/// generates invoice QRs and confirms notifies; the same client refunds payments whenever the
/// profile's credentials can sign SNAP calls.
///
/// Without an `acquirer` key the server runs without one: `local` issuing and no notify route.
public struct AcquirerLink: Sendable {
    /// The acquirer profile.
    public let profile: AcquirerProfile
    /// Verifies notifies and decides what they mean.
    public let processor: NotifyProcessor
    /// Generates invoice QRs at the acquirer; `nil` in `local` mode.
    public let qrIssuer: SNAPQRIssuer?
    /// Confirms each paid notify with a query when the profile sets `notify.confirmWithQuery`.
    public let confirmer: SNAPQRIssuer?
    /// Refunds payments (SNAP refund): the SNAP session whenever the profile's credentials can sign
    /// SNAP calls, in `local` mode too; nil otherwise (refunds then answer 503).
    public let refunder: SNAPQRIssuer?

    /// Creates a link from loaded parts.
    /// - Parameter session: the SNAP client over HTTP; required for a `snap` profile or one that
    ///   confirms notifies with a query, ignored otherwise.
    /// - Parameter replays: the notify replay cache (`rsa-client-timestamp` profiles).
    public init(
        profile: AcquirerProfile, credentials: AcquirerCredentials, session: SNAPQRIssuer?,
        replays: (any NotifyReplayStore)? = nil
    ) {
        self.profile = profile
        self.processor = NotifyProcessor(profile: profile, credentials: credentials, replays: replays)
        self.qrIssuer = profile.issuingMode == .snap ? session : nil
        self.confirmer = profile.notify.confirmWithQuery ? session : nil
        self.refunder = session
    }

    /// Loads the acquirer named in `CONFIG_DIR/lunas.json`, or `nil` when it names none.
    /// - Parameters:
    ///   - acquirerURL: overrides the profile's `baseURL` (`--acquirer-url`).
    ///   - dataDirectory: holds `external-ids.jsonl`, the persisted X-EXTERNAL-IDs (snap mode), and
    ///     `notify-replays.jsonl`, the notify replay cache (`rsa-client-timestamp`).
    ///   - demo: demo mode (`--demo`): only then may the profile be test-only or read `demo-keys/`.
    ///   - shared: the database's stores of X-EXTERNAL-IDs and notify replays when several nodes
    ///     share them (PostgreSQL); nil keeps them in `dataDirectory`.
    /// - Throws: ``APIError`` `config.invalid` naming the file and field, `config.demoOnly` naming
    ///   the profile and the file, or the profile's own error.
    public static func load(
        configDirectory: String, dataDirectory: String, acquirerURL: String?, demo: Bool,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() }, shared: SharedNodeState? = nil
    ) async throws -> AcquirerLink? {
        let file = URL(fileURLWithPath: configDirectory).appendingPathComponent("lunas.json").path
        guard let data = FileManager.default.contents(atPath: file),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let section = root["acquirer"]
        else { return nil }
        // `profile` is the link's own; `url` belongs to the server settings table (`acquirer.url`).
        if let object = section as? [String: Any],
            let unknown = object.keys.sorted().first(where: { $0 != "profile" && $0 != "url" })
        {
            throw APIError(
                .internalServerError, "config.invalid",
                "\(file): unknown key acquirer.\(unknown) (allowed: profile, url)", field: "acquirer.\(unknown)")
        }
        guard let object = section as? [String: Any], let id = object["profile"] as? String,
            !id.isEmpty, !id.contains("/"), !id.hasPrefix(".")
        else {
            throw APIError(
                .internalServerError, "config.invalid",
                "\(file): acquirer must be {\"profile\": ID} naming Config/acquirers/ID.json", field: "acquirer.profile"
            )
        }
        let profilePath = URL(fileURLWithPath: configDirectory).appendingPathComponent("acquirers/\(id).json").path
        var profile = try AcquirerProfile.load(path: profilePath)
        try profile.checkDemoOnly(demo: demo, path: profilePath)
        try SecretFilePermissions.check(profile: profile, demo: demo)
        if let acquirerURL {
            profile.baseURL = acquirerURL
            try profile.validate()
        }
        let credentials = try profile.loadCredentials(environment: environment)
        // The check by path above misses the demo keys copied elsewhere; their fingerprints do not.
        let keyID = NotifyKeyID.of(profile: profile, credentials: credentials)
        if !demo, NotifyKeyID.committedDemoKeys.contains(keyID) {
            throw APIError(
                .internalServerError, "config.demoOnly",
                "acquirer profile '\(profile.id)' (\(profilePath)) verifies notifies with a demo key committed to "
                    + "the repository (key id \(keyID)), wherever its file now lies; it runs only with --demo, on loopback",
                field: "acquirer.profile")
        }
        var session: SNAPQRIssuer?
        let needsSNAP = profile.issuingMode == .snap || profile.notify.confirmWithQuery
        // Refunds need a SNAP session too, but only where the profile can sign SNAP calls.
        let canSign =
            (try? credentials.requirePartnerSigningKey()) != nil && (try? credentials.requireClientSecret()) != nil
        if needsSNAP || canSign {
            // Both need the token key and the client secret: fail at start, not at the first call.
            _ = try credentials.requirePartnerSigningKey()
            _ = try credentials.requireClientSecret()
            let store: any ExternalIDStore
            if let shared {
                store = shared.externalIDs
            } else {
                try PrivateFile.createDirectory(dataDirectory)
                store = try FileExternalIDStore(
                    path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("external-ids.jsonl").path)
            }
            session = SNAPQRIssuer(
                client: SNAPClient(profile: profile, credentials: credentials), externalIDs: store, now: now)
        }
        var replays: (any NotifyReplayStore)?
        if profile.notify.scheme == .rsaClientTimestamp {
            // The scheme signs no byte of the body: each header pair and X-EXTERNAL-ID is used once.
            let window = TimeInterval(profile.clockSkewSeconds)
            if let shared {
                replays = try await shared.notifyReplays(window, now())
            } else {
                try PrivateFile.createDirectory(dataDirectory)
                replays = try NotifyReplayCache(
                    path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("notify-replays.jsonl").path,
                    window: window, now: now())
            }
        }
        return AcquirerLink(profile: profile, credentials: credentials, session: session, replays: replays)
    }
}
