import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import API
@testable import Acquirer

/// `RouteMethods.methods(forPath:)` (the `Allow` of a 405) over the real router's routes: random paths
/// never crash it, and every registered pattern with its parameters filled in gets exactly the methods
/// registered for that pattern.
@Suite("Route methods fuzzing")
struct RouteMethodsFuzzTests {
    /// The real router's (pattern components, method) pairs, with the demo acquirer's notify route.
    static func routes() async throws -> [(components: [String], method: String)] {
        let fixture = try await APIFixture.make()
        let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory))
        let acquirer = try await AcquirerLink.load(
            configDirectory: APIFixture.configDirectory, dataDirectory: fixture.directory.path, acquirerURL: nil,
            demo: true)
        let services = try APIServices(
            configuration: configuration, store: fixture.store,
            receiptKeys: try ReceiptKeyReloader(fixed: .generate(), configured: configuration.receiptKeys),
            acquirer: acquirer)
        return buildRouter(services).routes.map { route in
            (route.path.components.map(\.description), route.method.rawValue)
        }
    }

    static func recorded(_ routes: [(components: [String], method: String)]) -> RouteMethods {
        let methods = RouteMethods()
        methods.record(
            routes.map {
                (path: RouterPath($0.components.joined(separator: "/")), method: HTTPRequest.Method($0.method)!)
            })
        return methods
    }

    static func isParameter(_ component: String) -> Bool {
        component.hasPrefix(":") || (component.hasPrefix("{") && component.hasSuffix("}")) || component == "*"
    }

    /// Path-safe text (RFC 3986 unreserved and sub-delims, percent escapes); always holds a `~`, which no
    /// literal component of a route holds, so a filled parameter never reads as a literal.
    static func filler(_ random: inout SeededGenerator) -> String {
        let alphabet: [String] = "abcXYZ019-._~!$&'()*+,;=:@".map(String.init) + ["%2F", "%20", "%E2%82%AC"]
        var text = (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            .joined()
        text.insert("~", at: text.index(text.startIndex, offsetBy: Int.random(in: 0...text.count, using: &random)))
        return text
    }

    @Test(
        "every registered pattern, its parameters filled at random, gets exactly its registered methods",
        arguments: [1, 2] as [UInt64])
    func filledPatterns(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let routes = try await Self.routes()
        #expect(routes.count >= 20)
        #expect(routes.allSatisfy { !$0.components.contains("**") })
        #expect(
            !routes.allSatisfy { route in !route.components.contains(where: Self.isParameter) },
            "some routes have parameters")
        let methods = Self.recorded(routes)
        for route in routes {
            // A pattern also answers for another pattern that its filled path matches: a parameter of the
            // other pattern takes this one's literal, never the other way round (fillers hold a `~`).
            let expected = Set(
                routes.filter { other in
                    other.components.count == route.components.count
                        && zip(other.components, route.components).allSatisfy { theirs, ours in
                            Self.isParameter(theirs) || (!Self.isParameter(ours) && theirs == ours)
                        }
                }.map(\.method)
            ).sorted()
            for _ in 0..<50 {
                let components = route.components.map { Self.isParameter($0) ? Self.filler(&random) : $0 }
                var path = "/" + components.joined(separator: "/")
                // Empty components (doubled or trailing slashes) are not components.
                if Bool.random(using: &random) { path += "/" }
                if Int.random(in: 0..<4, using: &random) == 0 { path = path.replacingOccurrences(of: "/", with: "//") }
                #expect(
                    methods.methods(forPath: path) == expected,
                    "\(path) for /\(route.components.joined(separator: "/"))")
            }
        }
    }

    @Test(
        "random paths, many of them near misses, never crash; the answer is sorted, unique and registered",
        arguments: [3, 4] as [UInt64])
    func randomPaths(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let routes = try await Self.routes()
        let methods = Self.recorded(routes)
        let known = Set(routes.map(\.method))
        let words =
            Array(Set(routes.flatMap(\.components))) + [
                "", "**", "*", ":id", "{id}", "..", ".", "%00", "é", "😀", "\u{0}", "?", "#",
            ]
        for _ in 0..<3_000 {
            let path: String
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                path = (0..<Int.random(in: 0...8, using: &random)).map { _ in words.randomElement(using: &random)! }
                    .joined(separator: "/")
            case 1:
                var components = routes.randomElement(using: &random)!.components
                if !components.isEmpty, Bool.random(using: &random) {
                    components[Int.random(in: 0..<components.count, using: &random)] = words.randomElement(
                        using: &random)!
                } else if Bool.random(using: &random) {
                    components.append(words.randomElement(using: &random)!)
                } else if !components.isEmpty {
                    components.removeLast()
                }
                path = "/" + components.joined(separator: "/")
            default:
                path = String(
                    decoding: (0..<Int.random(in: 0...60, using: &random)).map { _ in
                        UInt8.random(in: 0...255, using: &random)
                    }, as: UTF8.self)
            }
            let answer = methods.methods(forPath: path)
            #expect(answer == Array(Set(answer)).sorted(), "\(path)")
            #expect(Set(answer).isSubset(of: known), "\(path)")
        }
        #expect(methods.methods(forPath: "") == methods.methods(forPath: "/"))
        #expect(methods.methods(forPath: String(repeating: "/a", count: 10_000)).isEmpty)
    }
}
