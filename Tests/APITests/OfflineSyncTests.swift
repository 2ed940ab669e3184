import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Offline issuance over real HTTP: the device's key, its signed bundle, and a sync of records
/// made offline (recorded with their own times, duplicates answered, forgeries refused and
/// recorded as exceptions, tariff disagreements and gaps flagged).
@Suite("Offline issuance over HTTP")
struct OfflineSyncTests {
    static let key = DeviceSigningKey.generate()

    static func post(
        _ client: some TestClientProtocol, _ fixture: APIFixture, _ uri: String, _ body: String,
        role: Device.Role = .attendant
    )
        async throws -> TestResponse
    {
        try await client.execute(
            uri: uri, method: .post, headers: fixture.headers(role), body: ByteBuffer(string: body))
    }

    static func register(
        _ client: some TestClientProtocol, _ fixture: APIFixture, _ key: DevicePublicKey = key.publicKey
    )
        async throws -> TestResponse
    {
        try await post(client, fixture, "/api/v1/devices/me/key", #"{"publicKey":"\#(key.base64)"}"#)
    }

    /// Downloads and verifies the bundle against the server's published key ring.
    static func bundle(_ client: some TestClientProtocol, _ fixture: APIFixture) async throws -> OfflineBundle {
        let response = try await client.execute(
            uri: "/api/v1/devices/me/bundle", method: .get, headers: fixture.headers(.attendant))
        #expect(response.status == .ok)
        let keys = try await client.execute(uri: "/public/receipt-keys", method: .get)
        let ring = try JSONDecoder().decode(ReceiptKeyRing.self, from: Data(keys.body.readableBytesView))
        let value = try CanonicalJSON.parse(String(decoding: response.body.readableBytesView, as: UTF8.self))
        return try OfflineBundle.verified(value, ring: ring)
    }

    static func sync(
        _ client: some TestClientProtocol, _ fixture: APIFixture, _ records: [OfflineRecord], clock: Date
    )
        async throws -> [[String: Any]]
    {
        let body =
            #"{"deviceClock":"\#(OfflineTime.format(clock))","records":[\#(records.map(\.canonical.text).joined(separator: ","))]}"#
        let response = try await post(client, fixture, "/api/v1/devices/me/offline-tickets", body)
        #expect(response.status == .ok, "\(String(decoding: response.body.readableBytesView, as: UTF8.self))")
        return try #require(try jsonObject(response)["results"] as? [[String: Any]])
    }

    /// A flat-tariff issue made offline with the bundle, as the handheld makes it.
    static func issue(
        _ bundle: OfflineBundle, sequence: Int64, key: String, at: Date, amount: Int64? = nil
    ) throws
        -> OfflineRecord
    {
        let quote = try bundle.quote(vehicleClass: "motorcycle", zone: "ayp-01", entry: at, exit: nil)
        let charged = amount ?? quote.amount.value
        let bill = try OfflineBillNumber.make(
            prefix: bundle.city.billNumberPrefix, deviceCode: bundle.deviceCode, sequence: sequence)
        return try OfflineRecord(
            deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .issue, idempotencyKey: key,
            sequence: sequence, plate: "DE1234AB", vehicleClass: "motorcycle", zone: "ayp-01", entryAt: at,
            amount: charged, billNumber: bill.rawValue,
            qrisPayload: try bundle.qrisPayload(billNumber: bill, amount: Rupiah(charged)), at: at,
            bundleID: bundle.bundleID
        ).signed(with: Self.key)
    }

    @Test("the key registers once; the bundle needs it and verifies with the published keys")
    func keyAndBundle() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let early = try await client.execute(
                uri: "/api/v1/devices/me/bundle", method: .get, headers: fixture.headers(.attendant))
            #expect(early.status == .conflict)
            #expect(try errorObject(early)["code"] as? String == "device.noKey")
            #expect(try await Self.register(client, fixture).status == .created)
            #expect(try await Self.register(client, fixture).status == .ok)
            let other = try await Self.register(client, fixture, DeviceSigningKey.generate().publicKey)
            #expect(other.status == .conflict)
            let bad = try await Self.post(client, fixture, "/api/v1/devices/me/key", #"{"publicKey":"AAAA"}"#)
            #expect(bad.status == .badRequest)
            let finance = try await Self.post(
                client, fixture, "/api/v1/devices/me/key", #"{"publicKey":"\#(Self.key.publicKey.base64)"}"#,
                role: .finance)
            #expect(finance.status == .forbidden)
            let bundle = try await Self.bundle(client, fixture)
            #expect(bundle.deviceID == fixture.deviceIDs[.attendant])
            #expect(bundle.acceptsStaticBills)  // the simulator profile
            #expect(bundle.deviceZones == ["ayp-01"])
            let events = try await fixture.store.events(entityID: bundle.deviceID.rawValue)
            #expect(events.map(\.kind).contains(.deviceKeyRegistered))
            #expect(events.last?.kind == .offlineBundleIssued)
        }
    }

