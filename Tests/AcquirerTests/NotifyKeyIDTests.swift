import Foundation
import Ledger
import Testing

@testable import Acquirer

@Suite("NotifyKeyID: the id recorded with every notify names the key, never the secret")
struct NotifyKeyIDTests {
    @Test("RSA schemes: rsa: and 16 hex digits of the SHA-256 of the public key's DER, read from the PEM file")
    func rsa() throws {
        let profile = try Fixtures.profile(scheme: .rsaBody)
        let credentials = try Fixtures.credentials(profile)
        let pem = try #require(credentials.acquirerPublicKey?.pem)
        let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let der = try #require(Data(base64Encoded: base64))
        let expected = "rsa:" + SNAPSignature.hexSHA256(Array(der)).prefix(16)
        #expect(NotifyKeyID.of(profile: profile, credentials: credentials) == expected)
        var clientTimestamp = profile
        clientTimestamp.notify.scheme = .rsaClientTimestamp
        #expect(NotifyKeyID.of(profile: clientTimestamp, credentials: credentials) == expected)
        var without = credentials
        without.acquirerPublicKey = nil
        #expect(NotifyKeyID.of(profile: profile, credentials: without) == "missing")
    }

    @Test("hmac-sha512: hmac: and 16 hex digits of the secret's SHA-256; the secret never shows")
    func hmac() throws {
        let profile = try Fixtures.profile(scheme: .hmacSHA512)
        var credentials = try Fixtures.credentials(profile)
        credentials.notifySecret = Secret("a-notify-secret-of-the-bank")
        let id = NotifyKeyID.of(profile: profile, credentials: credentials)
        #expect(id == "hmac:" + SNAPSignature.hexSHA256(Array("a-notify-secret-of-the-bank".utf8)).prefix(16))
        #expect(!id.contains("secret"))
        credentials.notifySecret = Secret("another-secret")
        #expect(NotifyKeyID.of(profile: profile, credentials: credentials) != id)
    }

    @Test("an unsigned test-only profile records 'unsigned'")
    func unsigned() throws {
        let profile = try Fixtures.profile(scheme: .none, testOnly: true, allowUnsigned: true)
        #expect(NotifyKeyID.of(profile: profile, credentials: try Fixtures.credentials(profile)) == "unsigned")
    }

    @Test("the committed demo keys' ids are the ones a production start refuses, recomputed from the files")
    func committedDemoKeys() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let profile = try AcquirerProfile.load(
            path: repository.appendingPathComponent("Config/acquirers/simulator.json").path)
        var credentials = try profile.loadCredentials()
        let rsa = NotifyKeyID.of(profile: profile, credentials: credentials)
        var hmacProfile = profile
        hmacProfile.notify.scheme = .hmacSHA512
        credentials.notifySecret = credentials.clientSecret
        let hmac = NotifyKeyID.of(profile: hmacProfile, credentials: credentials)
        #expect(rsa.hasPrefix("rsa:") && hmac.hasPrefix("hmac:"))
        #expect(NotifyKeyID.committedDemoKeys == [rsa, hmac])
    }
}
