import Ledger
import Foundation
import Testing

@testable import Acquirer

@Suite("Signature verification rejects each client mistake with its own code")
struct SignatureVerifierTests {
    let verifier = SignatureVerifier(zone: .jakarta, maximumSkewSeconds: 300, pathPrefix: "/snap-adapter/b2b")
    let secret = Secret("test-client-secret-0123456789abcdef")
    let path = "/snap-adapter/b2b/v1.0/qr/qr-mpm-generate"
    let body = "{\"partnerReferenceNo\":\"INV1\",\"amount\":{\"value\":\"5000.00\",\"currency\":\"IDR\"}}"
    let timestamp = "2026-11-23T10:15:30+07:00"

    /// A request signed with a string the test chooses (to reproduce a client's bug).
    func request(
        signing message: String, body: String? = nil, timestamp: String? = nil
    ) throws -> (SNAPHTTPRequest, ServiceCallHeaders) {
        let headers: HeaderFields = [
            "Authorization": "Bearer tok123", "X-TIMESTAMP": timestamp ?? self.timestamp,
            "X-SIGNATURE": SNAPSignature.hmacSHA512(secret: secret, message: message), "X-PARTNER-ID": "LUNASTEST",
            "X-EXTERNAL-ID": "123456", "CHANNEL-ID": "95221",
        ]
        let request = SNAPHTTPRequest(path: path, headers: headers, body: (body ?? self.body).bytes)
        return (request, try ServiceCallHeaders(validating: headers))
    }

    var digest: String { SNAPSignature.hexSHA256(body.bytes) }

    @Test("a correct signature passes")
    func correct() throws {
        let (request, headers) = try request(signing: "POST:\(path):tok123:\(digest):\(timestamp)")
        try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
    }

    @Test("'Bearer ' left inside the signed token")
    func bearerInToken() throws {
        let (request, headers) = try request(signing: "POST:\(path):Bearer tok123:\(digest):\(timestamp)")
        expectError(.bearerInSignedToken) {
            try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
        }
    }

    @Test("body hashed before minifying")
    func unminifiedBody() throws {
        let pretty =
            "{\n  \"partnerReferenceNo\": \"INV1\",\n  \"amount\": { \"value\": \"5000.00\", \"currency\": \"IDR\" }\n}"
        let rawDigest = SNAPSignature.hexSHA256(pretty.bytes)
        let (request, headers) = try request(signing: "POST:\(path):tok123:\(rawDigest):\(timestamp)", body: pretty)
        expectError(.bodyNotMinified) {
            try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
        }
        // The same pretty body signed correctly (over its minified form) is accepted.
        let (good, goodHeaders) = try self.request(signing: "POST:\(path):tok123:\(digest):\(timestamp)", body: pretty)
        try verifier.verifyServiceCall(good, headers: goodHeaders, secret: secret, now: Instants.morning)
    }

    @Test(
        "path signed without the acquirer's prefix, or with another one",
        arguments: [
            "/v1.0/qr/qr-mpm-generate", "/snap/v1.0/qr/qr-mpm-generate",
        ])
    func wrongPathPrefix(signedPath: String) throws {
        let (request, headers) = try request(signing: "POST:\(signedPath):tok123:\(digest):\(timestamp)")
        let error = expectError(.wrongPathPrefix) {
            try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
        }
        #expect(error?.message.contains(signedPath) == true)
    }

    @Test(
        "timestamp written in another zone than the profile's",
        arguments: [
            "2026-11-23T03:15:30Z", "2026-11-23T11:15:30+08:00", "2026-11-23T03:15:30+00:00",
        ])
    func otherZone(stamp: String) throws {
        // The same instant, correctly signed, but not in +07:00.
        let (request, headers) = try request(signing: "POST:\(path):tok123:\(digest):\(stamp)", timestamp: stamp)
        #expect(headers.timestamp.date == Instants.morning)
        expectError(.wrongTimestampZone) {
            try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
        }
    }

    @Test("local Jakarta time labelled as UTC is refused (by zone, and by skew under a UTC profile)")
    func localTimeLabelledUTC() throws {
        let stamp = "2026-11-23T10:15:30Z"
        let (request, headers) = try request(signing: "POST:\(path):tok123:\(digest):\(stamp)", timestamp: stamp)
        expectError(.wrongTimestampZone) {
            try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
        }
        let utcVerifier = SignatureVerifier(zone: .utc, maximumSkewSeconds: 300, pathPrefix: "/snap-adapter/b2b")
        expectError(.timestampSkew) {
            try utcVerifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
        }
    }

    @Test(
        "clock skew: inside the bound passes, outside fails both ways",
        arguments: [
            (-300.0, true), (300.0, true), (-301.0, false), (301.0, false), (-86_400.0, false),
        ])
    func skew(offset: Double, accepted: Bool) throws {
        let (request, headers) = try request(signing: "POST:\(path):tok123:\(digest):\(timestamp)")
        let now = Instants.morning.addingTimeInterval(offset)
        if accepted {
            try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: now)
        } else {
            expectError(.timestampSkew) {
                try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: now)
            }
        }
    }

    @Test("a wrong secret or a changed body is a plain mismatch")
    func mismatch() throws {
        let (request, headers) = try request(signing: "POST:\(path):tok123:\(digest):\(timestamp)")
        expectError(.signatureMismatch) {
            try verifier.verifyServiceCall(request, headers: headers, secret: Secret("wrong"), now: Instants.morning)
        }
        var changed = request
        changed.body = body.replacingOccurrences(of: "5000", with: "6000").bytes
        expectError(.signatureMismatch) {
            try verifier.verifyServiceCall(changed, headers: headers, secret: secret, now: Instants.morning)
        }
    }

    @Test("a malformed body is refused with its byte offset before any signature check")
    func malformedBody() throws {
        let (request, headers) = try request(signing: "x", body: "{\"a\": 1,}")
        let error = expectError(.malformedJSON) {
            try verifier.verifyServiceCall(request, headers: headers, secret: secret, now: Instants.morning)
        }
        #expect(error?.message.contains("byte offset 8") == true)
    }
}
