import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("A known path asked with another method")
struct MethodNotAllowedTests {
    @Test(
        "answers 405 with Allow listing the path's methods",
        arguments: [
            (HTTPRequest.Method.delete, "/api/v1/invoices", "POST"),
            (.get, "/api/v1/invoices/inv_0000/cancel", "POST"),
            (.put, "/api/v1/devices/dev-1", "DELETE, GET"),
            (.post, "/healthz", "GET"),
            (.patch, "/api/v1/parking/tickets", "GET, POST"),
            (.delete, "/public/receipts/LR1-ABC", "GET"),
        ])
    func methodNotAllowed(method: HTTPRequest.Method, path: String, allow: String) async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let response = try await client.execute(uri: path, method: method)
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == allow)
            let body = String(buffer: response.body)
            #expect(body.contains("\"code\":\"route.methodNotAllowed\""), "\(body)")
        }
    }

    @Test("an unknown path is still 404, and a known one with its own method is served")
    func unknownPathAndRightMethod() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let unknown = try await client.execute(uri: "/api/v1/nothing-here", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.allow] == nil)
            let deeper = try await client.execute(uri: "/api/v1/invoices/a/b/c/d", method: .delete)
            #expect(deeper.status == .notFound)
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
        }
    }
}
