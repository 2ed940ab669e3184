import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import Testing

@Suite("Access control and bad input")
struct AccessAndInputTests {
    static let ticket = #"{"plate":"DE 1234 AB","vehicleClass":"motorcycle"}"#

    @Test("no token, an unknown token or a revoked device: 401; the wrong role: 403")
    func access() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let none = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(nil, key: "a"),
                body: ByteBuffer(string: Self.ticket))
            #expect(none.status == .unauthorized)
            #expect(try errorObject(none)["code"] as? String == "auth.missingToken")

            var forged = fixture.headers(nil, key: "a")
            forged[.authorization] = "Bearer not-a-real-token"
            let unknown = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: forged, body: ByteBuffer(string: Self.ticket))
            #expect(unknown.status == .unauthorized)
            #expect(try errorObject(unknown)["code"] as? String == "auth.invalidToken")

            let kiosk = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.kiosk, key: "a"),
                body: ByteBuffer(string: Self.ticket))
            #expect(kiosk.status == .forbidden)
            #expect(try errorObject(kiosk)["code"] as? String == "auth.forbidden")
            let attendant = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.attendant, key: "a"),
                body: ByteBuffer(string: #"{"fee":"PBG","payerReference":"X","amount":100000}"#))
            #expect(attendant.status == .forbidden)
            let admin = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.admin, key: "a"),
                body: ByteBuffer(string: #"{"fee":"PBG","payerReference":"X","amount":100000}"#))
            #expect(admin.status == .created)
            let finance = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.finance, key: "a"),
                body: ByteBuffer(string: #"{"fee":"PBG","payerReference":"X","amount":100000}"#))
            #expect(finance.status == .forbidden)

            let allowed = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "b"),
                body: ByteBuffer(string: Self.ticket))
            #expect(allowed.status == .created)
            _ = try await fixture.store.revokeDevice(fixture.deviceIDs[.attendant]!, reason: "lost", at: Date())
            let revoked = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "c"),
                body: ByteBuffer(string: Self.ticket))
            #expect(revoked.status == .unauthorized)
            #expect(try errorObject(revoked)["code"] as? String == "auth.revoked")
        }
    }

    @Test(
        "unknown zone or vehicle class, bad JSON, a big body, a wrong content type: 4xx naming the field, nothing written"
    )
    func badInput() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let before = try await fixture.eventCount()
            let cases: [(String, HTTPResponse.Status, String?, String)] = [
                (
                    #"{"plate":"DE 1 A","vehicleClass":"tank"}"#, .badRequest, "vehicleClass",
                    "request.unknownVehicleClass"
                ),
                (
                    #"{"plate":"DE 1 A","vehicleClass":"car","zone":"mars-01"}"#, .badRequest, "zone",
                    "request.unknownZone"
                ),
                (#"{"plate":"DE 1 A","vehicleClass":"car""#, .badRequest, nil, "request.malformedJSON"),
                (#"{"vehicleClass":"car"}"#, .badRequest, "plate", "request.missingField"),
                (#"{"plate":"","vehicleClass":"motorcycle"}"#, .badRequest, "plate", ""),
                (#"[1,2,3]"#, .badRequest, nil, ""),
                ("", .badRequest, nil, "request.malformedJSON"),
            ]
            for (index, (body, status, field, code)) in cases.enumerated() {
                let response = try await client.execute(
                    uri: "/api/v1/parking/tickets", method: .post,
                    headers: fixture.headers(.attendant, key: "x\(index)"),
                    body: ByteBuffer(string: body))
                #expect(response.status == status, "\(body)")
                let error = try errorObject(response)
                #expect(error["field"] as? String == field, "\(body)")
                if !code.isEmpty { #expect(error["code"] as? String == code, "\(body)") }
                #expect(error.keys.sorted() == ["code", "field", "message"])
            }
            let big = "{\"plate\":\"" + String(repeating: "A", count: 20_000) + "\",\"vehicleClass\":\"car\"}"
            let tooLarge = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "big"),
                body: ByteBuffer(string: big))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(try errorObject(tooLarge)["code"] as? String == "request.tooLarge")

            var textHeaders = fixture.headers(.attendant, key: "txt")
            textHeaders[.contentType] = "text/plain"
            let wrongType = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: textHeaders,
                body: ByteBuffer(string: Self.ticket))
            #expect(wrongType.status == .unsupportedMediaType)
            #expect(try errorObject(wrongType)["field"] as? String == "Content-Type")

            let noKey = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: Self.ticket))
            #expect(noKey.status == .badRequest)
            #expect(try errorObject(noKey)["field"] as? String == "Idempotency-Key")

            let noRoute = try await client.execute(uri: "/api/v2/nothing", method: .get)
            #expect(noRoute.status == .notFound)
            #expect(try errorObject(noRoute)["code"] as? String == "route.notFound")

            #expect(try await fixture.eventCount() == before)
        }
    }

    @Test("the same Idempotency-Key for a different request is a conflict; keys are per device")
    func keyReuse() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let first = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "k"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-1"}"#))
            #expect(first.status == .created)
            let other = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "k"),
                body: ByteBuffer(string: Self.ticket))
            #expect(other.status == .created)  // another device's "k" is another key

            let before = try await fixture.eventCount()
            let changedFee = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "k"),
                body: ByteBuffer(string: #"{"fee":"TERMINAL-BUS","payerReference":"LOS-1"}"#))
            #expect(changedFee.status == .conflict)
            #expect(try errorObject(changedFee)["field"] as? String == "Idempotency-Key")
            let changedPlate = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "k"),
                body: ByteBuffer(string: #"{"plate":"DE 9999 ZZ","vehicleClass":"motorcycle"}"#))
            #expect(changedPlate.status == .conflict)
            #expect(try await fixture.eventCount() == before)
        }
    }
}
