import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// Bounded fuzzing of configuration loading: random byte edits to the demo files either load or
/// fail with `config.invalid` naming a file, and never crash.
@Suite("City configuration fuzzing")
struct CityConfigurationFuzzTests {
    static let files = [
        "lunas.json", "vehicle-classes.json", "zones.json", "events.json", "fees.json", "receipt-keys.json",
        "tariffs/ambon-parkir-2026.json", "tariffs/ambon-parkir-2024.json",
    ]

    @Test("random edits never crash", arguments: [41, 42, 43])
    func randomEdits(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let directory = try CityConfigurationErrorTests.copyOfDemo()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let originals = try Self.files.map { try Data(contentsOf: directory.appendingPathComponent($0)) }
        let pieces = Array("{}[],:\"0123456789.-e truefalsenull AZaz\\é".utf8)
        var failures = 0
        for _ in 0..<60 {
            let index = Int.random(in: 0..<Self.files.count, using: &random)
            var bytes = Array(originals[index])
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = pieces.randomElement(using: &random)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(pieces.randomElement(using: &random)!, at: position)
                }
            }
            let url = directory.appendingPathComponent(Self.files[index])
            try Data(bytes).write(to: url)
            do {
                _ = try CityConfiguration.load(from: directory)
            } catch let error as LedgerError {
                failures += 1
                #expect(error.code == .configInvalid)
                #expect(error.message.hasPrefix("Config/"), "\(error.message)")
            }
            try originals[index].write(to: url)
        }
        #expect(failures > 0)
    }
}
