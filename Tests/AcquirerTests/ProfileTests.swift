import Ledger
import Foundation
import Testing

@testable import Acquirer

@Suite("Acquirer profiles and secrets")
struct ProfileTests {
    @Test("the shipped profiles load; the simulator's demo keys work together")
    func shipped() throws {
        let profiles = try AcquirerProfile.loadAll(directory: Fixtures.repositoryRoot + "/Config/acquirers")
        #expect(profiles.map(\.id) == ["example-snap-bank", "simulator"])
        let simulator = try #require(profiles.first { $0.id == "simulator" })
        #expect(simulator.baseURL == "http://127.0.0.1:8081")
        #expect(simulator.issuingMode == .local)
        let snap = try #require(profiles.first { $0.id == "example-snap-bank" })
        #expect(snap.issuingMode == .snap)
        #expect(snap.path(of: .generateQR) == "/snap-adapter/b2b/v1.0/qr/qr-mpm-generate")
        #expect(snap.effectiveTokenTimestampZone == .utc)
        let credentials = try simulator.loadCredentials(environment: [:])
        let message = "lunas-demo-ambon|2026-11-23T10:15:30+07:00"
        let signature = try credentials.requirePartnerSigningKey().sign(message)
        #expect(try credentials.requirePartnerPublicKey().isValidSignature(signature, for: message))
        let notify = try credentials.requireAcquirerSigningKey().sign(message)
        #expect(try credentials.requireAcquirerPublicKey().isValidSignature(notify, for: message))
        #expect(try credentials.requireClientSecret().utf8String.hasPrefix("DEMO-ONLY-"))
    }

    @Test("secrets come from the environment or a file, and never print")
    func secrets() throws {
        var profile = try Fixtures.profile()
        profile.credentials.clientSecret = .environment("LUNAS_TEST_SECRET")
        let credentials = try profile.loadCredentials(environment: ["LUNAS_TEST_SECRET": "s3cr3t-value"])
        #expect(try credentials.requireClientSecret() == Secret("s3cr3t-value"))
        let printed =
            "\(credentials) \(String(describing: try credentials.requireClientSecret())) \(String(reflecting: try credentials.requireClientSecret()))"
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in [printed, dumped] {
            #expect(!text.contains("s3cr3t"))
            #expect(!text.contains("BEGIN PRIVATE KEY"))
        }
        #expect("\(try credentials.requirePartnerSigningKey())" == "RSASigningKey(<redacted>)")
        let error = expectError(.secretUnavailable) { _ = try profile.loadCredentials(environment: [:]) }
        #expect(error?.message.contains("LUNAS_TEST_SECRET") == true)
        profile.credentials.clientSecret = .file("no-such-file.txt")
        expectError(.secretUnavailable) { _ = try profile.loadCredentials(environment: [:]) }
    }

    @Test(
        "a secret written inline in the JSON is refused",
        arguments: [
            "{\"value\": \"abc\"}", "\"abc\"", "{\"env\": \"A\", \"value\": \"abc\"}",
        ])
    func inlineSecret(secret: String) throws {
        let json = try Fixtures.text("test-profile.json").replacingOccurrences(
            of: "{ \"file\": \"test-client-secret.txt\" }", with: secret)
        let path = try temporaryFile(json)
        let error = expectError(.inlineSecret) { _ = try AcquirerProfile.load(path: path) }
        #expect(error?.field == "credentials.clientSecret")
        #expect(error?.message.contains("abc") == false)
    }

    @Test("an unsigned notify is refused unless the profile is test-only and allows it")
    func unsigned() throws {
        var profile = try Fixtures.profile(scheme: .none)
        expectError(.unsignedNotifyRefused) { try profile.validate() }
        profile.notify.allowUnsigned = true
        expectError(.unsignedNotifyRefused) { try profile.validate() }
        profile.testOnly = true
        try profile.validate()
    }

    @Test(
        "inconsistent settings are refused with the field",
        arguments: [
            ("\"pathPrefix\": \"/snap-adapter/b2b\"", "\"pathPrefix\": \"snap/\"", "pathPrefix"),
            ("\"minMinutes\": 15", "\"minMinutes\": 90", "validity"),
            ("\"baseURL\": \"http://127.0.0.1:9\"", "\"baseURL\": \"ftp://x\"", "baseURL"),
            ("\"channelID\": \"95221\"", "\"channelID\": \"952210\"", "channelID"),
            ("\"clockSkewSeconds\": 300", "\"clockSkewSeconds\": -1", "clockSkewSeconds"),
            ("\"nmid\": \"IDTEST000000001\"", "\"nmid\": \"ID123\"", "simulator.merchants[0].nmid"),
        ])
    func invalid(old: String, new: String, field: String) throws {
        let json = try Fixtures.text("test-profile.json")
        #expect(json.contains(old))
        let path = try temporaryFile(json.replacingOccurrences(of: old, with: new))
        let error = expectError(.invalidProfile) { _ = try AcquirerProfile.load(path: path) }
        #expect(error?.field == field)
        #expect(error?.message.contains(path) == true)
    }

    @Test("a key file that is not an RSA key is refused by name")
    func badKey() throws {
        var profile = try Fixtures.profile()
        profile.credentials.partnerPrivateKey = .file("test-client-secret.txt")
        let error = expectError(.invalidKey) { _ = try profile.loadCredentials(environment: [:]) }
        #expect(error?.message.contains("partnerPrivateKey") == true)
    }

    func temporaryFile(_ contents: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-acq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in [
            "test-client-secret.txt", "test-partner-private.pem", "test-partner-public.pem",
            "test-acquirer-private.pem", "test-acquirer-public.pem",
        ] {
            try FileManager.default.copyItem(
                atPath: Fixtures.path(name), toPath: directory.appendingPathComponent(name).path)
        }
        let path = directory.appendingPathComponent("profile.json").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
