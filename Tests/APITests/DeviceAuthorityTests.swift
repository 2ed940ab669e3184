import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

extension APIFixture {
    /// Enrols one more device straight in the ledger and returns its bearer token.
    func enrol(_ id: String, role: Device.Role, zones: [String]) async throws -> String {
        let token = Device.generateToken()
        _ = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID(id), name: "Test \(id)", role: role, zones: zones,
                credentialHash: Device.credentialHash(forToken: token), enrolledAt: Self.start,
                idempotencyKey: "enrol-\(id)"))
        return token
    }

    /// Request headers for a device's token.
    func headers(token: String, key: String? = nil, json: Bool = true) -> HTTPFields {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(token)"
        if let key { fields[HTTPField.Name("Idempotency-Key")!] = key }
        if json { fields[.contentType] = "application/json" }
        return fields
    }

    /// Issues a flat-tariff motorcycle ticket in `zone` with the fixture's attendant (zone ayp-01)
    /// or the given token; returns the invoice id.
    func issueParking(
        _ client: any TestClientProtocol, plate: String, zone: String = "ayp-01", token: String? = nil
    ) async throws -> String {
        let key = "p-" + plate.replacingOccurrences(of: " ", with: "")
        let fields = token.map { self.headers(token: $0, key: key) } ?? self.headers(.attendant, key: key)
        let response = try await client.execute(
            uri: "/api/v1/parking/tickets", method: .post, headers: fields,
            body: ByteBuffer(string: #"{"plate":"\#(plate)","vehicleClass":"motorcycle","zone":"\#(zone)"}"#))
        #expect(response.status == .created, "\(String(decoding: response.body.readableBytesView, as: UTF8.self))")
        return try #require((try jsonObject(response)["invoice"] as? [String: Any])?["id"] as? String)
    }

    /// Issues a fee invoice with the fixture's kiosk or the given token; returns the invoice id.
    func issueFee(_ client: any TestClientProtocol, reference: String, token: String? = nil) async throws -> String {
        let fields =
            token.map { self.headers(token: $0, key: "f-\(reference)") } ?? self.headers(.kiosk, key: "f-\(reference)")
        let response = try await client.execute(
            uri: "/api/v1/invoices", method: .post, headers: fields,
            body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"\#(reference)"}"#))
        #expect(response.status == .created, "\(String(decoding: response.body.readableBytesView, as: UTF8.self))")
        return try #require((try jsonObject(response)["invoice"] as? [String: Any])?["id"] as? String)
    }

    /// `POST /api/v1/invoices/{id}/cancel` with a reason.
    func cancel(_ client: any TestClientProtocol, _ invoiceID: String, headers: HTTPFields) async throws -> TestResponse
    {
        try await client.execute(
            uri: "/api/v1/invoices/\(invoiceID)/cancel", method: .post, headers: headers,
            body: ByteBuffer(string: #"{"reason":"salah cetak"}"#))
    }

    /// The invoice's status as the ledger holds it.
    func status(_ invoiceID: String) async throws -> InvoiceStatus? {
        try await store.invoice(id: Invoice.ID(invoiceID))?.status
    }

    /// The actor the invoice's last event names.
    func lastActor(_ entityID: String) async throws -> LedgerActor? {
        let event = try #require(try await store.events(entityID: entityID).last)
        let fact = try LedgerFact.decode(
            kind: event.kind, entityID: event.entityID, payload: try CanonicalJSON.parse(event.payload))
        switch fact {
        case .invoiceCancelled(_, _, let actor), .invoiceIssued(_, _, _, let actor): return actor
        default: return nil
        }
    }
}

/// Item 7 of issue 12: who may cancel which invoice, and where attendants may issue. Real HTTP over
/// loopback on a real SQLite ledger.
@Suite("Device roles and zones: cancel and issue authority")
struct DeviceAuthorityTests {
    @Test("attendant B cancelling attendant A's invoice is 403 auth.notInvoiceIssuer and changes nothing")
    func attendantCancelsOnlyItsOwn() async throws {
        let fixture = try await APIFixture.make()
        let other = try await fixture.enrol("jkr-b", role: .attendant, zones: ["ayp-01"])
        try await fixture.live { client in
            let invoice = try await fixture.issueParking(client, plate: "DE 1 AA")
            let events = try await fixture.eventCount()
            let refused = try await fixture.cancel(client, invoice, headers: fixture.headers(token: other))
            #expect(refused.status == .forbidden)
            let error = try errorObject(refused)
            #expect(error["code"] as? String == "auth.notInvoiceIssuer")
            let message = try #require(error["message"] as? String)
            #expect(message.contains(invoice) && message.contains("t-attendant") && message.contains("jkr-b"))
            #expect(try await fixture.eventCount() == events)
            #expect(try await fixture.status(invoice) == .issued)

            let own = try await fixture.cancel(client, invoice, headers: fixture.headers(.attendant))
            #expect(own.status == .ok)
            #expect(try await fixture.status(invoice) == .cancelled)
            #expect(try await fixture.lastActor(invoice) == .device(Device.ID("t-attendant")))
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("the cancel event names the acting device, and the issue event its issuer")
    func eventsNameTheActor() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let invoice = try await fixture.issueFee(client, reference: "LOS-7")
            #expect(try await fixture.lastActor(invoice) == .device(Device.ID("t-kiosk")))
            let response = try await fixture.cancel(client, invoice, headers: fixture.headers(.supervisor))
            #expect(response.status == .ok)
            let event = try #require(try await fixture.store.events(entityID: invoice).last)
            #expect(event.kind == .invoiceCancelled)
            #expect(event.payload.contains(#""actor":{"device":"t-supervisor","staff":null}"#))
            #expect(try await fixture.lastActor(invoice) == .device(Device.ID("t-supervisor")))
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("a supervisor with zones cancels invoices in its zones only (403 auth.zoneNotCovered elsewhere)")
    func supervisorWithZones() async throws {
        let fixture = try await APIFixture.make()
        let covering = try await fixture.enrol("spv-ayp", role: .supervisor, zones: ["ayp-01", "smr-01"])
        let elsewhere = try await fixture.enrol("spv-ptm", role: .supervisor, zones: ["ptm-01"])
        try await fixture.live { client in
            let invoice = try await fixture.issueParking(client, plate: "DE 2 BB")
            let events = try await fixture.eventCount()
            let refused = try await fixture.cancel(client, invoice, headers: fixture.headers(token: elsewhere))
            #expect(refused.status == .forbidden)
            let error = try errorObject(refused)
            #expect(error["code"] as? String == "auth.zoneNotCovered")
            #expect((error["message"] as? String)?.contains("ayp-01") == true)
            #expect((error["message"] as? String)?.contains(invoice) == true)
            #expect(try await fixture.eventCount() == events)

            // A fee invoice of a kiosk enrolled for no zone lies in no supervisor's zones.
            let fee = try await fixture.issueFee(client, reference: "LOS-8")
            let feeRefused = try await fixture.cancel(client, fee, headers: fixture.headers(token: covering))
            #expect(try errorObject(feeRefused)["code"] as? String == "auth.zoneNotCovered")

            let allowed = try await fixture.cancel(client, invoice, headers: fixture.headers(token: covering))
            #expect(allowed.status == .ok)
            #expect(try await fixture.lastActor(invoice) == .device(Device.ID("spv-ayp")))
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("a supervisor enrolled without zones covers the whole city; a zoned kiosk's fee is in its zones")
    func supervisorWithoutZones() async throws {
        let fixture = try await APIFixture.make()
        let zonedKiosk = try await fixture.enrol("ksk-ptm", role: .kiosk, zones: ["ptm-01"])
        let ptmSupervisor = try await fixture.enrol("spv-ptm", role: .supervisor, zones: ["ptm-01"])
        try await fixture.live { client in
            let parking = try await fixture.issueParking(client, plate: "DE 3 CC")
            let fee = try await fixture.issueFee(client, reference: "LOS-9")
            for invoice in [parking, fee] {
                let response = try await fixture.cancel(client, invoice, headers: fixture.headers(.supervisor))
                #expect(response.status == .ok)
            }
            let zonedFee = try await fixture.issueFee(client, reference: "LOS-10", token: zonedKiosk)
            let response = try await fixture.cancel(client, zonedFee, headers: fixture.headers(token: ptmSupervisor))
            #expect(response.status == .ok)
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("a kiosk cancels only its own invoices; finance cancels none")
    func kioskOwnOnly() async throws {
        let fixture = try await APIFixture.make()
        let otherKiosk = try await fixture.enrol("ksk-2", role: .kiosk, zones: [])
        try await fixture.live { client in
            let invoice = try await fixture.issueFee(client, reference: "LOS-11")
            let events = try await fixture.eventCount()
            let refused = try await fixture.cancel(client, invoice, headers: fixture.headers(token: otherKiosk))
            #expect(refused.status == .forbidden)
            #expect(try errorObject(refused)["code"] as? String == "auth.notInvoiceIssuer")
            let finance = try await fixture.cancel(client, invoice, headers: fixture.headers(.finance))
            #expect(finance.status == .forbidden)
            let admin = try await fixture.cancel(client, invoice, headers: fixture.headers(.admin))
            #expect(try errorObject(admin)["code"] as? String == "auth.notInvoiceIssuer")
            #expect(try await fixture.eventCount() == events)
            #expect(try await fixture.status(invoice) == .issued)
            let own = try await fixture.cancel(client, invoice, headers: fixture.headers(.kiosk))
            #expect(own.status == .ok)
            // Cancelling is idempotent without a key: a repeat answers the cancelled invoice, writes nothing.
            let after = try await fixture.eventCount()
            let repeated = try await fixture.cancel(client, invoice, headers: fixture.headers(.kiosk))
            #expect(repeated.status == .ok)
            #expect(try await fixture.eventCount() == after)
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("an attendant issuing in a zone it is not enrolled for gets 403 auth.zoneNotEnrolled; nothing written")
    func attendantIssuesOnlyInItsZones() async throws {
        let fixture = try await APIFixture.make()
        let twoZones = try await fixture.enrol("jkr-2z", role: .attendant, zones: ["ptm-01", "smr-01"])
        let noZone = try await fixture.enrol("jkr-0z", role: .attendant, zones: [])
        try await fixture.live { client in
            let events = try await fixture.eventCount()
            let refused = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "z-1"),
                body: ByteBuffer(string: #"{"plate":"DE 4 DD","vehicleClass":"motorcycle","zone":"ptm-01"}"#))
            #expect(refused.status == .forbidden)
            let error = try errorObject(refused)
            #expect(error["code"] as? String == "auth.zoneNotEnrolled")
            #expect(error["field"] as? String == "zone")
            #expect((error["message"] as? String)?.contains("ptm-01") == true)
            #expect((error["message"] as? String)?.contains("t-attendant") == true)

            let none = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(token: noZone, key: "z-2"),
                body: ByteBuffer(string: #"{"plate":"DE 4 DD","vehicleClass":"motorcycle"}"#))
            #expect(try errorObject(none)["code"] as? String == "auth.zoneNotEnrolled")
            let unnamed = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(token: twoZones, key: "z-3"),
                body: ByteBuffer(string: #"{"plate":"DE 4 DD","vehicleClass":"motorcycle"}"#))
            #expect(unnamed.status == .badRequest)
            #expect(try errorObject(unnamed)["code"] as? String == "request.zoneRequired")
            #expect(try await fixture.eventCount() == events)

            // Both of its zones are open to the two-zone attendant.
            _ = try await fixture.issueParking(client, plate: "DE 5 EE", zone: "ptm-01", token: twoZones)
            _ = try await fixture.issueParking(client, plate: "DE 6 FF", zone: "smr-01", token: twoZones)
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("an attendant may not close a ticket of a zone it is not enrolled for")
    func exitOnlyInItsZones() async throws {
        let fixture = try await APIFixture.make()
        let elsewhere = try await fixture.enrol("jkr-ptm", role: .attendant, zones: ["ptm-01"])
        try await fixture.live { client in
            let opened = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "car-z"),
                body: ByteBuffer(string: #"{"plate":"DE 7 GG","vehicleClass":"car"}"#))
            let ticket = try #require((try jsonObject(opened)["ticket"] as? [String: Any])?["id"] as? String)
            fixture.clock.advance(by: 3600)
            let events = try await fixture.eventCount()
            let refused = try await client.execute(
                uri: "/api/v1/parking/tickets/\(ticket)/exit", method: .post, headers: fixture.headers(token: elsewhere)
            )
            #expect(refused.status == .forbidden)
            #expect(try errorObject(refused)["code"] as? String == "auth.zoneNotEnrolled")
            #expect(try await fixture.eventCount() == events)
        }
    }

    @Test("the devices admin route takes and shows zones; a supervisor can be enrolled")
    func adminRouteZones() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let enrolled = try await client.execute(
                uri: "/api/v1/devices", method: .post, headers: fixture.headers(.admin),
                body: ByteBuffer(
                    string: #"{"name":"Pengawas Sirimau","role":"supervisor","zones":["smr-01","ayp-01"]}"#))
            #expect(enrolled.status == .created)
            let device = try #require(try jsonObject(enrolled)["device"] as? [String: Any])
            #expect(device["zones"] as? [String] == ["ayp-01", "smr-01"])
            #expect(device["role"] as? String == "supervisor")
            let id = try #require(device["id"] as? String)
            let event = try #require(try await fixture.store.events(entityID: id).first)
            #expect(event.payload.contains(#""actor":{"device":"t-admin","staff":null}"#))

            let unknown = try await client.execute(
                uri: "/api/v1/devices", method: .post, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"name":"X","role":"attendant","zones":["ayp-01","mars"]}"#))
            #expect(unknown.status == .badRequest)
            #expect(try errorObject(unknown)["field"] as? String == "zones[1]")

            let listed = try await client.execute(
                uri: "/api/v1/devices/\(id)", method: .get, headers: fixture.headers(.admin, json: false))
            #expect(
                (try jsonObject(listed)["device"] as? [String: Any])?["zones"] as? [String] == ["ayp-01", "smr-01"])

            let revoked = try await client.execute(
                uri: "/api/v1/devices/\(id)", method: .delete, headers: fixture.headers(.admin, json: false))
            #expect(revoked.status == .ok)
            let revocation = try #require(try await fixture.store.events(entityID: id).last)
            #expect(revocation.kind == .deviceRevoked)
            #expect(revocation.payload.contains(#""actor":{"device":"t-admin","staff":null}"#))
        }
        #expect(try await fixture.store.verify().isIntact)
    }
}
