import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

@testable import API

/// A settlement file has a settlement date of its own (stated by the file, or given with the upload), so
/// an empty file clears the `settlement_file_missing` blocker of its date; the simulator's files follow
/// T+1 working day, so a Friday's payments are in Monday's file and the Friday closes (issue 14).
@Suite("Settlement files by settlement date: a Friday in Monday's file, an empty file for a due date (real HTTP)")
struct SettlementFileDateTests {
    /// 10:00 WIT on Friday 2026-11-27 (08:00 in Jakarta).
    static let friday = APIFixture.start.addingTimeInterval(3 * 86_400)
    static let header =
        "settlement_date,batch_id,trx_datetime,rrn,reference_no,bill_number,nmid,merchant_id,terminal_id,"
        + "issuer_name,qr_type,status,gross_amount,mdr_amount,net_amount\r\n"

    static func blockers(
        _ client: some TestClientProtocol, _ fixture: APIFixture, _ date: String
    ) async throws
        -> [[String: Any]]
    {
        let shown = try await client.execute(
            uri: "/api/v1/days/\(date)", method: .get, headers: fixture.headers(.finance, json: false))
        #expect(shown.status == .ok, "\(String(buffer: shown.body))")
        return try #require(try jsonObject(shown)["blockers"] as? [[String: Any]])
    }

    static func close(
        _ client: some TestClientProtocol, _ fixture: APIFixture, _ date: String
    ) async throws
        -> TestResponse
    {
        try await client.execute(
            uri: "/api/v1/days/\(date)/close", method: .post, headers: fixture.headers(.supervisor))
    }

