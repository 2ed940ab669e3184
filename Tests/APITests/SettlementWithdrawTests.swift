import API
import Foundation
import HTTPTypes
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import NIOCore
import Testing

/// A corrected re-send applied after the file it corrects was applied: the older file's application
/// is withdrawn by events first (its settlements taken back, the exceptions about its rows resolved
/// `bank_corrected`), then the re-send is applied; over real HTTP, and with `lunas settlement apply`
/// killed with SIGKILL in the middle of the withdrawal.
@Suite("A corrected re-send withdraws the older file's application (real HTTP, kill -9)")
struct SettlementWithdrawTests {
    /// A generated day's settlement file and its corrected re-send: the MDR of line 5 (a `matched` row)
    /// is 1,000 more, so the re-send's row no longer adds up (gross ≠ MDR + net) and settles nothing.
    /// With `reversals`, the `REFUND` rows name their payment's RRN (the day must have some).
    static func files(
        _ day: SettlementDay, reversals: Bool
    ) throws -> (original: String, corrected: String, correctedBill: String) {
        let generated = try String(contentsOf: day.settlementFile, encoding: .utf8)
        let original = reversals ? try SettlementApplyCrashTests.reversalsNamingTheirPayment(generated) : generated
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[12] = String(Int(fields[12])! + 1000)
        lines[5] = fields.joined(separator: ",")
        return (original, lines.joined(separator: "\n"), fields[9])
    }

