import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

@Suite("Events, daily report and device administration")
struct AdminAndEventsTests {
    func pay(_ fixture: APIFixture, bill: String, amount: Int64, rrn: String) async throws {
        _ = try await fixture.store.recordPayment(
            PaymentDraft(
                billNumber: try BillNumber(bill), rrn: rrn, issuer: "OVO", amount: Rupiah(amount),
                paidAt: APIFixture.start, recordedAt: APIFixture.start, source: .acquirerNotification))
    }

    @Test("the events stream announces paid the moment it happens, after the status it opened with")
    func serverSentEvents() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let created = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "e1"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-9"}"#))
            let invoice = try #require(try jsonObject(created)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let bill = try #require(invoice["billNumber"] as? String)
            let token = try #require(fixture.tokens[.kiosk])
            // A raw connection, so the stream is read as it arrives: the payment is made only once the
            // opening `status` event is in hand, so the stream was subscribed before the invoice was paid.
            let connection = try RawConnection(port: try #require(client.port))
            defer { connection.close() }
            try connection.send(
                "GET /api/v1/invoices/\(id)/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer \(token)\r\n\r\n")
            let opening = await connection.receive(until: { Self.event("status", in: $0) != nil }, guardSeconds: 30)
            #expect(opening.hasPrefix("HTTP/1.1 200"), "\(opening)")
            #expect(opening.lowercased().contains("content-type: text/event-stream"), "\(opening)")
            let status = try #require(Self.event("status", in: opening), "no status event in \(opening)")
            #expect(status.contains("\"status\":\"issued\""), "\(status)")
            #expect(Self.event("paid", in: opening) == nil, "paid before the payment: \(opening)")

            try await pay(fixture, bill: bill, amount: 5000, rrn: "555566667777")
            let rest = await connection.receive(until: { Self.event("paid", in: $0) != nil }, guardSeconds: 30)
            let paid = try #require(Self.event("paid", in: rest), "no paid event after the payment: \(rest)")
            #expect(paid.contains("\"status\":\"paid\""), "\(paid)")
        }
    }

    /// The data line of the first complete `event: NAME` in an event stream's text, or nil.
    static func event(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "event: \(name)\ndata: "),
            let end = text[start.upperBound...].range(of: "\n\n")
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test("the daily report: totals by fee, zone, device and status, and sequence gaps")
    func dailyReport() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            _ = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "t1"),
                // The attendant's own zone: attendants issue only in the zones they are enrolled for.
                body: ByteBuffer(string: #"{"plate":"DE 5 B","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
            let fee = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "f1"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-2"}"#))
            let bill = try #require((try jsonObject(fee)["invoice"] as? [String: Any])?["billNumber"] as? String)
            try await pay(fixture, bill: bill, amount: 5000, rrn: "123412341234")

            let response = try await client.execute(
                uri: "/api/v1/reports/daily?date=2026-11-24", method: .get,
                headers: fixture.headers(.finance, json: false))
            #expect(response.status == .ok)
            let report = try jsonObject(response)
            #expect((report["issued"] as? [String: Any])?["amount"] as? Int == 7000)
            #expect((report["issued"] as? [String: Any])?["count"] as? Int == 2)
            #expect((report["paid"] as? [String: Any])?["amount"] as? Int == 5000)
            #expect(
                ((report["byFee"] as? [String: Any])?["PASAR-LOS-HARIAN"] as? [String: Any])?["amount"] as? Int == 5000)
            #expect(((report["byZone"] as? [String: Any])?["ayp-01"] as? [String: Any])?["amount"] as? Int == 2000)
            #expect(((report["byStatus"] as? [String: Any])?["issued"] as? [String: Any])?["count"] as? Int == 1)
            #expect((report["byDevice"] as? [Any])?.count == 2)
            #expect(report["sequenceGaps"] as? Int == 0)

            let other = try await client.execute(
                uri: "/api/v1/reports/daily?date=2026-11-25", method: .get,
                headers: fixture.headers(.admin, json: false))
            #expect((try jsonObject(other)["issued"] as? [String: Any])?["count"] as? Int == 0)
            let badDate = try await client.execute(
                uri: "/api/v1/reports/daily?date=24-11-2026", method: .get,
                headers: fixture.headers(.finance, json: false))
            #expect(badDate.status == .badRequest)
            #expect(try errorObject(badDate)["field"] as? String == "date")
            let attendant = try await client.execute(
                uri: "/api/v1/reports/daily?date=2026-11-24", method: .get,
                headers: fixture.headers(.attendant, json: false))
            #expect(attendant.status == .forbidden)
        }
    }

    @Test("admins enrol, list and revoke devices; the token works until revoked")
    func devices() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let enrolled = try await client.execute(
                uri: "/api/v1/devices", method: .post, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"name":"Kios Pasar Mardika","role":"kiosk"}"#))
            #expect(enrolled.status == .created)
            let object = try jsonObject(enrolled)
            let token = try #require(object["token"] as? String)
            let device = try #require(object["device"] as? [String: Any])
            let id = try #require(device["id"] as? String)
            #expect(device["credentialHash"] == nil)

            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(token)"
            let works = try await client.execute(uri: "/api/v1/invoices/inv_none", method: .get, headers: headers)
            #expect(works.status == .notFound)

            let list = try await client.execute(uri: "/api/v1/devices", method: .get, headers: fixture.headers(.admin))
            let devices = try #require(try jsonObject(list)["devices"] as? [[String: Any]])
            #expect(devices.contains { $0["id"] as? String == id })

            let kiosk = try await client.execute(uri: "/api/v1/devices", method: .get, headers: fixture.headers(.kiosk))
            #expect(kiosk.status == .forbidden)
            let badRole = try await client.execute(
                uri: "/api/v1/devices", method: .post, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"name":"X","role":"boss"}"#))
            #expect(badRole.status == .badRequest)
            #expect(try errorObject(badRole)["field"] as? String == "role")

            let revoked = try await client.execute(
                uri: "/api/v1/devices/\(id)", method: .delete, headers: fixture.headers(.admin, json: false))
            #expect(revoked.status == .ok)
            #expect((try jsonObject(revoked)["device"] as? [String: Any])?["revokedAt"] is String)
            let refused = try await client.execute(uri: "/api/v1/invoices/inv_none", method: .get, headers: headers)
            #expect(refused.status == .unauthorized)
            let unknown = try await client.execute(
                uri: "/api/v1/devices/dev-none", method: .delete, headers: fixture.headers(.admin, json: false))
            #expect(unknown.status == .notFound)
        }
    }
}