    @Test("a Friday paid through the simulator: paidOn= answers Monday's file, which holds it; applied, Friday closes")
    func fridayInMondaysFile() async throws {
        let fixture = try await APIFixture.make()
        fixture.clock.advance(by: Self.friday.timeIntervalSince(fixture.clock.now))
        try await AcquirerLoop.run(fixture) { loop in
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            let ticket = try await DayCloseTests().issue(loop, key: "friday-1")
            let (bill, id) = (ticket.billNumber, ticket.id)
            fixture.clock.advance(by: 60)
            let paid = try await loop.pay(ticket.qris)
            #expect(paid.status == .ok, "\(String(buffer: paid.body))")
            await loop.simulator.notifier.settle()
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .paid)

            // Saturday and Sunday are no working days: their files are empty, and Friday is blocked on Monday's.
            fixture.clock.advance(by: 86_400)
            let saturday = try await loop.simulatorClient.execute(uri: "/sim/settlement?date=2026-11-28", method: .get)
            #expect(String(buffer: saturday.body) == Self.header)
            let blocked = try await Self.close(loop.lunas, fixture, "2026-11-27")
            #expect(blocked.status == .conflict, "\(String(buffer: blocked.body))")
            let missing = try await Self.blockers(loop.lunas, fixture, "2026-11-27").first {
                ($0["kind"] as? String) == "settlement_file_missing"
            }
            #expect(missing?["examples"] as? [String] == ["2026-11-30"])

            // Monday: the file holding Friday's payments is Monday's, and says so.
            fixture.clock.advance(by: 2 * 86_400)
            let file = try await loop.simulatorClient.execute(uri: "/sim/settlement?paidOn=2026-11-27", method: .get)
            #expect(file.status == .ok)
            #expect(file.headers[HTTPField.Name("X-Settlement-Date")!] == "2026-11-30")
            let text = String(buffer: file.body)
            #expect(text.contains(",\(bill),") && text.contains("\r\n2026-11-30,20261130-"), "\(text)")
            let uploaded = try await uploadSettlement(loop.lunas, fixture, body: file.body, profile: "lunas-simulator")
            #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(600))")
            let settlement = try #require(try jsonObject(uploaded)["id"] as? String)
            let applied = try await loop.lunas.execute(
                uri: "/api/v1/settlements/\(settlement)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(try jsonObject(applied)["settled"] as? Int == 1, "\(String(buffer: applied.body))")
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .settled)
            #expect(try await Self.blockers(loop.lunas, fixture, "2026-11-27").isEmpty)
            let closed = try await Self.close(loop.lunas, fixture, "2026-11-27")
            #expect(closed.status == .ok, "\(String(buffer: closed.body))")
        }
    }

    @Test(
        "an empty file for a due date clears settlement_file_missing; without a date it is refused and nothing is written"
    )
    func emptyFileForADueDate() async throws {
        let fixture = try await APIFixture.make()
        fixture.clock.advance(by: Self.friday.timeIntervalSince(fixture.clock.now))
        try await fixture.live { client in
            let created = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "empty-1"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-9"}"#))
            let invoice = try #require(try jsonObject(created)["invoice"] as? [String: Any])
            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: try BillNumber(try #require(invoice["billNumber"] as? String)), rrn: "611100000009",
                    issuer: "OVO", amount: Rupiah(Int64(try #require(invoice["amount"] as? Int))),
                    paidAt: Self.friday.addingTimeInterval(60), recordedAt: Self.friday.addingTimeInterval(61),
                    source: .acquirerNotification))
            fixture.clock.advance(by: 3 * 86_400)  // Monday
            let kinds = { () async throws -> [String] in
                try await Self.blockers(client, fixture, "2026-11-27").compactMap { $0["kind"] as? String }
            }
            #expect(try await kinds() == ["paid_not_settled", "settlement_file_missing"])
            let events = try await fixture.store.verify().eventCount

            // The acquirer's Monday file is empty: its header states no date, and it has no rows.
            let empty = ByteBuffer(string: Self.header)
            let refused = try await uploadSettlement(client, fixture, body: empty, profile: "lunas-simulator")
            #expect(refused.status == .unprocessableContent, "\(String(buffer: refused.body))")
            let error = try #require(try jsonObject(refused)["error"] as? [String: Any])
            #expect(error["code"] as? String == "settlement.dateRequired")
            #expect(error["field"] as? String == "date")
            let badDate = try await uploadSettlement(
                client, fixture, body: empty, profile: "lunas-simulator", date: "2026-11-31")
            #expect(badDate.status == .badRequest, "\(String(buffer: badDate.body))")
            #expect(try storedSettlements(fixture).isEmpty)
            #expect(try await fixture.store.verify().eventCount == events)

            // Named with date=: stored as the file for Monday, applied, and Friday's file blocker clears.
            let uploaded = try await uploadSettlement(
                client, fixture, body: empty, profile: "lunas-simulator", date: "2026-11-30")
            #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(600))")
            let id = try #require(try jsonObject(uploaded)["id"] as? String)
            let applied = try await client.execute(
                uri: "/api/v1/settlements/\(id)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(applied.status == .ok, "\(String(buffer: applied.body))")
            #expect(try await kinds() == ["paid_not_settled"])
            let listed = try await client.execute(
                uri: "/api/v1/settlements", method: .get, headers: fixture.headers(.finance, json: false))
            let summaries = try #require(try jsonObject(listed)["settlements"] as? [[String: Any]])
            #expect(summaries.map { $0["settlementDate"] as? String } == ["2026-11-30"])
            let imported = try await fixture.store.events(entityID: id).first
            #expect(imported?.payload.contains(#""settlementDate":"2026-11-30""#) == true)
            #expect(try await fixture.store.verify().isIntact)

            // The same bytes again: for Monday, the earlier answer; for another day, refused.
            let again = try await uploadSettlement(
                client, fixture, body: empty, profile: "lunas-simulator", date: "2026-11-30")
            #expect(again.status == .ok)
            let undated = try await uploadSettlement(client, fixture, body: empty, profile: "lunas-simulator")
            #expect(undated.status == .ok, "stored bytes without a date: the earlier answer")
            let otherDay = try await uploadSettlement(
                client, fixture, body: empty, profile: "lunas-simulator", date: "2026-12-01")
            #expect(otherDay.status == .conflict, "\(String(buffer: otherDay.body))")
            #expect(String(buffer: otherDay.body).contains("settlement.sameFileOtherDate"))
        }
    }

    @Test("a form names the date in its field date (blank is absent); a query date= that differs is refused")
    func formDate() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let empty = Array(Self.header.utf8)
            let parts = { (date: String) in
                [
                    SettlementFormUploadTests.file(empty), SettlementFormUploadTests.profile("lunas-simulator"),
                    MultipartForm.Part(name: "date", body: Array(date.utf8)),
                ]
            }
            let blank = try await SettlementFormUploadTests.uploadForm(client, fixture, parts(""))
            #expect(blank.status == .unprocessableContent, "\(String(buffer: blank.body))")
            #expect(String(buffer: blank.body).contains("settlement.dateRequired"))
            let conflicting = try await SettlementFormUploadTests.uploadForm(
                client, fixture, parts("2026-11-30"), query: "?date=2026-12-01")
            #expect(conflicting.status == .badRequest, "\(String(buffer: conflicting.body))")
            #expect(String(buffer: conflicting.body).contains("request.conflictingField"))
            #expect(try storedSettlements(fixture).isEmpty)
            let dated = try await SettlementFormUploadTests.uploadForm(client, fixture, parts("2026-11-30"))
            #expect(dated.status == .created, "\(String(buffer: dated.body))")
            let byQuery = try await SettlementFormUploadTests.uploadForm(
                client, fixture,
                [SettlementFormUploadTests.file(empty), SettlementFormUploadTests.profile("lunas-simulator")],
                query: "?date=2026-11-30")
            #expect(byQuery.status == .ok, "the same bytes for the same date: the earlier answer")
        }
    }
}
