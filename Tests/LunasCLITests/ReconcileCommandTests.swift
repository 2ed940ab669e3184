import Foundation
import Testing

/// `lunas reconcile` run as a real process against real files.
@Suite struct ReconcileCommandTests {
    typealias Run = LunasBinary.Output

    static func run(_ arguments: [String], in directory: URL? = nil) async throws -> Run {
        try await LunasBinary.run(arguments, in: directory)
    }

    static func generated(count: Int) async throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-cli-recon-\(UUID().uuidString)")
        let result = try await run(["reconcile", "generate-fixtures", dir.path, "--count", "\(count)", "--seed", "11"])
        #expect(result.status == 0, "\(result.stderr)")
        return dir
    }

    @Test func reconcilesAGeneratedDayToItsKnownCounts() async throws {
        let dir = try await Self.generated(count: 4000)
        defer { try? FileManager.default.removeItem(at: dir) }
        let expectedCounts = try String(contentsOf: dir.appendingPathComponent("truth.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().reduce(into: [String: Int]()) {
                $0[String($1.split(separator: ",")[2]), default: 0] += 1
            }
        let out = dir.appendingPathComponent("report.json")
        let exceptions = dir.appendingPathComponent("exceptions.csv")
        let result = try await Self.run([
            "reconcile", dir.appendingPathComponent("settlement.csv").path, "--profile",
            dir.appendingPathComponent("profile.json").path, "--invoices",
            dir.appendingPathComponent("invoices.csv").path,
            "--format", "json", "--out", out.path, "--exceptions-csv", exceptions.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts.count == 9)
        for (category, count) in expectedCounts { #expect(counts[category] == count, "\(category)") }
        let csvLines = try String(contentsOf: exceptions, encoding: .utf8).split(separator: "\n").count
        #expect(csvLines == 1 + counts.filter { $0.key != "matched" }.values.reduce(0, +))
    }

    @Test func htmlAndCSVFormatsGoToStandardOutput() async throws {
        let dir = try await Self.generated(count: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [
            "reconcile", dir.appendingPathComponent("settlement.csv").path, "--profile",
            dir.appendingPathComponent("profile.json").path, "--invoices",
            dir.appendingPathComponent("invoices.csv").path,
            "--mdr-bp", "30",
        ]
        let html = try await Self.run(common + ["--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("<svg"))
        let csv = try await Self.run(common + ["--format", "csv"])
        #expect(csv.status == 0)
        #expect(csv.stdout.hasPrefix("category,reason,line"))
    }

    @Test func aMalformedFileExitsOneAndNamesLineColumnValue() async throws {
        let dir = try await Self.generated(count: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let settlement = dir.appendingPathComponent("settlement.csv")
        var lines = try String(contentsOf: settlement, encoding: .utf8).split(separator: "\n").map(String.init)
        let cut = try #require(lines[41].lastIndex(of: ","))
        lines[41] = String(lines[41][..<cut]) + ",MAYBE"
        try (lines.joined(separator: "\n") + "\n").write(to: settlement, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report.json")
        let registry = dir.appendingPathComponent("imports.jsonl")
        let result = try await Self.run([
            "reconcile", settlement.path, "--profile", dir.appendingPathComponent("profile.json").path, "--invoices",
            dir.appendingPathComponent("invoices.csv").path, "--mdr-bp", "30", "--out", out.path, "--registry",
            registry.path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 42, column 15"))
        #expect(result.stderr.contains("\"MAYBE\""))
        #expect(!FileManager.default.fileExists(atPath: out.path))
        #expect(!FileManager.default.fileExists(atPath: registry.path))
    }

    @Test func importingTheSameFileTwiceIsReported() async throws {
        let dir = try await Self.generated(count: 300)
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = dir.appendingPathComponent("imports.jsonl")
        let arguments = [
            "reconcile", dir.appendingPathComponent("settlement.csv").path, "--profile",
            dir.appendingPathComponent("profile.json").path, "--invoices",
            dir.appendingPathComponent("invoices.csv").path,
            "--mdr-bp", "30", "--registry", registry.path,
        ]
        let first = try await Self.run(arguments)
        let second = try await Self.run(arguments)
        #expect(first.status == 0)
        #expect(second.status == 0)
        #expect(first.stdout.contains("\"status\":\"new\""))
        #expect(second.stdout.contains("\"status\":\"already_imported\""))
        let entries = try String(contentsOf: registry, encoding: .utf8).split(separator: "\n")
        #expect(entries.count == 1)
    }

    @Test func usageErrorsExitTwo() async throws {
        let dir = try await Self.generated(count: 50)
        defer { try? FileManager.default.removeItem(at: dir) }
        let settlement = dir.appendingPathComponent("settlement.csv").path
        let profile = dir.appendingPathComponent("profile.json").path
        let invoices = dir.appendingPathComponent("invoices.csv").path
        let cases: [[String]] = [
            ["reconcile", settlement, "--invoices", invoices],
            ["reconcile", settlement, "--profile", profile],
            ["reconcile", settlement, "--profile", profile, "--invoices", invoices, "--format", "pdf"],
            ["reconcile", settlement, "--profile", profile, "--invoices", invoices, "--mdr-bp", "lots"],
            ["reconcile", settlement, "--profile", profile, "--invoices", invoices, "--data-dir", dir.path],
            [
                "reconcile", settlement, "--profile", dir.appendingPathComponent("missing.json").path, "--invoices",
                invoices,
            ],
        ]
        for arguments in cases {
            let result = try await Self.run(arguments)
            #expect(result.status == 2, "\(arguments.suffix(3)): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: "))
        }
        let unknownKey = try await Self.run(
            ["reconcile", settlement, "--profile", profile, "--invoices", invoices, "--mdr", settlement])
        #expect(unknownKey.status == 2)
    }
}
