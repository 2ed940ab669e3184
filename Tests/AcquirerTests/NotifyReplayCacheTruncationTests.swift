import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Synchronization
import Testing

@testable import Acquirer

/// The notify replay cache and the X-EXTERNAL-ID store on real files: cut at every byte offset of the last
/// line, they open (the torn line ignored with one warning) and remember exactly the complete lines; a
/// damaged earlier line refuses to open, naming the line.
@Suite("Notify replay cache and X-EXTERNAL-ID store: truncation and corruption")
struct NotifyReplayCacheTruncationTests {
    final class Warnings: Sendable {
        let seen = Mutex<[JSONLinesFile.TornLine]>([])
        var all: [JSONLinesFile.TornLine] { seen.withLock { $0 } }
        var sink: @Sendable (JSONLinesFile.TornLine) -> Void { { torn in self.seen.withLock { $0.append(torn) } } }
    }

    static let ignore: @Sendable (JSONLinesFile.TornLine) -> Void = { _ in }
    static let now = Date(timeIntervalSince1970: 1_795_482_000)
    static let stamp = SNAPTimestamp(date: now, offset: UTCOffset(minutes: 420))

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-replay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A cache file holding `count` claims (signatures `sig-0`…), and the byte offset where each line starts.
    static func claimedFile(_ directory: URL, count: Int) async throws -> (bytes: [UInt8], starts: [Int]) {
        let path = directory.appendingPathComponent("seed.jsonl").path
        let cache = try NotifyReplayCache(path: path, window: 300, now: now)
        for index in 0..<count {
            let claim = try await cache.claim(
                timestamp: stamp, signature: "sig-\(index)", partnerID: "P", externalID: "ext-\(index)",
                body: "body-\(index)", now: now)
            #expect(claim == .fresh)
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 0x0A && offset + 1 < bytes.count {
            starts.append(offset + 1)
        }
        #expect(starts.count == count)
        return (bytes, starts)
    }

    @Test("cut at every byte of the last line: opens, warns once, and remembers exactly the complete claims")
    func replayCacheEveryCut() async throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 4
        let (bytes, starts) = try await Self.claimedFile(directory, count: count)
        let lastStart = starts[count - 1]
        let path = directory.appendingPathComponent("cut.jsonl").path
        for end in lastStart..<bytes.count {
            try Data(bytes[..<end]).write(to: URL(fileURLWithPath: path))
            let warnings = Warnings()
            let cache = try NotifyReplayCache(path: path, window: 300, now: Self.now, warn: warnings.sink)
            if end == lastStart {
                #expect(warnings.all.isEmpty)
            } else {
                #expect(warnings.all.map(\.line) == [count], "cut at \(end)")
                #expect(warnings.all.map(\.byteOffset) == [lastStart], "cut at \(end)")
            }
            for index in 0..<(count - 1) {
                let again = try await cache.claim(
                    timestamp: Self.stamp, signature: "sig-\(index)", partnerID: "P", externalID: nil,
                    body: "another body",
                    now: Self.now)
                #expect(again == .replayedSignature, "cut at \(end)")
            }
            // The torn claim was never acknowledged: it is fresh again, even for another body.
            let torn = try await cache.claim(
                timestamp: Self.stamp, signature: "sig-\(count - 1)", partnerID: "P", externalID: "ext-\(count - 1)",
                body: "another body", now: Self.now)
            #expect(torn == .fresh, "cut at \(end)")
        }
    }

    /// Damage that no parser could take for a record: a proper prefix of the line, garbage, another JSON value.
    static func damage(_ line: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return Array(line[..<Int.random(in: 1..<line.count, using: &random)])
        case 1: return Array("garbage \(random.digits(4))".utf8)
        case 2: return Array(#"{}"#.utf8)
        default: return [0x00] + line
        }
    }

    @Test(
        "a damaged earlier line refuses to open, naming that line, with or without a torn last line",
        arguments: [1, 2] as [UInt64])
    func replayCacheDamagedLine(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let count = 5
        let (bytes, starts) = try await Self.claimedFile(directory, count: count)
        let path = directory.appendingPathComponent("damaged.jsonl").path
        for _ in 0..<40 {
            let damaged = Int.random(in: 0..<(count - 1), using: &random)
            var lines = (0..<count).map { index in
                Array(bytes[starts[index]..<(index + 1 < count ? starts[index + 1] - 1 : bytes.count - 1)])
            }
            lines[damaged] = Self.damage(lines[damaged], &random)
            var file: [UInt8] = lines.flatMap { $0 + [UInt8(0x0A)] }
            if Bool.random(using: &random) {
                file.removeLast(Int.random(in: 1...lines[count - 1].count, using: &random))
            }
            try Data(file).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: AcquirerError.self) {
                _ = try NotifyReplayCache(path: path, window: 300, now: Self.now, warn: Self.ignore)
            }
            #expect(error.code == .notifyReplayStoreDamaged)
            #expect(error.message.contains("\(path) line \(damaged + 1) "), "\(error.message)")
        }
    }

    @Test("X-EXTERNAL-ID store: every cut of the last line opens; a damaged earlier line is refused naming it")
    func externalIDStore() async throws {
        var random = SeededGenerator(seed: 9)
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let seed = directory.appendingPathComponent("seed.jsonl").path
        let store = try FileExternalIDStore(path: seed)
        var handedOut: [String] = []
        for index in 0..<3 {
            handedOut.append(try await store.externalID(for: "op-\(index)", at: Self.now))
        }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: seed)))
        let lines = bytes.split(separator: 0x0A).map(Array.init)
        #expect(lines.count == 3)
        let lastStart = bytes.count - lines[2].count - 1
        let path = directory.appendingPathComponent("cut.jsonl").path
        for end in lastStart..<bytes.count {
            try Data(bytes[..<end]).write(to: URL(fileURLWithPath: path))
            let warnings = Warnings()
            let reopened = try FileExternalIDStore(path: path, warn: warnings.sink)
            #expect(warnings.all.map(\.line) == (end == lastStart ? [] : [3]), "cut at \(end)")
            #expect(await reopened.lastRecord(for: "op-0")?.externalID == handedOut[0])
            #expect(await reopened.lastRecord(for: "op-1")?.externalID == handedOut[1])
            #expect(await reopened.lastRecord(for: "op-2") == nil, "cut at \(end)")
        }
        for _ in 0..<20 {
            let damaged = Int.random(in: 0..<2, using: &random)
            var changed = lines
            changed[damaged] = Self.damage(changed[damaged], &random)
            try Data(changed.flatMap { $0 + [UInt8(0x0A)] } as [UInt8]).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: AcquirerError.self) {
                _ = try FileExternalIDStore(path: path, warn: Self.ignore)
            }
            #expect(error.code == .externalIDStoreDamaged)
            #expect(error.message.contains("line \(damaged + 1) "), "\(error.message)")
        }
    }
}
