import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Closing a day needs the settlement files due for it (issue 14): the dates on which the day's
/// payments fall due under the acquirer's settlement profile (the demo simulator's `lunas-simulator`:
/// T+1 working days, Jakarta time, with the holiday calendar), each covered by an applied file.
@Suite("A day closes only once the settlement files due for it are applied (real HTTP)")
struct DaySettlementDueTests {
    /// A payment as a settlement file's row states it.
    struct Payment {
        var bill: String
        var rrn: String
        var amount: Int64
        var paidAt: Date
    }

    /// Uploads the acquirer's settlement file for `date` (the simulator's columns, profile
    /// `lunas-simulator`, times in Jakarta): one `SUCCESS` row per payment, MDR 0 (the city's P2G
    /// rate); returns its id.
    static func upload(
        _ client: some TestClientProtocol, _ fixture: APIFixture, date: String, _ payments: [Payment]
    ) async throws -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "Asia/Jakarta")
        format.dateFormat = "yyyy-MM-dd HH:mm:ss"
        var lines = [
            "trx_datetime,settlement_date,rrn,nmid,terminal_id,issuer_name,bill_number,gross_amount,mdr_amount,"
                + "net_amount,status,reference_no"
        ]
        for payment in payments {
            lines.append(
                "\(format.string(from: payment.paidAt)),\(date),\(payment.rrn),ID1026000097126,,OVO,\(payment.bill),"
                    + "\(payment.amount),0,\(payment.amount),SUCCESS,-")
        }
        let uploaded = try await uploadSettlement(
            client, fixture, body: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n"),
            profile: "lunas-simulator")
        #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(600))")
        return try #require(try jsonObject(uploaded)["id"] as? String)
    }

    /// Uploads and applies that file; returns the apply's answer.
    static func apply(
        _ client: some TestClientProtocol, _ fixture: APIFixture, date: String, _ payments: [Payment]
    ) async throws -> [String: Any] {
        let id = try await upload(client, fixture, date: date, payments)
        let applied = try await client.execute(
            uri: "/api/v1/settlements/\(id)/apply", method: .post, headers: fixture.headers(.finance))
        #expect(applied.status == .ok, "\(String(buffer: applied.body).prefix(400))")
        return try jsonObject(applied)
    }

    @Test(
        "a Friday's payments fall due on Monday: the day is blocked naming that date until its file is applied, then closes; a day without payments needs no file"
    )
    func settlementFileDue() async throws {
        // Friday 2026-11-27, 10:00 WIT (08:00 in Jakarta).
        let friday = APIFixture.start.addingTimeInterval(3 * 86_400)
        let fixture = try await APIFixture.make()
        fixture.clock.advance(by: friday.timeIntervalSince(fixture.clock.now))
        try await fixture.live { client in
            func status(_ date: String) async throws -> [[String: Any]] {
                let shown = try await client.execute(
                    uri: "/api/v1/days/\(date)", method: .get, headers: fixture.headers(.finance, json: false))
                #expect(shown.status == .ok, "\(String(buffer: shown.body))")
                return try #require(try jsonObject(shown)["blockers"] as? [[String: Any]])
            }
            func close(_ date: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/days/\(date)/close", method: .post, headers: fixture.headers(.supervisor))
            }
            let created = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "due-1"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-7"}"#))
            #expect(created.status == .created, "\(String(buffer: created.body))")
            let invoice = try #require(try jsonObject(created)["invoice"] as? [String: Any])
            let bill = try #require(invoice["billNumber"] as? String)
            let amount = try #require(invoice["amount"] as? Int)
            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: try BillNumber(bill), rrn: "611100000001", issuer: "OVO", amount: Rupiah(Int64(amount)),
                    paidAt: friday.addingTimeInterval(60), recordedAt: friday.addingTimeInterval(61),
                    source: .acquirerNotification))
            // Saturday morning: Friday is over.
            fixture.clock.advance(by: 86_400)

            let blocked = try await close("2026-11-27")
            #expect(blocked.status == .conflict, "\(String(buffer: blocked.body))")
            let blockers: [[String: Any]] = try #require(try jsonObject(blocked)["blockers"] as? [[String: Any]])
            let kinds: [String?] = blockers.map { $0["kind"] as? String }
            #expect(kinds == ["paid_not_settled", "settlement_file_missing"])
            let dates: [String]? = blockers.last?["examples"] as? [String]
            #expect(dates == ["2026-11-30"], "T+1 working day skips the weekend")
            let shown: [String?] = try await status("2026-11-27").map { $0["kind"] as? String }
            #expect(shown == kinds)

            // Thursday had no payments: it needs no file, and closes.
            #expect(try await status("2026-11-26").isEmpty)
            #expect(try await close("2026-11-26").status == .ok)

            // Monday's file (the acquirer simulator's columns), uploaded: not enough; applied: Friday closes.
            let row = Payment(
                bill: bill, rrn: "611100000001", amount: Int64(amount), paidAt: friday.addingTimeInterval(60))
            let id = try await Self.upload(client, fixture, date: "2026-11-30", [row])
            let stillMissing: Bool = try await status("2026-11-27").contains {
                ($0["kind"] as? String) == "settlement_file_missing"
            }
            #expect(stillMissing)
            let applied = try await client.execute(
                uri: "/api/v1/settlements/\(id)/apply", method: .post, headers: fixture.headers(.finance))
            let settledCount: Int? = try jsonObject(applied)["settled"] as? Int
            #expect(settledCount == 1, "\(String(buffer: applied.body))")
            #expect(try await status("2026-11-27").isEmpty)
            let closed = try await close("2026-11-27")
            #expect(closed.status == .ok, "\(String(buffer: closed.body))")
        }
    }
}