    @Test("a sync records each record once with its own times; forgeries, gaps and tariff disagreements are exceptions")
    func sync() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            #expect(try await Self.register(client, fixture).status == .created)
            // An online issue committed on the server but timed out on the handheld.
            let online = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "act-1"),
                body: ByteBuffer(string: #"{"plate":"de 1 ab","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
            #expect(online.status == .created)
            let onlineInvoice = try #require(try jsonObject(online)["invoice"] as? [String: Any])
            let bundle = try await Self.bundle(client, fixture)
            let start = fixture.clock.now.addingTimeInterval(60)
            // The handheld recorded the same action offline with the same key and the sequence it took.
            let timedOut = try Self.issue(bundle, sequence: bundle.lastSequence, key: "act-1", at: start)
            let first = try Self.issue(
                bundle, sequence: bundle.lastSequence + 1, key: "act-2", at: start.addingTimeInterval(60))
            let overcharged = try Self.issue(
                bundle, sequence: bundle.lastSequence + 2, key: "act-3", at: start.addingTimeInterval(120),
                amount: 99_000)
            var forged = try Self.issue(
                bundle, sequence: bundle.lastSequence + 3, key: "act-4", at: start.addingTimeInterval(180))
            forged.plate = "DE9999ZZ"  // changed after signing
            let gapped = try Self.issue(
                bundle, sequence: bundle.lastSequence + 5, key: "act-5", at: start.addingTimeInterval(240))
            fixture.clock.advance(by: 3600)
            let results = try await Self.sync(
                client, fixture, [timedOut, first, overcharged, forged, gapped], clock: fixture.clock.now)
            #expect(
                results.map { $0["status"] as? String } == [
                    "duplicate", "recorded", "exception", "refused", "exception",
                ])
            #expect(results[0]["invoiceId"] as? String == onlineInvoice["id"] as? String)
            #expect((results[2]["exception"] as? [String: Any])?["category"] as? String == "offline_tariff_mismatch")
            #expect((results[3]["exception"] as? [String: Any])?["category"] as? String == "offline_forged")
            #expect((results[3]["error"] as? [String: Any])?["code"] as? String == "offline.badSignature")
            #expect((results[4]["exception"] as? [String: Any])?["category"] as? String == "sequence_gap")
            let invoiceID = try #require(results[1]["invoiceId"] as? String)
            let invoice = try #require(try await fixture.store.invoice(id: Invoice.ID(invoiceID)))
            #expect(invoice.issuedAt == start.addingTimeInterval(60))
            #expect(invoice.billNumber.rawValue == first.billNumber)
            #expect(invoice.amount.value == first.amount)
            // Sent again (the answer was lost): the same ids, nothing written.
            let count = try await fixture.eventCount()
            let again = try await Self.sync(client, fixture, [first], clock: fixture.clock.now)
            #expect(again.first?["status"] as? String == "duplicate")
            #expect(again.first?["invoiceId"] as? String == invoiceID)
            #expect(try await fixture.eventCount() == count)
            let report = try await fixture.store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }

    @Test("only attendant and kiosk devices sync, bodies are bounded, and a device sends only its own records")
    func limits() async throws {
        var configured = try await APIFixture.make()
        configured.settings.offlineMaxTickets = 2
        let fixture = configured
        try await fixture.live { client in
            #expect(try await Self.register(client, fixture).status == .created)
            let bundle = try await Self.bundle(client, fixture)
            let at = fixture.clock.now
            let records = try (1...3).map {
                try Self.issue(bundle, sequence: bundle.lastSequence + Int64($0), key: "l-\($0)", at: at)
            }
            let body =
                #"{"deviceClock":"\#(OfflineTime.format(at))","records":[\#(records.map(\.canonical.text).joined(separator: ","))]}"#
            let tooMany = try await Self.post(client, fixture, "/api/v1/devices/me/offline-tickets", body)
            #expect(tooMany.status == .contentTooLarge)
            let finance = try await Self.post(
                client, fixture, "/api/v1/devices/me/offline-tickets", body, role: .finance)
            #expect(finance.status == .forbidden)
            let huge = #"{"deviceClock":"x","records":["\#(String(repeating: "a", count: 1 << 20))"]}"#
            #expect(
                try await Self.post(client, fixture, "/api/v1/devices/me/offline-tickets", huge).status
                    == .contentTooLarge)
            let badClock = try await Self.post(
                client, fixture, "/api/v1/devices/me/offline-tickets", #"{"deviceClock":"yesterday","records":[]}"#)
            #expect(badClock.status == .badRequest)
            var foreign = records[0]
            foreign.deviceID = Device.ID("t-kiosk")
            foreign = try foreign.signed(with: Self.key)
            let results = try await Self.sync(client, fixture, [foreign], clock: at)
            #expect(results.first?["status"] as? String == "refused")
            #expect((results.first?["error"] as? [String: Any])?["code"] as? String == "offline.foreignRecord")
        }
    }

    @Test(
        "a record dated after the sync, or sent from a handheld whose clock is off, is recorded with offline_clock_skew"
    )
    func clockSkew() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            #expect(try await Self.register(client, fixture).status == .created)
            let bundle = try await Self.bundle(client, fixture)
            let future = fixture.clock.now.addingTimeInterval(3 * 3600)
            let record = try Self.issue(bundle, sequence: bundle.lastSequence + 1, key: "skew-1", at: future)
            let results = try await Self.sync(client, fixture, [record], clock: future)
            #expect(results.first?["status"] as? String == "exception")
            let exception = try #require(results.first?["exception"] as? [String: Any])
            #expect(exception["category"] as? String == "offline_clock_skew")
            let exceptionID = ExceptionCase.ID(try #require(exception["id"] as? String))
            let found = try #require(try await fixture.store.exceptionCase(id: exceptionID))
            #expect(found.detail.contains("clock was 180 minutes off"))
            #expect(found.detail.contains("after the sync"))
        }
    }

    @Test("a handheld records its own attendant; the event names the device")
    func ownAttendant() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let set = try await client.execute(
                uri: "/api/v1/devices/me/attendant", method: .put, headers: fixture.headers(.attendant),
                body: ByteBuffer(string: #"{"attendant":"Budi Latuconsina"}"#))
            #expect(set.status == .ok)
            let device = try #require(try jsonObject(set)["device"] as? [String: Any])
            #expect(device["attendant"] as? String == "Budi Latuconsina")
            #expect((device["code"] as? String)?.count == 4)
            let id = try #require(fixture.deviceIDs[.attendant]).rawValue
            let change = try #require(try await fixture.store.events(entityID: id).last)
            #expect(change.kind == .deviceAttendantChanged)
            #expect(change.payload.contains(#""device":"\#(id)""#))
            let finance = try await client.execute(
                uri: "/api/v1/devices/me/attendant", method: .put, headers: fixture.headers(.finance),
                body: ByteBuffer(string: #"{"attendant":"X"}"#))
            #expect(finance.status == .forbidden)
            let report = try await fixture.store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }
}
