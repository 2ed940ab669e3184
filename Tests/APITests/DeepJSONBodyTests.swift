import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// Found by `IdempotencyRequestBodyFuzzTests`: swift-foundation's JSON scanner traps (the whole
/// server process dies) on a body that ends right at its 513th unclosed `[`. Such bodies are
/// refused with 400 before any decoder sees them, and the server keeps serving.
@Suite("A JSON body nested past the decoder's limit")
struct DeepJSONBodyTests {
    @Test("513 '[' (and other bodies nested too deep) are 400 request.malformedJSON; the server still answers")
    func deepBodies() async throws {
        let fixture = try await APIFixture.make()
        let bodies = [
            String(repeating: "[", count: 513),
            String(repeating: #"[{"a":"#, count: 256) + "[",
            String(repeating: "[", count: 10_000),  // under the body size limit
            #"{"fee":"# + String(repeating: "[", count: 512),
        ]
        try await fixture.live { client in
            for (index, body) in bodies.enumerated() {
                let response = try await client.execute(
                    uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "deep-\(index)"),
                    body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body.prefix(20))…")
                #expect(String(buffer: response.body).contains("request.malformedJSON"))
            }
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }
}
