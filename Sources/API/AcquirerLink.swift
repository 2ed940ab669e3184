import Acquirer
import Foundation
import HTTPTypes
import Ledger

/// The city's acquirer as `lunas serve` uses it: the profile named in `lunas.json`
/// (`{"acquirer": {"profile": "simulator"}}` → `Config/acquirers/simulator.json`), its notify
/// verifier and, in `snap` issuing mode, the SNAP client that generates invoice QRs.
///
/// Without an `acquirer` key the server runs without one: `local` issuing and no notify route.
public struct AcquirerLink: Sendable {
    /// The acquirer profile.
    public let profile: AcquirerProfile
    /// Verifies notifies and decides what they mean.
    public let processor: NotifyProcessor
    /// Generates invoice QRs at the acquirer; `nil` in `local` mode.
    public let qrIssuer: SNAPQRIssuer?

    /// Creates a link from loaded parts.
    /// - Parameter qrIssuer: required for a `snap` profile, ignored for a `local` one.
    public init(profile: AcquirerProfile, credentials: AcquirerCredentials, qrIssuer: SNAPQRIssuer?) {
        self.profile = profile
        self.processor = NotifyProcessor(profile: profile, credentials: credentials)
        self.qrIssuer = profile.issuingMode == .snap ? qrIssuer : nil
    }

    /// Loads the acquirer named in `CONFIG_DIR/lunas.json`, or `nil` when it names none.
    /// - Parameters:
    ///   - acquirerURL: overrides the profile's `baseURL` (`--acquirer-url`).
    ///   - dataDirectory: holds `external-ids.jsonl`, the persisted X-EXTERNAL-IDs (snap mode).
    /// - Throws: ``APIError`` `config.invalid` naming the file and field, or the profile's own error.
    public static func load(
        configDirectory: String, dataDirectory: String, acquirerURL: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> AcquirerLink? {
        let file = URL(fileURLWithPath: configDirectory).appendingPathComponent("lunas.json").path
        guard let data = FileManager.default.contents(atPath: file),
            let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let section = root["acquirer"]
        else { return nil }
        guard let object = section as? [String: Any], let id = object["profile"] as? String,
            !id.isEmpty, !id.contains("/"), !id.hasPrefix(".")
        else {
            throw APIError(
                .internalServerError, "config.invalid",
                "\(file): acquirer must be {\"profile\": ID} naming Config/acquirers/ID.json", field: "acquirer.profile"
            )
        }
        var profile = try AcquirerProfile.load(
            path: URL(fileURLWithPath: configDirectory).appendingPathComponent("acquirers/\(id).json").path)
        if let acquirerURL {
            profile.baseURL = acquirerURL
            try profile.validate()
        }
        let credentials = try profile.loadCredentials(environment: environment)
        var qrIssuer: SNAPQRIssuer?
        if profile.issuingMode == .snap {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            let store = try FileExternalIDStore(
                path: URL(fileURLWithPath: dataDirectory).appendingPathComponent("external-ids.jsonl").path)
            qrIssuer = SNAPQRIssuer(
                client: SNAPClient(profile: profile, credentials: credentials), externalIDs: store, now: now)
        }
        return AcquirerLink(profile: profile, credentials: credentials, qrIssuer: qrIssuer)
    }
}
