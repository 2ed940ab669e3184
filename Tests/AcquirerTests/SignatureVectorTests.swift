import Foundation
import Testing

@testable import Acquirer

@Suite("SNAP signature vectors (computed with OpenSSL and Python)")
struct SignatureVectorTests {
    @Test("asymmetric token signature: SHA256withRSA over clientId|X-TIMESTAMP")
    func tokenSignature() throws {
        let vectors = try Fixtures.vectors()
        let credentials = try Fixtures.credentials()
        let message = SNAPSignature.tokenStringToSign(
            clientID: vectors["clientID"]!, timestamp: vectors["tokenTimestamp"]!)
        #expect(message == "lunas-test|2026-11-23T10:15:30+07:00")
        let key = try credentials.requirePartnerSigningKey()
        #expect(key.sign(message) == vectors["tokenSignature"])
        #expect(try credentials.requirePartnerPublicKey().isValidSignature(vectors["tokenSignature"]!, for: message))
        #expect(
            !(try credentials.requirePartnerPublicKey().isValidSignature(vectors["tokenSignature"]!, for: message + " "))
        )
        #expect(
            !(try credentials.requireAcquirerPublicKey().isValidSignature(vectors["tokenSignature"]!, for: message)))
    }

    @Test("body digest: lowercase hex SHA-256 of the minified body")
    func bodyDigest() throws {
        let vectors = try Fixtures.vectors()
        #expect(try JSONMinifier.minify(vectors["serviceBody"]!) == vectors["serviceBodyMinified"])
        #expect(try SNAPSignature.bodyDigest(vectors["serviceBody"]!.bytes) == vectors["serviceBodyDigest"])
        #expect(try SNAPSignature.bodyDigest(vectors["serviceBodyMinified"]!.bytes) == vectors["serviceBodyDigest"])
        #expect(
            try SNAPSignature.bodyDigest([UInt8]())
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("symmetric service signature: HMAC-SHA512 over METHOD:path:token:digest:timestamp")
    func serviceSignature() throws {
        let vectors = try Fixtures.vectors()
        let secret = try Fixtures.credentials().requireClientSecret()
        let message = try SNAPSignature.serviceStringToSign(
            method: "post", path: vectors["servicePath"]!, accessToken: vectors["serviceToken"]!,
            body: vectors["serviceBody"]!.bytes, timestamp: vectors["serviceTimestamp"]!)
        #expect(
            message
                == "POST:/snap-adapter/b2b/v1.0/qr/qr-mpm-generate:tok123:\(vectors["serviceBodyDigest"]!):2026-11-23T10:15:30+07:00"
        )
        #expect(SNAPSignature.hmacSHA512(secret: secret, message: message) == vectors["serviceSignature"])
        #expect(SNAPSignature.isValidHMACSHA512(vectors["serviceSignature"]!, secret: secret, message: message))
        #expect(
            !SNAPSignature.isValidHMACSHA512(vectors["serviceSignature"]!, secret: Secret("other"), message: message))
        #expect(!SNAPSignature.isValidHMACSHA512("not base64!", secret: secret, message: message))
    }

    @Test(
        "notify schemes verify the independently computed vectors",
        arguments: [
            (NotifySignatureScheme.rsaBody, "notifyRSABodySignature"),
            (.rsaClientTimestamp, "notifyRSAClientSignature"),
            (.hmacSHA512, "notifyHMACSignature"),
        ])
    func notifyVectors(scheme: NotifySignatureScheme, key: String) throws {
        let vectors = try Fixtures.vectors()
        let profile = try Fixtures.profile(scheme: scheme)
        var profileNoPrefix = profile
        profileNoPrefix.pathPrefix = ""
        let signer = NotifySigner(profile: profileNoPrefix, credentials: try Fixtures.credentials())
        var headers: HeaderFields = [
            "X-TIMESTAMP": vectors["notifyTimestamp"]!, "X-SIGNATURE": vectors[key]!, "X-PARTNER-ID": "LUNASTEST",
            "X-EXTERNAL-ID": "20261123000000000001", "CHANNEL-ID": "95221",
        ]
        if scheme == .hmacSHA512 { headers.set("Authorization", "Bearer \(vectors["notifyHMACToken"]!)") }
        let request = SNAPHTTPRequest(
            path: vectors["notifyPath"]!, headers: headers, body: vectors["notifyBody"]!.bytes)
        let now = Instants.at("2026-11-23T10:21:00+07:00")
        try signer.verify(request, now: now)
        // Our signer produces the same signature for the same inputs (RSA PKCS#1 v1.5 and HMAC are deterministic).
        let produced = try signer.headers(
            body: request.body, path: request.path, timestamp: try SNAPTimestamp(vectors["notifyTimestamp"]!),
            externalID: "20261123000000000001", accessToken: vectors["notifyHMACToken"])
        #expect(produced["X-SIGNATURE"] == vectors[key])
        // One changed byte of the body breaks every scheme but the one that does not sign the body.
        var tampered = request
        tampered.body = vectors["notifyBody"]!.replacingOccurrences(of: "10000.00", with: "90000.00").bytes
        if scheme == .rsaClientTimestamp {
            try signer.verify(tampered, now: now)
        } else {
            #expect(throws: AcquirerError.self) { try signer.verify(tampered, now: now) }
        }
    }
}
