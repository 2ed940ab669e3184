import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// Found by schemathesis (`scripts/checks/api-schemathesis.sh`): the document listed only the
/// success and a few error statuses, so a 401 without a token, a 403 for the wrong role, a 415
/// without `Content-Type` were responses the document did not describe. These tests send such
/// requests to every operation and require each status that comes back to be documented.
@Suite("The OpenAPI document's status codes")
struct OpenAPIStatusCodeTests {
    /// The documented status codes of every operation, keyed `METHOD /path`.
    static func statusCodes(in yaml: String) -> [String: Set<Int>] {
        var result: [String: Set<Int>] = [:]
        var inPaths = false
        var path: String?
        var operation: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
                operation = nil
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = String(line.dropFirst(4).prefix { $0 != ":" })
                operation = ["get", "post", "delete"].contains(key) ? "\(key.uppercased()) \(path)" : nil
            }
            guard let operation else { continue }
            var codes = result[operation, default: []]
            var rest = Substring(line)
            while let quote = rest.firstRange(of: "'") {
                let after = rest[quote.upperBound...]
                if after.count > 5, let code = Int(after.prefix(3)), after.dropFirst(3).hasPrefix("':") {
                    codes.insert(code)
                }
                rest = after
            }
            result[operation] = codes
        }
        return result
    }

    /// The demo city's document.
    static func document() throws -> String {
        OpenAPIDocument.yaml(for: try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory)))
    }

    /// A request for `operation` with concrete values for its path and required query parameters.
    static func target(_ operation: String) -> (method: HTTPRequest.Method, uri: String) {
        let parts = operation.split(separator: " ")
        var uri = String(parts[1]).replacingOccurrences(of: "{id}", with: "no-such-id")
            .replacingOccurrences(of: "{date}", with: "2026-11-24").replacingOccurrences(of: "{number}", with: "ADU-261124-00000")
        if uri == "/api/v1/parking/tickets" { uri += "?plate=DE1234AB" }
        if uri == "/api/v1/reports/daily" { uri += "?date=2026-11-24" }
        return (parts[0] == "GET" ? .get : parts[0] == "POST" ? .post : .delete, uri)
    }

    @Test("every /api operation documents 401 and 403, and each status any role gets is documented")
    func everyStatusIsDocumented() async throws {
        let documented = Self.statusCodes(in: try Self.document())
        let operations = documented.keys.filter { $0.contains(" /api/") }.sorted()
        #expect(operations.count >= 18)
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            for operation in operations {
                let codes = documented[operation] ?? []
                #expect(codes.isSuperset(of: [401, 403]), "\(operation) documents \(codes.sorted())")
                let (method, uri) = Self.target(operation)
                let body = method == .post ? ByteBuffer(string: "{}") : nil
                let anonymous = try await client.execute(
                    uri: uri, method: method, headers: fixture.headers(nil, key: "k"), body: body)
                #expect(anonymous.status == .unauthorized, "\(operation) without a token")
                for role in [Device.Role.attendant, .kiosk, .finance, .admin] {
                    let response = try await client.execute(
                        uri: uri, method: method, headers: fixture.headers(role, key: "k-\(role.rawValue)"), body: body)
                    #expect(response.status.code < 500, "\(operation) as \(role.rawValue)")
                    #expect(
                        codes.contains(response.status.code),
                        "\(operation) as \(role.rawValue) answered \(response.status.code), documented \(codes.sorted())"
                    )
                }
            }
        }
    }

    @Test("a body without Content-Type is 415, and the operations that take a body document it")
    func unsupportedMediaTypeIsDocumented() async throws {
        let documented = Self.statusCodes(in: try Self.document())
        let fixture = try await APIFixture.make()
        let cases: [(String, Device.Role)] = [
            ("POST /api/v1/parking/tickets", .attendant), ("POST /api/v1/invoices", .kiosk),
            ("POST /api/v1/devices", .admin),
        ]
        try await fixture.live { client in
            for (operation, role) in cases {
                let codes = try #require(documented[operation])
                #expect(codes.isSuperset(of: [400, 413, 415]), "\(operation) documents \(codes.sorted())")
                let response = try await client.execute(
                    uri: Self.target(operation).uri, method: .post,
                    headers: fixture.headers(role, key: "k", json: false), body: ByteBuffer(string: "{}"))
                #expect(response.status == .unsupportedMediaType, "\(operation)")
                #expect(try errorObject(response)["field"] as? String == "Content-Type")
            }
        }
    }
}
