import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// A spill held in a dictionary: the real one is SQLite's (`StreamingVerifyTests`); this one lets
/// the map's generations be checked against a plain dictionary on random operations.
final class DictionarySpillTable<Value>: ReplaySpillTable {
    var stored: [String: Value] = [:]
    var reads = 0

    func value(forKey key: String) throws -> Value? {
        reads += 1
        return stored[key]
    }

    func store(_ entries: [(key: String, value: Value)]) throws {
        for entry in entries { stored[entry.key] = entry.value }
    }

    func entries(after key: String?, limit: Int) throws -> [(key: String, value: Value)] {
        let keys = stored.keys.filter { key == nil || key!.utf8.lexicographicallyPrecedes($0.utf8) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return keys.prefix(limit).map { (key: $0, value: stored[$0]!) }
    }
}

@Suite struct ReplayMapTests {
    @Test(arguments: [1, 3, 64])
    func spilledMapAnswersLikeADictionary(generation: Int) throws {
        var random = SeededGenerator(seed: UInt64(generation))
        let spill = DictionarySpillTable<Int>()
        var map = ReplayMap<String, Int>(spill: spill, fault: ReplayFault(), generation: generation)
        var model: [String: Int] = [:]
        // Keys of mixed length, some non-ASCII, so that byte order differs from Swift's `<` on
        // none of them only by luck.
        let keys = (0..<300).map { index in index % 7 == 0 ? "ké-\(index)" : "k\(index * 7919 % 1000)" }
        for step in 0..<5_000 {
            let key = keys[Int(random.next() % UInt64(keys.count))]
            if random.next() % 3 == 0 {
                map[key] = step
                model[key] = step
            } else {
                #expect(map[key] == model[key], "step \(step), key \(key)")
            }
        }
        #expect(map.count <= 2 * generation)
        var cursor = try map.sortedEntries()
        var walked: [(String, Int)] = []
        while let entry = try cursor.next() { walked.append((entry.key, entry.value)) }
        let expected = model.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        #expect(walked.map(\.0) == expected.map(\.key))
        #expect(walked.map(\.1) == expected.map(\.value))
        for key in keys.prefix(20) { #expect(try cursor.value(forKey: key) == model[key]) }
    }

    @Test func newKeysCostNoSpillRead() {
        let spill = DictionarySpillTable<Bool>()
        var set = ReplayMap<String, Bool>(spill: spill, fault: ReplayFault(), generation: 8)
        for index in 0..<10_000 { #expect(set.insert("bill-\(index)").inserted) }
        // The Bloom filter answers "never stored" for nearly every new key without a read.
        #expect(spill.reads < 300, "\(spill.reads) reads for 10,000 new keys")
        #expect(!set.insert("bill-17").inserted)
        #expect(!set.insert("bill-9999").inserted)
    }

    @Test func bloomFilterNeverForgetsAndRarelyImagines() {
        var filter = BloomFilter(capacity: 1_000)
        var random = SeededGenerator(seed: 42)
        let added = (0..<50_000).map { _ in String(random.next(), radix: 36) }
        for key in added { filter.insert(key) }
        #expect(added.allSatisfy(filter.mayContain))
        let others = (0..<50_000).map { _ in "x" + String(random.next(), radix: 36) }
        let imagined = others.filter(filter.mayContain).count
        // Six layers (1,000 to 32,000), five of them full at under 1 % each.
        #expect(imagined < 50_000 * 6 / 100, "\(imagined) false positives in 50,000")
    }

    @Test func spillFailureIsKept() {
        final class Broken: ReplaySpillTable {
            func value(forKey key: String) throws -> Int? { throw LedgerError(.storageFailure, "disk gone") }
            func store(_ entries: [(key: String, value: Int)]) throws { throw LedgerError(.storageFailure, "full") }
            func entries(after key: String?, limit: Int) throws -> [(key: String, value: Int)] { [] }
        }
        let fault = ReplayFault()
        var map = ReplayMap<String, Int>(spill: Broken(), fault: fault, generation: 1)
        map["a"] = 1
        map["b"] = 2
        map["c"] = 3
        #expect((fault.error as? LedgerError)?.message == "full")
        #expect(throws: LedgerError.self) { _ = try map.sortedEntries() }
    }
}
