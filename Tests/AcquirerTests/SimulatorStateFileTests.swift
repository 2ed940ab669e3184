@testable import AcquirerSimulator
import Foundation
import Testing

@testable import Acquirer

/// Issue 12, item 12: the simulator's state file (one JSON document, replaced atomically) is 0600.
@Suite("Simulator state file")
struct SimulatorStateFileTests {
    @Test("written 0600 through a renamed temporary file, none left behind; a rewrite replaces it whole")
    func privateAndAtomic() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-simf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("simulator.json").path
        var state = SimulatorState(
            version: 1, transactions: [], tokens: [:], usedRRNs: ["1"], sequence: 1, notifySequence: 0)
        try state.write(to: path)
        state.usedRRNs.append("2")
        try state.write(to: path)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["simulator.json"])
        #expect(try SimulatorState.read(from: path).usedRRNs == ["1", "2"])
    }
}
