import AcquirerSimulator
import Foundation
import Testing

@testable import Acquirer

@Suite("X-EXTERNAL-ID: issued, persisted before use, unique per Jakarta day")
struct ExternalIDStoreTests {
    func temporaryPath() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-extid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("external-ids.jsonl").path
    }

    @Test("same operation same day keeps its id; it is on disk before it is returned; reopening remembers it")
    func persisted() async throws {
        let path = try temporaryPath()
        let store = try FileExternalIDStore(path: path)
        let first = try await store.externalID(for: "generate:PKR1", at: Instants.morning)
        #expect(first.count == 26)
        let digitsOnly = first.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        #expect(digitsOnly)
        #expect(first.hasPrefix("20261123"))
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains(first))
        #expect(
            try await store.externalID(for: "generate:PKR1", at: Instants.morning.addingTimeInterval(3600)) == first)
        let query = try await store.externalID(for: "query:PKR1", at: Instants.morning)
        #expect(query != first)
        let reopened = try FileExternalIDStore(path: path)
        #expect(try await reopened.externalID(for: "generate:PKR1", at: Instants.morning) == first)
        #expect(await reopened.lastRecord(for: "query:PKR1")?.externalID == query)
    }

    @Test("a new Jakarta day gives the operation a new id")
    func newDay() async throws {
        let store = try FileExternalIDStore(path: try temporaryPath())
        let late = Instants.at("2026-11-23T23:59:59+07:00")
        let first = try await store.externalID(for: "refund:R1", at: late)
        let second = try await store.externalID(for: "refund:R1", at: late.addingTimeInterval(1))
        #expect(first != second)
        #expect(second.hasPrefix("20261124"))
    }

    @Test("ids never repeat across many operations")
    func unique() async throws {
        let store = try FileExternalIDStore(path: try temporaryPath())
        var seen = Set<String>()
        for index in 0..<300 {
            let id = try await store.externalID(for: "op\(index)", at: Instants.morning)
            #expect(seen.insert(id).inserted)
        }
    }

    @Test("a damaged store is reported with its line number, not trusted")
    func damaged() async throws {
        let path = try temporaryPath()
        let store = try FileExternalIDStore(path: path)
        _ = try await store.externalID(for: "a", at: Instants.morning)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{not json\n".utf8))
        try handle.close()
        let error = expectError(.externalIDStoreDamaged) { _ = try FileExternalIDStore(path: path) }
        #expect(error?.message.contains("line 2") == true)
    }

    @Test("the receiving side refuses a replayed id the same Jakarta day, accepts it the next")
    func registry() {
        var registry = ExternalIDRegistry()
        let first = registry.register(partnerID: "P", externalID: "1", at: Instants.morning)
        let again = registry.register(partnerID: "P", externalID: "1", at: Instants.morning.addingTimeInterval(3600))
        let otherPartner = registry.register(partnerID: "Q", externalID: "1", at: Instants.morning)
        let nextDay = registry.register(partnerID: "P", externalID: "1", at: Instants.at("2026-11-24T00:00:00+07:00"))
        #expect(first && !again && otherPartner && nextDay)
    }
}
