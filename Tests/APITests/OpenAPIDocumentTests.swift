import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import Testing

@Suite("The OpenAPI document")
struct OpenAPIDocumentTests {
    /// `METHOD /path` for every operation under `paths:` (two-space paths, four-space methods).
    static func operations(in yaml: String) -> Set<String> {
        var result: Set<String> = []
        var inPaths = false
        var path: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), let path {
                let key = line.dropFirst(4).prefix { $0 != ":" }
                if ["get", "post", "put", "delete", "patch"].contains(String(key)) {
                    result.insert("\(key.uppercased()) \(path)")
                }
            }
        }
        return result
    }

    @Test("it lists exactly the router's routes, and the server serves it")
    func matchesRoutes() async throws {
        let fixture = try await APIFixture.make()
        let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory))
        // With the demo acquirer, so the notify route is mounted too.
        let acquirer = try await AcquirerLink.load(
            configDirectory: APIFixture.configDirectory, dataDirectory: fixture.directory.path, acquirerURL: nil,
            demo: true)
        #expect(acquirer != nil)
        let services = try APIServices(
            configuration: configuration, store: fixture.store,
            receiptKeys: try ReceiptKeyReloader(fixed: .generate(), configured: configuration.receiptKeys),
            acquirer: acquirer)
        // Pages for browsers, not API clients, are not documented: the console (`/console/…`), the
        // citizens' start page (`/`) and its receipt check (`/cek`).
        let browserPages: Set<String> = ["GET /", "GET /cek", "GET /aduan", "GET /standar-pelayanan"]
        let routes = Set(
            buildRouter(services).routes.filter {
                !$0.path.description.hasPrefix("/console") && !$0.path.description.hasPrefix("console")
            }.map { route in
                let path = route.path.components.map { component -> String in
                    let text = component.description
                    return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            })
        let yaml = OpenAPIDocument.yaml(for: configuration)
        let documented = Self.operations(in: yaml)
        #expect(documented.count >= 20)
        #expect(routes.subtracting(documented).subtracting(browserPages).isEmpty, "routes missing from openapi.yaml")
        #expect(documented.subtracting(routes).isEmpty, "documented operations with no route")
        #expect(yaml.hasPrefix("openapi: 3.1.0\n"))
        #expect(yaml.contains("enum: ['motorcycle', 'car', 'truck', 'bus']"), "the city's vehicle classes")
        #expect(
            yaml.contains(
                "{properties: {fee: {const: 'SAMPAH-USAHA'}, amount: {type: integer, minimum: 25000, maximum: 500000}}, required: [fee, payerReference, amount]}"
            ))
        #expect(!yaml.contains("VEHICLE_CLASSES") && !yaml.contains("ZONES") && !yaml.contains("FEES"))

        try await fixture.live { client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == yaml)
        }
    }
}
