import Foundation
import LunasTestSupport
import Synchronization
import Testing

@testable import Ledger

/// `JSONLinesFile` on real files: a valid file cut at every byte offset of its last line reads as the
/// complete lines before it plus, when anything of the last line is left, one torn-line warning naming
/// that line, its offset and length; the next append cuts the torn bytes off.
@Suite("JSON-lines file: truncation at every offset")
struct JSONLinesFileTruncationTests {
    final class Warnings: Sendable {
        let seen = Mutex<[JSONLinesFile.TornLine]>([])
        var all: [JSONLinesFile.TornLine] { seen.withLock { $0 } }
        var sink: @Sendable (JSONLinesFile.TornLine) -> Void { { torn in self.seen.withLock { $0.append(torn) } } }
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-jsonl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Random lines: any bytes but a newline (carriage returns, NUL, invalid UTF-8 included); some empty.
    static func randomLines(_ random: inout SeededGenerator) -> [[UInt8]] {
        (0..<Int.random(in: 1...6, using: &random)).map { _ in
            if Int.random(in: 0..<6, using: &random) == 0 { return [] }
            return (0..<Int.random(in: 1...40, using: &random)).map { _ in
                var byte = UInt8.random(in: 0...255, using: &random)
                while byte == 0x0A { byte = UInt8.random(in: 0...255, using: &random) }
                return byte
            }
        }
    }

    @Test(
        "read: every cut inside the last line keeps exactly the earlier lines and warns once about the rest",
        arguments: [1, 2, 3] as [UInt64])
    func readEveryCut(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.jsonl").path
        for _ in 0..<6 {
            var earlier = Self.randomLines(&random)
            var last = earlier.removeLast()
            if last.isEmpty { last = Array(#"{"x":1}"#.utf8) }
            let head: [UInt8] = earlier.flatMap { $0 + [UInt8(0x0A)] }
            let file: [UInt8] = head + last + [0x0A]
            let expected: [(Int, [UInt8])] = earlier.enumerated().filter { !$0.element.isEmpty }.map {
                ($0.offset + 1, $0.element)
            }
            for end in head.count...file.count {
                try Data(file[..<end]).write(to: URL(fileURLWithPath: path))
                let warnings = Warnings()
                let contents = try #require(try JSONLinesFile.read(path: path, warn: warnings.sink))
                let lines: [(Int, [UInt8])] = contents.lines.map { ($0.number, Array($0.bytes)) }
                let wanted: [(Int, [UInt8])] = end == file.count ? expected + [(earlier.count + 1, last)] : expected
                #expect(lines.map { $0.0 } == wanted.map { $0.0 }, "cut at \(end)")
                #expect(lines.map { $0.1 } == wanted.map { $0.1 }, "cut at \(end)")
                if end == head.count || end == file.count {
                    #expect(warnings.all.isEmpty && contents.tornLine == nil, "cut at \(end)")
                } else {
                    let torn = JSONLinesFile.TornLine(
                        path: path, line: earlier.count + 1, byteOffset: head.count, length: end - head.count)
                    #expect(warnings.all == [torn], "cut at \(end)")
                    #expect(contents.tornLine == torn)
                    #expect(torn.description.contains(path) && torn.description.contains("line \(earlier.count + 1)"))
                }
            }
        }
    }

    @Test(
        "append after a cut anywhere in the last line: the torn bytes are cut off and the record starts its own line",
        arguments: [4, 5] as [UInt64])
    func appendAfterEveryCut(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("log.jsonl").path
        for _ in 0..<3 {
            var earlier = Self.randomLines(&random)
            var last = earlier.removeLast()
            if last.isEmpty { last = Array(#"{"y":2}"#.utf8) }
            let head: [UInt8] = earlier.flatMap { $0 + [UInt8(0x0A)] }
            let file: [UInt8] = head + last + [0x0A]
            let record = Array(#"{"next":true}"#.utf8)
            for end in head.count..<file.count {
                try Data(file[..<end]).write(to: URL(fileURLWithPath: path))
                let warnings = Warnings()
                try JSONLinesFile.append(record, to: path, warn: warnings.sink)
                let after = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(after == head + record + [0x0A], "cut at \(end)")
                #expect(warnings.all.count == (end == head.count ? 0 : 1), "cut at \(end)")
                if let torn = warnings.all.first {
                    #expect(
                        torn.line == earlier.count + 1 && torn.byteOffset == head.count
                            && torn.length == end - head.count)
                }
            }
        }
    }
}
