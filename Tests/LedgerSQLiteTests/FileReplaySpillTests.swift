import Foundation
import Ledger
import Testing

@testable import LedgerSQL

/// `verify`'s spill of sorted runs (``FileReplaySpill``, ``SpillRuns``) answers like a dictionary:
/// random batches, keys written again in later runs, read back by key and in key order, in pages
/// of any size and from any key.
@Suite struct FileReplaySpillTests {
    /// A deterministic generator (SplitMix64), so that a failure repeats.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func withSpill<T>(_ work: (FileReplaySpill) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try FileReplaySpill.run(in: ["/nonexistent/folder", folder.path], work)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left.isEmpty, "the spill's folder is removed: \(left)")
        return result
    }

    @Test(arguments: [1, 2, 5, 17, 300]) func runsAnswerLikeADictionary(batch: Int) throws {
        var random = Random(state: UInt64(batch))
        try Self.withSpill { spill in
            let table = try spill.texts("values")
            var expected: [String: String] = [:]
            // Keys of 1–12 bytes, some sharing prefixes, non-ASCII among them (UTF-8 byte order).
            let alphabet = ["a", "b", "z", "A", "0", "é", "ß", "~"]
            func key() -> String {
                (0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
                    .joined()
            }
            for round in 0..<40 {
                var entries: [(key: String, value: String)] = []
                for item in 0..<Int.random(in: 0...batch, using: &random) {
                    let name =
                        expected.keys.randomElement(using: &random).flatMap { Bool.random(using: &random) ? $0 : nil }
                        ?? key()
                    entries.append((name, "v\(round).\(item)"))
                }
                // A batch names each key once (the replay's generations are dictionaries).
                var seen: Set<String> = []
                entries = entries.filter { seen.insert($0.key).inserted }
                try table.store(entries)
                for entry in entries { expected[entry.key] = entry.value }
            }
            for name in expected.keys { #expect(try table.value(forKey: name) == expected[name]) }
            for _ in 0..<200 {
                let name = key()
                #expect(try table.value(forKey: name) == expected[name])
            }
            let sorted = expected.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for limit in [1, 3, 512] {
                var read: [(key: String, value: String)] = []
                while true {
                    let page = try table.entries(after: read.last?.key, limit: limit)
                    read += page
                    if page.count < limit { break }
                }
                #expect(read.map(\.key) == sorted.map(\.key))
                #expect(read.map(\.value) == sorted.map(\.value))
            }
            // From any key, present or not: what follows it.
            for _ in 0..<50 {
                let from = Bool.random(using: &random) ? key() : (expected.keys.randomElement(using: &random) ?? "")
                let page = try table.entries(after: from, limit: 7)
                let want = sorted.filter { from.utf8.lexicographicallyPrecedes($0.key.utf8) }.prefix(7)
                #expect(page.map(\.key) == want.map(\.key) && page.map(\.value) == want.map(\.value))
            }
        }
    }

    @Test func integersAndRowsRoundTrip() throws {
        try Self.withSpill { spill in
            let integers = try spill.integers("numbers")
            try integers.store([("a", 0), ("b", .min), ("c", .max), ("d", -1)])
            #expect(try integers.entries(after: nil, limit: 10).map(\.value) == [0, .min, .max, -1])
            let values: [SQLValue] = [
                .null, .integer(-7), .real(2.5), .text("Rp 5.000 — é"), .blob([0, 255, 1]), .text(""),
            ]
            #expect(try [SQLValue](spillBytes: values.spillBytes) == values)
            #expect(throws: LedgerError.self) { try [SQLValue](spillBytes: [9]) }
            #expect(throws: LedgerError.self) { try [SQLValue](spillBytes: [3, 200, 0, 0, 0, 65]) }
        }
    }

    @Test func captureKeepsInsertAndUpdateAsOneRow() throws {
        let capture = SpillCapture(table: "cases", columns: "id, state, note, owner")
        try capture.execute(
            "INSERT INTO cases (id, state) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", [.text("c1"), .text("open")])
        let update = try capture.prepared("UPDATE cases\n    SET owner = ?, note = ? WHERE id = ?")
        update.bind(1, "budi")
        update.bind(2, Optional<String>.none)
        update.bind(3, "c1")
        try update.step()
        #expect(capture.row == [.text("c1"), .text("open"), .null, .text("budi")])
        capture.reset()
        #expect(capture.row == [.null, .null, .null, .null])
        #expect(throws: SQLFailure.self) { try capture.execute("INSERT INTO other (id) VALUES (?)", [.text("x")]) }
        #expect(throws: SQLFailure.self) { try capture.execute("DELETE FROM cases WHERE id = ?", [.text("x")]) }
    }
}
