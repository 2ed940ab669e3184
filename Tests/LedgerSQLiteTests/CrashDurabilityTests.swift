import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

/// A child `lunas` process issues invoices and writes each id to an ack file only after the store
/// acknowledged it; the test kills it with SIGKILL at a random moment and checks that every
/// acknowledged invoice is in the reopened database and the chain verifies.
@Suite struct CrashDurabilityTests {
    @Test func acknowledgedInvoicesSurviveSIGKILL() async throws {
        let lunas = try ExternalTools.lunas()
        for round in 1...6 {
            let directory = try TestLedger.temporaryDirectory()
            let ackFile = directory.appendingPathComponent("acks.txt")
            let dataDirectory = directory.appendingPathComponent("data")
            let child = try ChildProcess.start(
                lunas,
                [
                    "ledger", "stress-issue", "--data-dir", dataDirectory.path, "--ack-file", ackFile.path,
                    "--issuers", "8",
                ])
            // Wait until the child is issuing, then let it run a random while before the kill.
            var waited = 0
            while (try? Data(contentsOf: ackFile))?.isEmpty ?? true, waited < 600, child.isRunning {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            try #require(child.isRunning, "round \(round): the child stopped before the kill: \(child.printed)")
            try await Task.sleep(for: .milliseconds(Int.random(in: 20...700)))
            child.send(SIGKILL)
            let killed = try await child.finished()
            #expect(killed.terminatedBySignal && killed.status == SIGKILL, "\(killed)")

            let acknowledged = try String(contentsOf: ackFile, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(!acknowledged.isEmpty)
            let store = try await SQLiteLedgerStore.open(
                path: dataDirectory.appendingPathComponent("lunas.sqlite").path)
            var missing: [String] = []
            for id in acknowledged where try await store.invoice(id: Invoice.ID(id)) == nil { missing.append(id) }
            #expect(
                missing == [], "round \(round): \(missing.count) of \(acknowledged.count) acknowledged invoices lost")
            let report = try await store.verify()
            #expect(report.problems == [], "round \(round)")
            #expect(report.eventCount >= acknowledged.count)
        }
    }
}
