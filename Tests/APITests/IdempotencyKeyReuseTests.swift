import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Item 8 of issue 12: an `Idempotency-Key` is bound to the SHA-256 of the whole canonical request
/// (route, path identifiers, every member of the body). The same key with any difference is 409
/// `idempotency.keyReused` and writes nothing, on every idempotent route; a true repeat, whatever
/// its spacing or member order, answers the first result.
@Suite("Idempotency keys bound to the whole request")
struct IdempotencyKeyReuseTests {
    /// Sends `body` to `uri` with the key and returns the response.
    static func post(
        _ client: any TestClientProtocol, _ uri: String, _ headers: HTTPFields, _ body: String?
    ) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Expects 409 `idempotency.keyReused` naming the header, and no new event.
    static func expectKeyReused(_ response: TestResponse, events: Int, _ fixture: APIFixture) async throws {
        #expect(response.status == .conflict)
        let error = try errorObject(response)
        #expect(error["code"] as? String == "idempotency.keyReused")
        #expect(error["field"] as? String == "Idempotency-Key")
        #expect(try await fixture.eventCount() == events)
    }

    @Test("fee invoice: the same key with another payerReference, amount or fee is 409; nothing written")
    func feeInvoice() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let headers = fixture.headers(.kiosk, key: "fee-1")
            let first = try await Self.post(
                client, "/api/v1/invoices", headers, #"{"fee":"SAMPAH-USAHA","payerReference":"TOKO-1","amount":30000}"#
            )
            #expect(first.status == .created)
            let id = try #require((try jsonObject(first)["invoice"] as? [String: Any])?["id"] as? String)
            let events = try await fixture.eventCount()
            for changed in [
                #"{"fee":"SAMPAH-USAHA","payerReference":"TOKO-2","amount":30000}"#,
                #"{"fee":"SAMPAH-USAHA","payerReference":"TOKO-1","amount":40000}"#,
                #"{"fee":"SEWA-GEDUNG","payerReference":"TOKO-1","amount":600000}"#,
            ] {
                let response = try await Self.post(client, "/api/v1/invoices", headers, changed)
                try await Self.expectKeyReused(response, events: events, fixture)
            }
            // The same request with other spacing and member order is a repeat.
            let repeated = try await Self.post(
                client, "/api/v1/invoices", headers,
                #"{ "amount": 30000, "payerReference": "TOKO-1", "fee": "SAMPAH-USAHA" }"#)
            #expect(repeated.status == .created)
            #expect((try jsonObject(repeated)["invoice"] as? [String: Any])?["id"] as? String == id)
            #expect(try await fixture.eventCount() == events)
            let invoice = try #require(try await fixture.store.invoice(id: Invoice.ID(id)))
            #expect(invoice.qrisPayload.contains("TOKO-1"))
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("parking entry: the same key with another plate or zone is 409; nothing written")
    func parkingEntry() async throws {
        let fixture = try await APIFixture.make()
        let twoZones = try await fixture.enrol("jkr-2z", role: .attendant, zones: ["ayp-01", "smr-01"])
        try await fixture.live { client in
            // A flat (invoiced) entry and an hourly (ticket only) entry.
            for (vehicle, key) in [("motorcycle", "ent-1"), ("car", "ent-2")] {
                let headers = fixture.headers(token: twoZones, key: key)
                let body = #"{"plate":"DE 10 AB","vehicleClass":"\#(vehicle)","zone":"ayp-01"}"#
                let first = try await Self.post(client, "/api/v1/parking/tickets", headers, body)
                #expect(first.status == .created)
                let events = try await fixture.eventCount()
                for changed in [
                    #"{"plate":"DE 10 AC","vehicleClass":"\#(vehicle)","zone":"ayp-01"}"#,
                    #"{"plate":"DE 10 AB","vehicleClass":"\#(vehicle)","zone":"smr-01"}"#,
                ] {
                    let response = try await Self.post(client, "/api/v1/parking/tickets", headers, changed)
                    try await Self.expectKeyReused(response, events: events, fixture)
                }
                let repeated = try await Self.post(client, "/api/v1/parking/tickets", headers, body)
                #expect(repeated.status == .created)
                #expect(Data(repeated.body.readableBytesView) == Data(first.body.readableBytesView))
                #expect(try await fixture.eventCount() == events)
            }
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("parking exit: the same key sent for another ticket is 409; nothing written")
    func parkingExit() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            var tickets: [String] = []
            for plate in ["DE 11 AA", "DE 11 AB"] {
                let opened = try await Self.post(
                    client, "/api/v1/parking/tickets",
                    fixture.headers(.attendant, key: "car-" + plate.replacingOccurrences(of: " ", with: "")),
                    #"{"plate":"\#(plate)","vehicleClass":"car"}"#)
                tickets.append(try #require((try jsonObject(opened)["ticket"] as? [String: Any])?["id"] as? String))
            }
            fixture.clock.advance(by: 3600)
            let headers = fixture.headers(.attendant, key: "exit-1", json: false)
            let first = try await Self.post(client, "/api/v1/parking/tickets/\(tickets[0])/exit", headers, nil)
            #expect(first.status == .created)
            let events = try await fixture.eventCount()
            let other = try await Self.post(client, "/api/v1/parking/tickets/\(tickets[1])/exit", headers, nil)
            try await Self.expectKeyReused(other, events: events, fixture)
            #expect(try await fixture.store.ticket(id: ParkingTicket.ID(tickets[1]))?.isOpen == true)
            let repeated = try await Self.post(client, "/api/v1/parking/tickets/\(tickets[0])/exit", headers, nil)
            #expect(repeated.status == .ok)
            #expect(try await fixture.eventCount() == events)
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("a key used on one route and sent to another is 409")
    func keyAcrossRoutes() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let first = try await Self.post(
                client, "/api/v1/invoices", fixture.headers(.admin, key: "cross-1"),
                #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-1"}"#)
            #expect(first.status == .created)
            let events = try await fixture.eventCount()
            let enrol = try await Self.post(
                client, "/api/v1/devices", fixture.headers(.admin, key: "cross-1"),
                #"{"name":"Kios Pasar","role":"kiosk"}"#)
            try await Self.expectKeyReused(enrol, events: events, fixture)
        }
    }

    @Test("device enrolment: a repeat answers the first device without its token; another body is 409")
    func deviceEnrolment() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let headers = fixture.headers(.admin, key: "enrol-1")
            let body = #"{"name":"Jukir Patty 01","role":"attendant","zones":["ayp-01"]}"#
            let first = try await Self.post(client, "/api/v1/devices", headers, body)
            #expect(first.status == .created)
            let created = try jsonObject(first)
            let id = try #require((created["device"] as? [String: Any])?["id"] as? String)
            #expect(created["token"] is String)
            let devices = try await fixture.store.devices().count
            let events = try await fixture.eventCount()

            let repeated = try await Self.post(client, "/api/v1/devices", headers, body)
            #expect(repeated.status == .ok)
            let again = try jsonObject(repeated)
            #expect((again["device"] as? [String: Any])?["id"] as? String == id)
            #expect(again["token"] is NSNull)

            for changed in [
                #"{"name":"Jukir Patty 02","role":"attendant","zones":["ayp-01"]}"#,
                #"{"name":"Jukir Patty 01","role":"attendant","zones":["ayp-01","smr-01"]}"#,
                #"{"name":"Jukir Patty 01","role":"supervisor","zones":["ayp-01"]}"#,
            ] {
                let response = try await Self.post(client, "/api/v1/devices", headers, changed)
                try await Self.expectKeyReused(response, events: events, fixture)
            }
            #expect(try await fixture.store.devices().count == devices)
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("the canonical body ignores layout and refuses fractions")
    func canonicalBody() throws {
        let spaced = try IdempotencyRequestBody(json: Array(#"{ "b" : [1, true, null], "a": "x" }"#.utf8))
        let tight = try IdempotencyRequestBody(json: Array(#"{"a":"x","b":[1,true,null]}"#.utf8))
        #expect(spaced == tight)
        #expect(spaced.canonical.text == #"{"a":"x","b":[1,true,null]}"#)
        #expect(throws: LedgerError.self) { try IdempotencyRequestBody(json: Array(#"{"amount":1.5}"#.utf8)) }
        #expect(throws: LedgerError.self) { try IdempotencyRequestBody(json: Array("{".utf8)) }
    }
}
