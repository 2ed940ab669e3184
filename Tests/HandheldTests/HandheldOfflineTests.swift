import Foundation
import Handheld
import Ledger
import LunasTestSupport
import Synchronization
import Testing

/// Offline issuance in-process: a handheld whose server does not answer (a closed port), with a
/// bundle signed by a test receipt key, and a clock the test moves.
@Suite("The handheld offline: bills, entries, exits, voids and limits from the signed bundle")
struct HandheldOfflineTests {
    /// The handheld's clock, moved by the test.
    final class TestClock: Sendable {
        let now = Mutex(Date())
        func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
        var read: @Sendable () -> Date { { self.now.withLock { $0 } } }
    }

    struct Setup {
        var handheld: Handheld
        var bundle: OfflineBundle
        var clock: TestClock
        var printer: URL
    }

    static func setUp(
        maxTickets: Int64 = 500, maxHours: Int64 = 12, validFor: TimeInterval = 86_400
    ) async throws -> Setup {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "handheld-offline-\(UUID().uuidString)")
        let clock = TestClock()
        let printer = folder.appendingPathComponent("printer.bin")
        let handheld = try Handheld.open(
            stateDirectory: folder.appendingPathComponent("state").path, printer: printer.path, now: clock.read)
        let configuration = try CityConfiguration.load(
            from: TestExecutable.repositoryRoot.appendingPathComponent("Config"))
        let device = Device(
            id: Device.ID("dev_offline"), name: "HH", role: .attendant, zones: ["ayp-01"], credentialHash: "x",
            enrolledAt: Date(), lastSequence: 4, attendant: "Budi")
        let key = ReceiptSigningKey.generate()
        let now = clock.read()
        let bundle = try OfflineBundle(
            configuration: configuration, device: device, deviceCode: try DeviceCode("7K2Q"), acceptsStaticBills: true,
            validFrom: now.addingTimeInterval(-60), validUntil: now.addingTimeInterval(validFor), maxHours: maxHours,
            maxTickets: maxTickets, invoiceLifetimeSeconds: 86_400
        ).signed(with: key)
        let ring = try ReceiptKeyRing(keys: [.init(label: "test", publicKey: key.publicKey)])
        try await handheld.queue.setMeta([
            .server: "http://127.0.0.1:1", .bundle: try bundle.canonical().text,
            .keyRing: String(decoding: try JSONEncoder().encode(ring), as: UTF8.self), .keyRegistered: "1",
        ])
        try Data("token-not-used".utf8).write(to: folder.appendingPathComponent("state/device-token"))
        return Setup(handheld: handheld, bundle: bundle, clock: clock, printer: printer)
    }

    /// The signed records of the queue, in order, their signatures checked with the handheld's key.
    static func records(_ setup: Setup) async throws -> [OfflineRecord] {
        let seed = try String(
            contentsOfFile: setup.handheld.state.url.appendingPathComponent("device-key").path, encoding: .utf8)
        let publicKey = try DeviceSigningKey(base64: seed).publicKey
        return try await setup.handheld.queue.queued(limit: 100).map { action in
            let record = try OfflineRecord(canonical: try CanonicalJSON.parse(try #require(action.record)))
            #expect(record.hasValidSignature(publicKey: publicKey))
            #expect(record.idempotencyKey == action.idempotencyKey)
            return record
        }
    }

    @Test("a flat bill: offline bill number of the next sequence, the bundle's QRIS, a signed record, a printed job")
    func flatBill() async throws {
        let setup = try await Self.setUp()
        let output = try await setup.handheld.issue(plate: "DE 12 AB", vehicleClass: "motorcycle", zone: nil)
        #expect(output.lines.first?.contains("LURING") == true, "\(output.lines)")
        let record = try #require(try await Self.records(setup).first)
        #expect(record.operation == .issue && record.sequence == 5 && record.zone == "ayp-01")
        let bill = try #require(record.billNumber)
        let parsed = try #require(OfflineBillNumber.parse(bill, prefix: setup.bundle.city.billNumberPrefix))
        #expect(parsed.deviceCode.rawValue == "7K2Q" && parsed.sequence == 5)
        let amount = try setup.bundle.quote(
            vehicleClass: .init("motorcycle"), zone: .init("ayp-01"), entry: record.at, exit: nil)
        #expect(record.amount == amount.amount.value)
        #expect(
            record.qrisPayload
                == (try setup.bundle.qrisPayload(billNumber: try BillNumber(bill), amount: amount.amount)))
        let jobs = try ESCPOSJobReader.jobs(Array(try Data(contentsOf: setup.printer)))
        #expect(jobs.count == 1 && jobs[0].rasters == 1)
        #expect(jobs[0].lines.contains { $0.contains(bill) } && jobs[0].lines.contains { $0.contains("Budi") })
        #expect(try await setup.handheld.status().json["offlineSince"] != .null)
    }

    @Test("an hourly stay: the entry opens, the exit two hours later bills it by reference to the open's sequence")
    func hourlyStay() async throws {
        let setup = try await Self.setUp()
        _ = try await setup.handheld.issue(plate: "DE 13 AB", vehicleClass: "truck", zone: "ayp-01")
        setup.clock.advance(2 * 3600 + 60)
        _ = try await setup.handheld.exit(plate: "DE 13 AB", ticket: nil)
        _ = try await setup.handheld.issue(plate: "DE 14 AB", vehicleClass: "car", zone: nil)
        _ = try await setup.handheld.exit(plate: nil, ticket: "7K2Q-7")
        _ = try await setup.handheld.issue(plate: "DE 15 AB", vehicleClass: "car", zone: nil)
        _ = try await setup.handheld.void(ticket: "7K2Q-8", reason: "salah input")
        let records = try await Self.records(setup)
        #expect(records.map(\.operation) == [.open, .exit, .open, .exitFree, .open, .void])
        #expect(records.map(\.sequence) == [5, 6, 7, nil, 8, nil])
        #expect(
            records[1].ticket == .sequence(5) && records[3].ticket == .sequence(7) && records[5].ticket == .sequence(8))
        let quote = try setup.bundle.quote(
            vehicleClass: .init("truck"), zone: .init("ayp-01"), entry: try #require(records[0].entryAt),
            exit: try #require(records[1].exitAt))
        #expect(records[1].amount == quote.amount.value && quote.amount.value > 0)
        let jobs = try ESCPOSJobReader.jobs(Array(try Data(contentsOf: setup.printer)))
        #expect(jobs.count == 6)
        #expect(jobs[1].lines.contains { $0.hasPrefix("Rincian") }, "\(jobs[1].lines)")
        #expect(jobs[5].lines.contains { $0.contains("DIBATALKAN") })
        let closed = await #expect(throws: HandheldError.self) {
            try await setup.handheld.exit(plate: nil, ticket: "7K2Q-8")
        }
        #expect(closed?.code == .ticketClosed)
    }

    @Test(
        "past maxTickets, past maxHours or outside the bundle's validity nothing is issued, and the attendant reads why"
    )
    func limits() async throws {
        let full = try await Self.setUp(maxTickets: 1)
        _ = try await full.handheld.issue(plate: "DE 1 A", vehicleClass: "motorcycle", zone: nil)
        let refused = await #expect(throws: HandheldError.self) {
            try await full.handheld.issue(plate: "DE 2 A", vehicleClass: "motorcycle", zone: nil)
        }
        #expect(refused?.code == .offlineLimit)
        #expect(refused?.text(.indonesian).contains("offline.maxTickets") == true)
        #expect(try await full.handheld.queue.queuedCount() == 1)

        let long = try await Self.setUp(maxHours: 1)
        _ = try await long.handheld.issue(plate: "DE 1 A", vehicleClass: "motorcycle", zone: nil)
        long.clock.advance(3601 + 60)
        let late = await #expect(throws: HandheldError.self) {
            try await long.handheld.issue(plate: "DE 2 A", vehicleClass: "motorcycle", zone: nil)
        }
        #expect(late?.code == .offlineLimit)

        let expiring = try await Self.setUp(validFor: 60)
        expiring.clock.advance(120)
        let expired = await #expect(throws: HandheldError.self) {
            try await expiring.handheld.issue(plate: "DE 1 A", vehicleClass: "motorcycle", zone: nil)
        }
        #expect(expired?.code == .bundleUnusable)
        #expect(try await expiring.handheld.queue.queuedCount() == 0)
        #expect(!FileManager.default.fileExists(atPath: expiring.printer.path))
    }

    @Test(
        "a downloaded bundle must lie within what a server gives: at most 720 h, starting at most a day ahead, not over"
    )
    func bundleBounds() async throws {
        let setup = try await Self.setUp()
        let now = setup.clock.read()
        #expect(Handheld.isWithinBounds(setup.bundle, at: now))
        func bundle(from: TimeInterval, until: TimeInterval) throws -> OfflineBundle {
            var changed = setup.bundle
            changed.validFrom = now.addingTimeInterval(from)
            changed.validUntil = now.addingTimeInterval(until)
            return changed
        }
        #expect(Handheld.isWithinBounds(try bundle(from: -60, until: 720 * 3600 - 60), at: now))
        #expect(!Handheld.isWithinBounds(try bundle(from: -60, until: 720 * 3600 + 1), at: now), "too long")
        #expect(!Handheld.isWithinBounds(try bundle(from: 86_400 + 60, until: 86_400 + 3600), at: now), "too far ahead")
        #expect(!Handheld.isWithinBounds(try bundle(from: -7200, until: -60), at: now), "over")
    }
}