    @Test(
        "apply the re-send: the older file's settlements are withdrawn by events naming the applying device, its row exceptions resolved bank_corrected, the list says superseded and withdrawn; applying again changes nothing; verify passes"
    )
    func resendWithdrawsTheOlderApplication() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 200, seed: 8, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let (original, corrected, correctedBill) = try Self.files(day, reversals: false)
        let store = fixture.store
        let finance = LedgerActor.device(fixture.deviceIDs[.finance]!)
        try await fixture.live { client in
            func apply(_ id: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/settlements/\(id)/apply", method: .post, headers: fixture.headers(.finance))
            }
            let first = try await uploadSettlement(client, fixture, body: ByteBuffer(string: original))
            let firstID = try #require(try jsonObject(first)["id"] as? String)
            let applied = try jsonObject(try await apply(firstID))
            let appliedComplete: Bool? = applied["complete"] as? Bool
            let appliedWithdrew: [String]? = applied["withdrew"] as? [String]
            #expect(appliedComplete == true)
            #expect(appliedWithdrew == [])
            let correctedInvoice = try #require(try await store.invoice(billNumber: try BillNumber(correctedBill)))
            #expect(correctedInvoice.status == .settled)
            var settledByFirst: [String] = []
            for id in day.ledgerIDs.values.sorted() {
                let settlement = try await store.invoiceSettlement(invoiceID: Invoice.ID(id))
                if settlement?.entry.reference.settlementID == firstID { settledByFirst.append(id) }
            }
            let open: [ExceptionCase] = try await store.exceptionCases(ExceptionQuery(state: .open, limit: 1000))
            let rowExceptions = open.filter { $0.key.hasPrefix("\(firstID) row ") }
            #expect(settledByFirst.count > 10 && !rowExceptions.isEmpty)

            let second = try await uploadSettlement(client, fixture, body: ByteBuffer(string: corrected))
            #expect(second.status == .created)
            let secondID = try #require(try jsonObject(second)["id"] as? String)
            let resendOf: [String]? = try jsonObject(second)["resendOf"] as? [String]
            #expect(resendOf == [firstID])
            // The older file stays refused.
            let refused = try await apply(firstID)
            #expect(refused.status == .conflict && String(buffer: refused.body).contains("settlement.superseded"))

            let resent = try await apply(secondID)
            #expect(resent.status == .ok, "\(String(buffer: resent.body).prefix(400))")
            let outcome = try jsonObject(resent)
            let withdrew: [String]? = outcome["withdrew"] as? [String]
            let complete: Bool? = outcome["complete"] as? Bool
            #expect(withdrew == [firstID])
            #expect(complete == true)

            // The older file: withdrawn, by events naming the finance device.
            let withdrawn = try #require(try await store.settlementApplication(id: firstID))
            #expect(withdrawn.supersededBy == secondID && withdrawn.withdrawnAt != nil)
            let chunks = try await store.events(entityID: firstID).compactMap { event -> SettlementWithdrawal? in
                if case .settlementWithdrawn(let chunk) = try event.fact() { return chunk }
                return nil
            }
            #expect(chunks.last?.complete == true && chunks.allSatisfy { $0.actor == finance })
            #expect(chunks.map(\.unsettled).reduce(0, +) == Int64(settledByFirst.count))
            for exception in rowExceptions {
                let resolution = try #require(try await store.exceptionCase(id: exception.id)?.resolution)
                #expect(resolution.code == .bankCorrected && resolution.actor == finance, "\(exception.key)")
            }
            // Each invoice the older file settled is settled by the re-send, or paid again.
            for id in settledByFirst.map(Invoice.ID.init) {
                let settlement = try #require(try await store.invoiceSettlement(invoiceID: id))
                let status = try await store.invoice(id: id)?.status
                if settlement.entry.reference.settlementID == secondID {
                    #expect(status == .settled && settlement.withdrawnBy == nil)
                } else {
                    #expect(settlement.withdrawnBy == secondID && (status == .paid || status == .paidLate), "\(id)")
                }
            }
            #expect(try await store.invoice(id: correctedInvoice.id)?.status == .paid)
            let unsettled = try await store.events(entityID: correctedInvoice.id.rawValue).map(\.kind)
            #expect(unsettled.suffix(1) == [.invoiceUnsettled], "\(unsettled)")
            let mismatch = try await store.exceptionCases(ExceptionQuery(invoiceID: correctedInvoice.id))
            #expect(mismatch.contains { $0.category == .amountMismatch && $0.settlement?.settlementID == secondID })

            // The list: the re-send applied, the older file superseded and withdrawn.
            let list = try await client.execute(
                uri: "/api/v1/settlements", method: .get, headers: fixture.headers(.auditor, json: false))
            let items: [[String: Any]] = try #require(try jsonObject(list)["settlements"] as? [[String: Any]])
            let statuses: [String?] = items.map { $0["status"] as? String }
            #expect(statuses == ["applied", "superseded"])
            let olderWithdrawnAt: String? = items[1]["withdrawnAt"] as? String
            let newerWithdrawnAt: String? = items[0]["withdrawnAt"] as? String
            #expect(olderWithdrawnAt != nil)
            #expect(newerWithdrawnAt == nil)

            // Again: nothing changes, nothing is withdrawn twice.
            let events = try await fixture.eventCount()
            let again = try jsonObject(try await apply(secondID))
            let already: Bool? = again["alreadyApplied"] as? Bool
            let withdrewAgain: [String]? = again["withdrew"] as? [String]
            #expect(already == true)
            #expect(withdrewAgain == [])
            #expect(try await fixture.eventCount() == events)
        }
        let report = try await store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test("kill -9 in the middle of the withdrawal, apply again: the same state as one clean run; both verify")
    func killedWithdrawalResumes() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 2000, seed: 31, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let (original, corrected, _) = try Self.files(day, reversals: true)
        let (firstID, secondID) = try await fixture.live { client in
            let first = try await uploadSettlement(client, fixture, body: ByteBuffer(string: original))
            let firstID = try #require(try jsonObject(first)["id"] as? String)
            let applied = try await client.execute(
                uri: "/api/v1/settlements/\(firstID)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(applied.status == .ok)
            let second = try await uploadSettlement(client, fixture, body: ByteBuffer(string: corrected))
            return (firstID, try #require(try jsonObject(second)["id"] as? String))
        }
        let data = fixture.directory
        let copy = data.deletingLastPathComponent().appendingPathComponent(data.lastPathComponent + "-clean")
        try FileManager.default.copyItem(at: data, to: copy)
        let arguments = { (data: URL) in
            [
                "settlement", "apply", secondID, "--chunk-rows", "10", "--data-dir", data.path, "--config",
                fixture.settings.configDirectory + "/lunas.json",
            ]
        }
        let killed = try ChildProcess.start(
            TestExecutable.lunas(), arguments(data), environment: SettlementApplyCrashTests.demo,
            log: data.appendingPathComponent("withdraw-killed.log"))
        let first = try await killed.line(containing: "withdrew ")
        killed.send(SIGKILL)
        let killedResult = try await killed.finished(timeout: .seconds(60))
        #expect(first?.contains("of \(firstID) for \(secondID)") == true, "\(killedResult)")
        #expect(killedResult.terminatedBySignal, "\(killedResult)")
        do {
            let store = try await SQLiteLedgerStore.open(path: data.appendingPathComponent("lunas.sqlite").path)
            let cut = try #require(try await store.settlementApplication(id: firstID))
            // The kill lands inside the withdrawal (else the test proves nothing).
            #expect(!cut.isWithdrawn, "\(cut)")
            #expect(try await store.settlementApplication(id: secondID) == nil)
        }

        let resumed = try await SettlementApplyCrashTests.lunas(arguments(data))
        #expect(resumed.succeeded, "\(resumed)")
        #expect(resumed.stdoutText.contains("\(firstID), which \(secondID) corrects, was withdrawn first"))
        let clean = try await SettlementApplyCrashTests.lunas(arguments(copy))
        #expect(clean.succeeded, "\(clean)")
        let again = try await SettlementApplyCrashTests.lunas(arguments(data))
        #expect(again.stdoutText.contains("was already applied: nothing changed"), "\(again.stdoutText)")
        for data in [data, copy] {
            let verified = try await SettlementApplyCrashTests.lunas(["ledger", "verify", "--data-dir", data.path])
            #expect(verified.succeeded && verified.stdoutText.hasPrefix("ledger intact"), "\(verified)")
        }
        let prepared = SettlementApplyCrashTests.PreparedDay(
            data: data, configFile: "", settlementID: secondID,
            invoiceIDs: day.ledgerIDs.values.map { Invoice.ID($0) }.sorted { $0.rawValue < $1.rawValue })
        let crashed = try await SettlementApplyCrashTests.outcome(of: prepared, in: data)
        let reference = try await SettlementApplyCrashTests.outcome(of: prepared, in: copy)
        #expect(crashed.statuses == reference.statuses)
        #expect(crashed.statuses.values.contains(.settled) && crashed.statuses.values.contains(.paid))
        #expect(crashed.payments == reference.payments)
        #expect(crashed.refunds == reference.refunds)
        #expect(
            crashed.exceptions == reference.exceptions,
            "\(Set(crashed.exceptions.keys).symmetricDifference(reference.exceptions.keys).prefix(5))")
        let resolvedOfFirst = crashed.exceptions.keys.filter { fingerprint in
            fingerprint.state == "resolved" && (fingerprint.settlement ?? "").hasPrefix(firstID)
        }
        #expect(!resolvedOfFirst.isEmpty)
        #expect(crashed.application.settled == reference.application.settled && crashed.application.isComplete)
        #expect(crashed.application.exceptionsOpened == reference.application.exceptionsOpened)
        #expect(crashed.intact && reference.intact)
        for directory in [data, copy] {
            let store = try await SQLiteLedgerStore.open(path: directory.appendingPathComponent("lunas.sqlite").path)
            #expect(try await store.settlementApplication(id: firstID)?.supersededBy == secondID)
        }
    }
}
