import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import QRImage
import Testing

@Suite("Issuing tickets and invoices over HTTP")
struct IssuingTests {
    @Test("health and readiness")
    func health() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(try jsonObject(health)["status"] as? String == "ok")
            #expect(health.headers[HTTPField.Name("X-Request-Id")!] != nil)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok)
        }
    }

    @Test(
        "a flat-tariff ticket gets its invoice at entry; a repeated key returns the first response and creates nothing")
    func flatTicketAndIdempotentRepeat() async throws {
        let fixture = try await APIFixture.make()
        let body = #"{"plate":"de 1234 ab","vehicleClass":"motorcycle","zone":"ayp-01"}"#
        try await fixture.live { client in
            let first = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "entry-1"),
                body: ByteBuffer(string: body))
            #expect(first.status == .created)
            let object = try jsonObject(first)
            let ticket = try #require(object["ticket"] as? [String: Any])
            let invoice = try #require(object["invoice"] as? [String: Any])
            let links = try #require(object["links"] as? [String: Any])
            #expect(ticket["plate"] as? String == "DE1234AB")
            #expect(ticket["vehicleClass"] as? String == "motorcycle")
            #expect(ticket["zone"] as? String == "ayp-01")
            #expect(ticket["deviceSequence"] as? Int == 1)
            #expect(ticket["entryTime"] as? String == "2026-11-24T01:00:00Z")
            #expect(invoice["amount"] as? Int == 2000)  // a-motorcycle: flat Rp2.000
            #expect(invoice["status"] as? String == "issued")
            #expect(invoice["expiresAt"] as? String == "2026-11-24T02:00:00Z")
            let billNumber = try #require(invoice["billNumber"] as? String)
            #expect(billNumber.hasPrefix("AMB261124"))
            let qris = try #require(invoice["qris"] as? String)
            #expect(qris.contains("5404" + "2000"))  // tag 54, amount
            #expect(qris.contains("0124" + billNumber))  // tag 62-01
            #expect(qris.contains("0711t-attendant"))  // tag 62-07, the device
            #expect((invoice["receiptCode"] as? String)?.hasPrefix("LR1-") == true)
            for name in ["png", "svg", "escpos", "text", "status", "events", "receipt"] {
                #expect(links[name] is String, "links.\(name)")
            }
            let events = try await fixture.eventCount()

            let repeated = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "entry-1"),
                body: ByteBuffer(string: body))
            #expect(repeated.status == .created)
            #expect(Data(repeated.body.readableBytesView) == Data(first.body.readableBytesView))
            #expect(try await fixture.eventCount() == events)
            let device = try #require(try await fixture.store.device(id: fixture.deviceIDs[.attendant]!))
            #expect(device.lastSequence == 1)
        }
    }

    @Test("an hourly ticket opens at entry and is invoiced at exit from the tariff")
    func hourlyTicketExit() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let opened = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "car-1"),
                body: ByteBuffer(string: #"{"plate":"DE 77 XY","vehicleClass":"car"}"#))
            #expect(opened.status == .created)
            let object = try jsonObject(opened)
            #expect(object["invoice"] is NSNull)
            let ticket = try #require(object["ticket"] as? [String: Any])
            #expect(ticket["zone"] as? String == "ayp-01")  // the device's zone
            let id = try #require(ticket["id"] as? String)

            let byPlate = try await client.execute(
                uri: "/api/v1/parking/tickets?plate=de%2077%20xy", method: .get,
                headers: fixture.headers(.attendant, json: false))
            #expect(byPlate.status == .ok)
            let open = try #require(try jsonObject(byPlate)["tickets"] as? [[String: Any]])
            #expect(open.map { $0["id"] as? String } == [id])
            let badPlate = try await client.execute(
                uri: "/api/v1/parking/tickets?plate=%21%21", method: .get,
                headers: fixture.headers(.attendant, json: false))
            #expect(badPlate.status == .badRequest)
            #expect(try errorObject(badPlate)["field"] as? String == "plate")

            fixture.clock.advance(by: 2 * 3600)  // two hours: first block Rp3.000 + one more Rp2.000
            let exit = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(exit.status == .created)
            let closed = try jsonObject(exit)
            let invoice = try #require(closed["invoice"] as? [String: Any])
            #expect(invoice["amount"] as? Int == 5000)
            #expect((closed["ticket"] as? [String: Any])?["exitTime"] as? String == "2026-11-24T03:00:00Z")

            let again = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(again.status == .ok)
            #expect((try jsonObject(again)["invoice"] as? [String: Any])?["id"] as? String == invoice["id"] as? String)

            let shown = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)", method: .get, headers: fixture.headers(.attendant, json: false))
            #expect((try jsonObject(shown)["invoice"] as? [String: Any])?["id"] as? String == invoice["id"] as? String)
            let afterExit = try await client.execute(
                uri: "/api/v1/parking/tickets?plate=DE77XY", method: .get,
                headers: fixture.headers(.attendant, json: false))
            #expect((try jsonObject(afterExit)["tickets"] as? [Any])?.isEmpty == true)

            let unknown = try await client.execute(
                uri: "/api/v1/parking/tickets/tkt_nope/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(unknown.status == .notFound)
        }
    }

    @Test("a fee invoice: bounded amount, fixed amount, unknown fee")
    func feeInvoices() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let created = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "fee-1"),
                body: ByteBuffer(string: #"{"fee":"SAMPAH-USAHA","payerReference":"TOKO-12","amount":75000}"#))
            #expect(created.status == .created)
            let object = try jsonObject(created)
            let invoice = try #require(object["invoice"] as? [String: Any])
            #expect(invoice["amount"] as? Int == 75000)
            #expect(invoice["fee"] as? String == "SAMPAH-USAHA")
            #expect((invoice["qris"] as? String)?.contains("0507TOKO-12") == true)  // 62-05 reference label
            #expect(object["ticket"] is NSNull)
            #expect(object["links"] is [String: Any])

            let before = try await fixture.eventCount()
            let cases: [(String, String, String)] = [
                (#"{"fee":"NOPE","payerReference":"X"}"#, "fee", "fee.unknown"),
                (#"{"fee":"PASAR-LOS-HARIAN","payerReference":"X","amount":7000}"#, "amount", "fee.amountFixed"),
                (#"{"fee":"SAMPAH-USAHA","payerReference":"X","amount":1}"#, "amount", "fee.amountOutOfBounds"),
                (#"{"fee":"SAMPAH-USAHA","payerReference":"X"}"#, "amount", "fee.amountRequired"),
                (#"{"fee":"PASAR-LOS-HARIAN","payerReference":""}"#, "payerReference", "request.invalidField"),
                (#"{"payerReference":"X"}"#, "fee", "request.missingField"),
                (#"{"fee":5,"payerReference":"X"}"#, "fee", "request.wrongType"),
            ]
            for (index, (body, field, code)) in cases.enumerated() {
                let response = try await client.execute(
                    uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "bad-\(index)"),
                    body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                let error = try errorObject(response)
                #expect(error["field"] as? String == field, "\(body)")
                #expect(error["code"] as? String == code, "\(body)")
                #expect((error["message"] as? String)?.isEmpty == false)
            }
            #expect(try await fixture.eventCount() == before)
        }
    }

    @Test("QR images and printable tickets are the invoice's payload, with their media types")
    func images() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let created = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "img"),
                body: ByteBuffer(string: #"{"plate":"DE 1 A","vehicleClass":"motorcycle"}"#))
            let invoice = try #require(try jsonObject(created)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let matrix = try QRMatrix(payload: try #require(invoice["qris"] as? String))
            let expected: [(String, String, [UInt8])] = [
                ("qr.png", "image/png", try matrix.render(.png)),
                ("qr.svg", "image/svg+xml", try matrix.render(.svg)),
                ("qr.escpos", "application/octet-stream", try matrix.render(.escpos)),
                ("qr.txt", "text/plain; charset=utf-8", try matrix.render(.text)),
            ]
            for (name, mediaType, bytes) in expected {
                let response = try await client.execute(
                    uri: "/api/v1/invoices/\(id)/\(name)", method: .get,
                    headers: fixture.headers(.attendant, json: false))
                #expect(response.status == .ok, "\(name)")
                #expect(response.headers[.contentType] == mediaType, "\(name)")
                #expect(Array(response.body.readableBytesView) == bytes, "\(name)")
            }
            let png = try await client.execute(
                uri: "/api/v1/invoices/\(id)/ticket.png", method: .get,
                headers: fixture.headers(.attendant, json: false))
            #expect(png.status == .ok)
            #expect(Array(png.body.readableBytesView.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            let escpos = try await client.execute(
                uri: "/api/v1/invoices/\(id)/ticket.escpos", method: .get,
                headers: fixture.headers(.attendant, json: false))
            #expect(escpos.status == .ok)
            let job = Array(escpos.body.readableBytesView)
            #expect(job.prefix(2) == [0x1B, 0x40])  // ESC @
            #expect(String(decoding: job, as: UTF8.self).contains("KARCIS PARKIR"))
            #expect(String(decoding: job, as: UTF8.self).contains("DE1A"))
        }
    }
}
