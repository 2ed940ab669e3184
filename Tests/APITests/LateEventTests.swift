import API
import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

/// Late events for a closed day over real HTTP (issue 14: "after close, nothing may change that
/// day's figures silently"): a ticket paid on 24 November whose notify arrives only on the 25th,
/// after the 24th was closed, then settled by the bank's file and refunded in part; a ticket of the
/// 25th refunded in part the same day. The 24th's statement stays as signed and still verifies;
/// its daily report answers the signed figures with the late events apart; the 25th's report,
/// statement and journal carry the late lines naming the 24th; the journal balances.
@Suite("Late events for a closed day and partial refunds: statement, report and journal (real HTTP)")
struct LateEventTests {
    static let first = "2026-11-24"
    static let second = "2026-11-25"
    static let secondEnd = DayCloseTests.dayEnd.addingTimeInterval(86_400)

    @Test(
        "pay after close: the closed statement stays and verifies; the next day books the late lines; partial refunds")
    func lateEventsAfterClose() async throws {
        let fixture = try await APIFixture.make(expiryInterval: .milliseconds(100))
        let days = DayCloseTests()
        try await AcquirerLoop.run(fixture) { loop in
            let lunas = loop.lunas
            // The 24th: A never paid; B paid at the acquirer, but its notify is lost.
            let a = try await days.issue(loop, key: "late-a")
            let b = try await days.issue(loop, key: "late-b")
            try await loop.setFaults(
                AcquirerLoopTests.noFaults.replacingOccurrences(of: #""dropPercent":0"#, with: #""dropPercent":100"#))
            fixture.clock.advance(by: 10)
            let paid = try await loop.pay(b.qris)
            #expect(paid.status == .ok, "\(String(buffer: paid.body))")
            let referenceNo = try #require(try jsonObject(paid)["referenceNo"] as? String)
            await loop.simulator.notifier.settle()
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            fixture.clock.advance(
                by: max(a.expiresAt, b.expiresAt).addingTimeInterval(1).timeIntervalSince(fixture.clock.now))
            #expect(try await days.waitForStatus(lunas, fixture, a.id, "expired"))
            #expect(try await days.waitForStatus(lunas, fixture, b.id, "expired"))

            // Just after midnight the 24th closes: nothing was received.
            fixture.clock.advance(by: DayCloseTests.dayEnd.addingTimeInterval(60).timeIntervalSince(fixture.clock.now))
            let closed = try await days.close(lunas, fixture, role: .supervisor)
            #expect(closed.status == .ok, "\(String(buffer: closed.body))")
            let firstBytes = Array(closed.body.readableBytesView)
            let firstFigures = try #require(try jsonObject(closed)["figures"] as? [String: Any])
            #expect((firstFigures["revenue"] as? [String: Any])?["gross"] as? Int == 0)
            let reportBefore = try jsonObject(try await report(lunas, fixture, Self.first))
            #expect(reportBefore["closed"] as? Bool == true)
            #expect((reportBefore["lateEvents"] as? [String: Any])?["count"] as? Int == 0)

            // Half an hour into the 25th: B's notify arrives at last; C is issued and paid. (Before
            // 02:00 WIT it is still the 24th in Jakarta, so the bank's file for the 25th settles both.)
            fixture.clock.advance(by: 30 * 60)
            let notify = try await loop.simulator.simulator.notifyRequest(
                referenceNo: referenceNo, now: fixture.clock.now)
            let accepted = try await loop.postNotify(notify)
            #expect(accepted.status == .ok, "\(String(buffer: accepted.body))")
            let paymentB = try #require(try await fixture.store.payments(invoiceID: .init(b.id)).first)
            let c = try await days.issue(loop, key: "late-c")
            fixture.clock.advance(by: 10)
            #expect(try await loop.pay(c.qris).status == .ok)
            await loop.simulator.notifier.settle()
            let paymentC = try #require(try await fixture.store.payments(invoiceID: .init(c.id)).first)
            try await applySettlement(loop, fixture, paidOn: Self.first, expecting: 2)
            #expect(try await fixture.store.invoice(id: .init(b.id))?.status == .settled)

            // Both refunded in part: C on its own day, B (of the closed 24th) late.
            fixture.clock.advance(by: 10 * 60)
            let refundC = try await RefundTests().refund(loop, paymentC.id.rawValue, 500, key: "partial-c")
            #expect(refundC.status == .created, "\(String(buffer: refundC.body))")
            #expect(try await fixture.store.invoice(id: .init(c.id))?.status == .settled, "a partial refund keeps it")
            let refundB = try await RefundTests().refund(loop, paymentB.id.rawValue, 700, key: "partial-b")
            #expect(refundB.status == .created, "\(String(buffer: refundB.body))")

            // The 24th is as signed: the same bytes, still valid offline; its report answers the signed
            // figures, and apart the late events, each booked against the 25th.
            let published = try await lunas.execute(uri: "/public/days/\(Self.first)", method: .get, headers: [:])
            #expect(Array(published.body.readableBytesView) == firstBytes)
            try await verifyOffline(lunas, fixture, firstBytes, name: Self.first)
            let firstReport = try jsonObject(try await report(lunas, fixture, Self.first))
            #expect(firstReport["closed"] as? Bool == true)
            let statementPart = try #require(firstReport["statement"] as? [String: Any])
            #expect(
                NSDictionary(dictionary: try #require(statementPart["figures"] as? [String: Any]))
                    == NSDictionary(dictionary: firstFigures))
            #expect(statementPart["url"] as? String == "/public/days/\(Self.first)")
            #expect(firstReport["issued"] == nil, "no live figures for a closed day")
            #expect(firstReport["sequenceGaps"] as? Int == 0)
            #expect((firstReport["byDevice"] as? [[String: Any]])?.map { $0["deviceID"] as? String } == ["t-attendant"])
            let lateAbout = try #require(firstReport["lateEvents"] as? [String: Any])
            let lateLines = try #require(lateAbout["lines"] as? [[String: Any]])
            #expect(lateLines.map { $0["kind"] as? String } == ["payment", "settlement", "refund"], "\(lateLines)")
            #expect(
                lateLines.allSatisfy {
                    $0["closedDate"] as? String == Self.first && $0["bookedDate"] as? String == Self.second
                })
            #expect(lateLines.allSatisfy { $0["invoiceId"] as? String == b.id })
            #expect(lateLines.map { $0["amount"] as? Int } == [b.amount, b.amount, 700])
            #expect((lateAbout["byKind"] as? [String: [String: Int]])?["refund"] == ["count": 1, "amount": 700])

            // The 25th's live report: its own partial refund, and the late lines booked against it.
            let secondReport = try jsonObject(try await report(lunas, fixture, Self.second))
            #expect(secondReport["closed"] as? Bool == false)
            #expect(secondReport["refunds"] as? [String: Int] == ["count": 1, "amount": 500])
            #expect(secondReport["partialRefunds"] as? [String: Int] == ["count": 1, "amount": 500])
            let refundLines = try #require(secondReport["refundLines"] as? [[String: Any]])
            #expect(refundLines.count == 1 && refundLines.first?["partial"] as? Bool == true)
            #expect(refundLines.first?["invoiceId"] as? String == c.id)
            let adjustments = try #require(secondReport["lateAdjustments"] as? [String: Any])
            #expect((adjustments["lines"] as? [[String: Any]])?.count == 3)
            #expect(
                (adjustments["lines"] as? [[String: Any]])?.map { $0["event"] as? Int }
                    == lateLines.map { $0["event"] as? Int })

            // Just after midnight the 25th closes.
            fixture.clock.advance(by: Self.secondEnd.addingTimeInterval(60).timeIntervalSince(fixture.clock.now))
            let closedSecond = try await lunas.execute(
                uri: "/api/v1/days/\(Self.second)/close", method: .post, headers: fixture.headers(.supervisor))
            #expect(closedSecond.status == .ok, "\(String(buffer: closedSecond.body))")
            let secondBytes = Array(closedSecond.body.readableBytesView)
            try await verifyOffline(lunas, fixture, secondBytes, name: Self.second)
            let secondFigures = try #require(try jsonObject(closedSecond)["figures"] as? [String: Any])
            #expect((secondFigures["revenue"] as? [String: Any])?["partiallyRefunded"] as? Int == 500)
            let lines = try #require(secondFigures["byRevenueLine"] as? [[String: Any]])
            #expect(
                lines.first?["partiallyRefunded"] as? Int == 1 && lines.first?["partiallyRefundedAmount"] as? Int == 500
            )
            let signedLate = try #require(
                (secondFigures["lateAdjustments"] as? [String: Any])?["lines"] as? [[String: Any]])
            #expect(signedLate.map { $0["kind"] as? String } == ["payment", "settlement", "refund"])
            #expect(
                signedLate.allSatisfy { $0["closedDate"] as? String == Self.first && $0["invoice"] as? String == b.id })
            #expect(signedLate.map { $0["event"] as? Int } == lateLines.map { $0["event"] as? Int })
            #expect(signedLate[1]["mdr"] as? Int ?? -1 >= 0)

            let page = try await lunas.execute(
                uri: "/public/days/\(Self.second)", method: .get, headers: [.accept: "text/html"])
            #expect(String(buffer: page.body).contains("Penyesuaian terlambat"))
            #expect(String(buffer: page.body).contains(b.id))
            let english = String(
                buffer: try await lunas.execute(
                    uri: "/public/days/\(Self.second)?lang=en", method: .get, headers: [.accept: "text/html"]
                ).body)
            #expect(english.contains(#"lang="en""#) && english.contains("Late adjustments for days already closed"))
            #expect(english.contains("Daily statement of") && !english.contains("Penyesuaian terlambat"))

            // The 25th's journal: balanced, with the late lines naming the 24th and the partial refund.
            let journal = try jsonObject(
                try await days.journalResponse(lunas, fixture, Self.second, format: "json", role: .finance))
            let totalDebit = try #require(journal["totalDebit"] as? Int)
            #expect(totalDebit == journal["totalCredit"] as? Int)
            let journalLines = try #require(journal["lines"] as? [[String: Any]])
            let late = journalLines.filter { ($0["memo"] as? String)?.contains("hari \(Self.first)") == true }
            #expect(late.reduce(0) { $0 + ($1["debit"] as? Int ?? 0) } == 2 * b.amount + 700, "\(journalLines)")
            #expect(late.reduce(0) { $0 + ($1["credit"] as? Int ?? 0) } == 2 * b.amount + 700)
            #expect(late.allSatisfy { ($0["memo"] as? String)?.contains(b.id) == true })
            let partial = journalLines.filter { $0["memo"] as? String == "Pengembalian sebagian parking:motorcycle" }
            #expect(
                partial.map { $0["debit"] as? Int } == [500, 0] && partial.map { $0["credit"] as? Int } == [0, 500])
            let csv = String(
                buffer: try await days.journalResponse(lunas, fixture, Self.second, format: "csv", role: .auditor).body)
            #expect(csv.contains("hari \(Self.first)"))
            // The 24th's journal is still what its statement books: nothing.
            let firstJournal = try jsonObject(
                try await days.journalResponse(lunas, fixture, Self.first, format: "json", role: .finance))
            #expect(firstJournal["totalDebit"] as? Int == 0 && (firstJournal["lines"] as? [Any])?.isEmpty == true)
            #expect(
                Array(
                    try await lunas.execute(uri: "/public/days/\(Self.first)", method: .get, headers: [:]).body
                        .readableBytesView)
                    == firstBytes)
        }
        let verification = try await fixture.store.verify()
        #expect(verification.isIntact, "\(verification.problems)")
    }

    /// A statement signed before partial refunds and late adjustments were counted, in the shape the
    /// first statements had (no `partiallyRefunded*`, no `lateAdjustments`), signed with a fixed test key.
    static let oldStatement = #"""
        {"chainHead":{"hash":"9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f9f","sequence":41},"city":"ambon","closedAt":1795532460000,"closedBy":{"device":"t-supervisor","staff":null},"date":"2026-11-24","figures":{"byDevice":[{"device":"t-attendant","issued":3,"issuedAmount":6000,"mdr":28,"net":3972,"outstanding":0,"received":2,"receivedAmount":4000,"refunded":0,"settled":2,"settledAmount":4000}],"byRevenueLine":[{"issued":3,"issuedAmount":6000,"mdr":28,"net":3972,"outstanding":0,"received":2,"receivedAmount":4000,"refunded":0,"revenueLine":"parking:motorcycle","settled":2,"settledAmount":4000}],"byStatus":{"expired":{"amount":2000,"count":1},"settled":{"amount":4000,"count":2}},"byZone":[{"issued":3,"issuedAmount":6000,"mdr":28,"net":3972,"outstanding":0,"received":2,"receivedAmount":4000,"refunded":0,"settled":2,"settledAmount":4000,"zone":"ayp-01"}],"exceptions":{"explained":1},"invoices":{"issued":3,"issuedAmount":6000,"mdr":28,"net":3972,"outstanding":0,"received":2,"receivedAmount":4000,"refunded":0,"settled":2,"settledAmount":4000},"revenue":{"gross":4000,"mdr":28,"net":3972,"outstanding":0,"refunded":0}},"from":1795446000000,"keyId":"6405799b","signature":"6BqjNLgMFFO1SkvueVAcgc1RSupu56Bs/3vjxRnz7dkCJp6A4PcTjvsOzWfK7hyik17pOkS8HLseaXQpwiinCw==","statementVersion":1,"timeZone":"WIT","to":1795532400000}
        """#
    /// The public half of the key that signed ``oldStatement`` (its id is `6405799b`).
    static let oldStatementKey = "Au7aEXBUJFAZoAnvUc918SaZ9BR7zdMzjnmouW3FX8I="

    @Test(
        "a statement signed before partial refunds and late adjustments still verifies, byte for byte, and books as before"
    )
    func oldStatementVerifies() async throws {
        let statement = try DailyStatement(canonical: try CanonicalJSON.parse(Self.oldStatement))
        let ring = try ReceiptKeyRing(keys: [
            .init(label: "old", publicKey: try ReceiptPublicKey(base64: Self.oldStatementKey))
        ])
        #expect(statement.signatureProblem(ring: ring) == nil)
        #expect(statement.canonical.text == Self.oldStatement, "read and written again, the bytes are the same")
        #expect(try statement.lateAdjustments.isEmpty)
        let journal = try DayJournal(
            statement: statement,
            accounts: try ChartOfAccounts(
                json: Data(
                    contentsOf: URL(fileURLWithPath: APIFixture.configDirectory).appendingPathComponent("accounts.json")
                )))
        #expect(journal.lines.map(\.debit.value) == [3_972, 28, 0])
        #expect(journal.lines.map(\.credit.value) == [0, 0, 4_000])
        // And with the real command, offline.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-old-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(Self.oldStatement.utf8).write(to: folder.appendingPathComponent("old.json"))
        try Data(#"{"keys": [{"label": "old", "publicKey": "\#(Self.oldStatementKey)"}]}"#.utf8)
            .write(to: folder.appendingPathComponent("keys.json"))
        let checked = try await ChildProcess.run(
            try TestExecutable.lunas(),
            [
                "day", "verify", folder.appendingPathComponent("old.json").path, "--keys",
                folder.appendingPathComponent("keys.json").path,
            ])
        #expect(checked.status == 0 && checked.stdoutText.hasPrefix("valid"), "\(checked)")
        var altered = statement
        altered.figures = .object(["lateAdjustments": .object(["lines": .array([])])])
        #expect(altered.signatureProblem(ring: ring) != nil)
    }

    // MARK: Requests

    func report(_ client: any TestClientProtocol, _ fixture: APIFixture, _ date: String) async throws -> TestResponse {
        let response = try await client.execute(
            uri: "/api/v1/reports/daily?date=\(date)", method: .get, headers: fixture.headers(.finance, json: false))
        #expect(response.status == .ok, "\(String(buffer: response.body))")
        return response
    }

    /// Uploads the simulator's settlement file holding the payments of `paidOn` and applies it; `expecting`
    /// invoices settle.
    func applySettlement(_ loop: AcquirerLoop, _ fixture: APIFixture, paidOn: String, expecting: Int) async throws {
        let file = try await loop.simulatorClient.execute(uri: "/sim/settlement?paidOn=\(paidOn)", method: .get)
        #expect(file.status == .ok)
        let uploaded = try await uploadSettlement(loop.lunas, fixture, body: file.body, profile: "lunas-simulator")
        #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(600))")
        let id = try #require(try jsonObject(uploaded)["id"] as? String)
        let applied = try await loop.lunas.execute(
            uri: "/api/v1/settlements/\(id)/apply", method: .post, headers: fixture.headers(.finance))
        #expect(applied.status == .ok, "\(String(buffer: applied.body))")
        #expect(try jsonObject(applied)["settled"] as? Int == expecting, "\(String(buffer: applied.body))")
    }

    /// `lunas day verify` on `bytes` with the published key ring: valid.
    func verifyOffline(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ bytes: [UInt8], name: String
    ) async throws {
        let folder = fixture.directory.appendingPathComponent("verify-\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bytes).write(to: folder.appendingPathComponent("day.json"))
        let ring = try await client.execute(uri: "/public/receipt-keys", method: .get, headers: [:])
        #expect(ring.status == .ok)
        let keys = folder.appendingPathComponent("receipt-keys.json")
        try Data(ring.body.readableBytesView).write(to: keys)
        let result = try await ChildProcess.run(
            try TestExecutable.lunas(),
            ["day", "verify", folder.appendingPathComponent("day.json").path, "--keys", keys.path])
        #expect(result.status == 0 && result.stdoutText.hasPrefix("valid"), "\(result)")
    }
}
