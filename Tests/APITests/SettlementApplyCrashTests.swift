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

/// `lunas settlement apply` (the built binary) killed with SIGKILL between two chunks, then run
/// again, ends in exactly the state of one clean apply of the same file on a copy of the same data
/// directory, and both ledgers verify.
@Suite("lunas settlement apply survives kill -9 (the built binary)")
struct SettlementApplyCrashTests {
    /// A data directory holding a generated day of invoices and its imported (not applied) settlement file.
    struct PreparedDay {
        var data: URL
        var configFile: String
        var settlementID: String
        var invoiceIDs: [Invoice.ID]
    }

    @Test("kill -9 after the first committed chunk, apply again: the same invoices, payments, exceptions and counts")
    func killedApplyResumes() async throws {
        let day = try await Self.prepare(count: 2000, seed: 29)
        let copy = day.data.deletingLastPathComponent().appendingPathComponent(day.data.lastPathComponent + "-clean")
        try FileManager.default.copyItem(at: day.data, to: copy)
        let arguments = { (data: URL) in
            [
                "settlement", "apply", day.settlementID, "--chunk-rows", "10", "--data-dir", data.path, "--config",
                day.configFile,
            ]
        }

        // Killed as soon as it reports its first committed chunk.
        let killed = try ChildProcess.start(
            TestExecutable.lunas(), arguments(day.data), environment: Self.demo,
            log: day.data.appendingPathComponent("apply-killed.log"))
        let first = try await killed.line(containing: "rows of stl-")
        killed.send(SIGKILL)
        let killedResult = try await killed.finished(timeout: .seconds(60))
        #expect(first?.hasPrefix("applied 10/") == true, "\(killedResult)")
        #expect(killedResult.terminatedBySignal && killedResult.status == SIGKILL, "\(killedResult)")
        let cut: SettlementApplication
        do {
            let store = try await SQLiteLedgerStore.open(path: day.data.appendingPathComponent("lunas.sqlite").path)
            cut = try #require(try await store.settlementApplication(id: day.settlementID))
        }
        // The file is big enough that the kill lands before the last chunk (else the test proves nothing).
        #expect(!cut.isComplete && cut.appliedRows >= 10 && cut.appliedRows < cut.rowCount, "\(cut)")
        #expect(cut.appliedRows % 10 == 0)

        // Applied again: it resumes after the rows the killed run committed.
        let resumed = try await Self.lunas(arguments(day.data))
        #expect(resumed.succeeded, "\(resumed)")
        let progress = resumed.stderrText.split(separator: "\n").filter { $0.contains("rows of stl-") }
        #expect(
            progress.first?.hasPrefix("applied \(cut.appliedRows + 10)/\(cut.rowCount) ") == true,
            "\(progress.prefix(3))")
        #expect(progress.last?.hasPrefix("applied \(cut.rowCount)/\(cut.rowCount) ") == true)
        #expect(
            resumed.stdoutText.contains("\(day.settlementID) applied: \(cut.rowCount) rows"), "\(resumed.stdoutText)")
        let again = try await Self.lunas(arguments(day.data))
        #expect(again.succeeded, "\(again)")
        #expect(again.stdoutText.contains("was already applied: nothing changed"), "\(again.stdoutText)")

        // The copy: one clean apply.
        let clean = try await Self.lunas(arguments(copy))
        #expect(clean.succeeded, "\(clean)")
        #expect(clean.stderrText.hasPrefix("applied 10/\(cut.rowCount) "), "\(clean)")

        for data in [day.data, copy] {
            let verified = try await Self.lunas(["ledger", "verify", "--data-dir", data.path])
            #expect(verified.succeeded && verified.stdoutText.hasPrefix("ledger intact"), "\(verified)")
        }
        let crashed = try await Self.outcome(of: day, in: day.data)
        let reference = try await Self.outcome(of: day, in: copy)
        // Everything but when the last chunk was applied.
        #expect(crashed.application.counts == reference.application.counts)
        #expect(crashed.application.rowCount == cut.rowCount)
        #expect(crashed.application.isComplete)
        #expect(crashed.application.settled > 0 && crashed.application.exceptionsOpened > 0)
        #expect(crashed.application.paymentsRecorded > 0)
        #expect(crashed.application.reversalsRecorded > 0)
        #expect(crashed.statuses == reference.statuses)
        #expect(crashed.statuses.values.contains(.settled))
        #expect(crashed.statuses.values.contains(.refunded))
        #expect(crashed.payments == reference.payments)
        #expect(crashed.refunds == reference.refunds)
        #expect(crashed.refunds.values.joined().count == Int(crashed.application.reversalsRecorded))
        #expect(crashed.exceptions.values.reduce(0, +) == reference.exceptions.values.reduce(0, +))
        #expect(crashed.exceptions.values.allSatisfy { $0 == 1 })
        #expect(
            crashed.exceptions == reference.exceptions,
            "\(Set(crashed.exceptions.keys).symmetricDifference(reference.exceptions.keys).prefix(5))")
        let categories = Set(crashed.exceptions.keys.map(\.category))
        #expect(
            categories.isSuperset(of: ["duplicate_payment", "unknown_bill", "amount_mismatch", "paid_not_settled"]),
            "\(categories)")
        #expect(crashed.eventCount == reference.eventCount)
        #expect(crashed.intact && reference.intact)
    }

    // MARK: The day

    /// Issues a generated day into a fresh data directory and uploads its settlement file through the
    /// in-process server, which is then stopped; the file is imported, not applied. Its `REFUND` rows
    /// repeat the RRN of their bill's payment (as the acquirer simulator's do), so applying records
    /// them as reversals of that payment.
    static func prepare(count: Int, seed: UInt64) async throws -> PreparedDay {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: count, seed: seed, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let file = Data(
            try Self.reversalsNamingTheirPayment(String(contentsOf: day.settlementFile, encoding: .utf8)).utf8)
        let id = try await fixture.live { client in
            let response = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(response.status == .created, "\(String(buffer: response.body).prefix(400))")
            return try #require(try jsonObject(response)["id"] as? String)
        }
        #expect(try await fixture.store.settlementApplication(id: id) == nil)
        return PreparedDay(
            data: fixture.directory, configFile: fixture.settings.configDirectory + "/lunas.json", settlementID: id,
            invoiceIDs: day.ledgerIDs.values.map { Invoice.ID($0) }.sorted { $0.rawValue < $1.rawValue })
    }

    /// The generated CSV with each `REFUND` row's RRN replaced by that of the first `SUCCESS` row of
    /// its bill (the generator gives a refund an RRN of its own, which names no payment).
    static func reversalsNamingTheirPayment(_ csv: String) throws -> String {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(lines.first)
        let rrn = try #require(header.firstIndex(of: "rrn"))
        let bill = try #require(header.firstIndex(of: "bill_number"))
        let status = try #require(header.firstIndex(of: "status"))
        var paymentRRN: [String: String] = [:]
        for line in lines.dropFirst()
        where line.count == header.count && line[status] == "SUCCESS" && !line[bill].isEmpty {
            paymentRRN[line[bill]] = paymentRRN[line[bill]] ?? line[rrn]
        }
        var changed = 0
        for index in lines.indices.dropFirst() where lines[index].count == header.count {
            guard lines[index][status] == "REFUND", let original = paymentRRN[lines[index][bill]] else { continue }
            lines[index][rrn] = original
            changed += 1
        }
        #expect(changed > 0, "the generated day has refund rows")
        return lines.map { $0.joined(separator: ",") }.joined(separator: "\n")
    }

    /// Not demo mode: applying loads only the city and the archive, never the (test-only) acquirer
    /// profile of the demo city.
    static let demo = ChildProcess.Environment.inherited

    /// Runs the built `lunas` to its end without blocking the cooperative pool.
    static func lunas(_ arguments: [String]) async throws -> ChildProcess.Result {
        try await ChildProcess.start(TestExecutable.lunas(), arguments, environment: demo).finished(
            timeout: .seconds(300))
    }

    // MARK: What the ledger ended with

    /// One exception, without what the ledger generates afresh in each data directory (its id, the ids
    /// of payments a settlement file recorded, its times): what it is about and where it came from.
    struct ExceptionFingerprint: Hashable {
        var key: String
        var category: String
        var origin: String
        var state: String
        var invoiceID: String?
        var paymentRRN: String?
        var billNumber: String?
        var rrn: String?
        var amount: Int64?
        var settlement: String?
    }

    struct Outcome {
        var application: SettlementApplication
        var statuses: [Invoice.ID: InvoiceStatus]
        /// Per invoice, its payments as `source effect rrn amount`, sorted.
        var payments: [Invoice.ID: [String]]
        /// Per invoice, its refunds and reversals as `source amount settlement-row payment-rrn`, sorted.
        var refunds: [Invoice.ID: [String]]
        /// Each exception's fingerprint and how many exceptions have it (a key is opened once).
        var exceptions: [ExceptionFingerprint: Int]
        var eventCount: Int
        var intact: Bool
    }

    static func outcome(of day: PreparedDay, in data: URL) async throws -> Outcome {
        let store = try await SQLiteLedgerStore.open(path: data.appendingPathComponent("lunas.sqlite").path)
        var statuses: [Invoice.ID: InvoiceStatus] = [:]
        var payments: [Invoice.ID: [String]] = [:]
        var paymentRRNs: [Payment.ID: String] = [:]
        var refunds: [Invoice.ID: [String]] = [:]
        for id in day.invoiceIDs {
            statuses[id] = try #require(try await store.invoice(id: id)).status
            let recorded = try await store.payments(invoiceID: id)
            payments[id] = recorded.map { "\($0.source.code) \($0.effect.rawValue) \($0.rrn) \($0.amount.value)" }
                .sorted()
            for payment in recorded { paymentRRNs[payment.id] = payment.rrn }
            let given = try await store.refunds(invoiceID: id)
            if !given.isEmpty {
                refunds[id] = given.map {
                    "\($0.source.rawValue) \($0.amount.value) \($0.settlement?.description ?? "-") "
                        + (paymentRRNs[$0.paymentID] ?? "unknown payment")
                }.sorted()
            }
        }
        var exceptions: [ExceptionFingerprint: Int] = [:]
        var query = ExceptionQuery(limit: 1000)
        while true {
            let page = try await store.exceptionCases(query)
            for exception in page {
                // `duplicate_payment pay_…`, `paid_late pay_…`: the payment id is generated in each ledger.
                let key = exception.key.split(separator: " ").map { $0.hasPrefix("pay_") ? "pay_*" : String($0) }
                    .joined(separator: " ")
                exceptions[
                    ExceptionFingerprint(
                        key: key, category: exception.category.rawValue, origin: exception.origin.rawValue,
                        state: exception.state.rawValue, invoiceID: exception.invoiceID?.rawValue,
                        paymentRRN: exception.paymentID.map { paymentRRNs[$0] ?? "unknown payment \($0)" },
                        billNumber: exception.billNumber, rrn: exception.rrn, amount: exception.amount?.value,
                        settlement: exception.settlement?.description), default: 0] += 1
            }
            guard page.count == query.limit, let last = page.last else { break }
            query.after = last.id
        }
        let application = try #require(try await store.settlementApplication(id: day.settlementID))
        let events = try await store.events(after: 0, limit: 1_000_000).count
        let report = try await store.verify()
        #expect(report.isIntact, "\(data.lastPathComponent): \(report.problems)")
        return Outcome(
            application: application, statuses: statuses, payments: payments, refunds: refunds, exceptions: exceptions,
            eventCount: events, intact: report.isIntact)
    }
}

extension SettlementApplication {
    /// Rows applied, rows, settled, payments recorded, exceptions opened, reversals recorded, complete
    /// (not when, not by whom).
    fileprivate var counts: [Int64] {
        [appliedRows, rowCount, settled, paymentsRecorded, exceptionsOpened, reversalsRecorded, isComplete ? 1 : 0]
    }
}
