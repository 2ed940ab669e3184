import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import LunasTestSupport
import QRImage
import Testing

/// The request path's shortcuts: the hand-written time format, the image and credential caches,
/// and idempotent repeats answered without a read before the write.
@Suite("HTTP hot path: time format, caches, repeats")
struct HotPathTests {
    @Test("APITime writes exactly what Foundation's .iso8601 writes")
    func timeFormat() {
        var generator = SystemRandomNumberGenerator()
        var dates = [
            0, 951_782_400, 951_868_799.999, 4_107_542_400, 253_402_300_799.999, 1_795_482_000.5, 86_399.9999,
        ].map(Date.init(timeIntervalSince1970:))
        for _ in 0..<5_000 {
            dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<253_402_300_800, using: &generator)))
            dates.append(Date(timeIntervalSince1970: Double(Int64.random(in: 0..<4_102_444_800, using: &generator))))
        }
        for date in dates {
            #expect(APITime.text(date) == date.formatted(.iso8601), "\(date.timeIntervalSince1970)")
        }
    }

    @Test("the image cache is bounded in bytes and evicts the oldest first")
    func imageCacheBound() {
        let cache = RenderedImageCache(capacity: 100)
        let keys = (0..<3).map { RenderedImageCache.Key(invoiceID: "inv-\($0)", format: "png") }
        for key in keys { cache.store([UInt8](repeating: 1, count: 40), for: key) }
        #expect(cache.image(keys[0]) == nil)
        #expect(cache.image(keys[1])?.count == 40)
        #expect(cache.image(keys[2])?.count == 40)
        #expect(cache.usage.bytes == 80)
        cache.store([UInt8](repeating: 2, count: 101), for: RenderedImageCache.Key(invoiceID: "big", format: "png"))
        #expect(cache.usage.images == 2)
    }

    @Test("the credential cache never holds a revoked device and forgets on request")
    func credentialCache() {
        let cache = DeviceCredentialCache(limit: 2)
        let active = Device(
            id: Device.ID("d-1"), name: "A", role: .attendant, zone: "ayp-01", credentialHash: "h1", enrolledAt: Date(),
            revokedAt: nil, lastSequence: 0)
        cache.remember(active, credentialHash: "h1")
        #expect(cache.device(credentialHash: "h1")?.id == active.id)
        var revoked = active
        revoked.revokedAt = Date()
        cache.remember(revoked, credentialHash: "h1")
        #expect(cache.device(credentialHash: "h1") == nil)
        cache.remember(active, credentialHash: "h1")
        cache.forget(active.id)
        #expect(cache.device(credentialHash: "h1") == nil)
    }

    @Test("a revoked device's repeat of a used key gets 401, not the first response")
    func revokedRepeat() async throws {
        let fixture = try await APIFixture.make()
        let body = #"{"plate":"DE 77 RV","vehicleClass":"motorcycle","zone":"ayp-01"}"#
        try await fixture.live { client in
            let first = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "rv-1"),
                body: ByteBuffer(string: body))
            #expect(first.status == .created)
            _ = try await fixture.store.revokeDevice(fixture.deviceIDs[.attendant]!, reason: "lost", at: Date())
            let events = try await fixture.eventCount()
            let repeated = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "rv-1"),
                body: ByteBuffer(string: body))
            #expect(repeated.status == .unauthorized)
            #expect(try errorObject(repeated)["code"] as? String == "auth.revoked")
            #expect(try await fixture.eventCount() == events)
        }
    }

    @Test("qr.png served warm from the cache is byte-equal to the cold render; unknown invoices stay 404")
    func warmImage() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let issued = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "img-1"),
                body: ByteBuffer(string: #"{"plate":"DE 78 IM","vehicleClass":"motorcycle"}"#))
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let cold = try await client.execute(
                uri: "/api/v1/invoices/\(id)/qr.png", method: .get, headers: fixture.headers(.kiosk, json: false))
            let warm = try await client.execute(
                uri: "/api/v1/invoices/\(id)/qr.png", method: .get, headers: fixture.headers(.finance, json: false))
            #expect(cold.status == .ok)
            #expect(warm.status == .ok)
            #expect(warm.headers[.contentType] == "image/png")
            #expect(Array(warm.body.readableBytesView) == Array(cold.body.readableBytesView))
            let payload = try #require(invoice["qris"] as? String)
            #expect(Array(warm.body.readableBytesView) == (try QRMatrix(payload: payload).render(.png)))
            let unknown = try await client.execute(
                uri: "/api/v1/invoices/inv-nothing/qr.png", method: .get, headers: fixture.headers(.kiosk, json: false))
            #expect(unknown.status == .notFound)
            let none = try await client.execute(uri: "/api/v1/invoices/\(id)/qr.png", method: .get)
            #expect(none.status == .unauthorized)
        }
    }

    @Test("the event-loop count follows the CPU affinity (sched_getaffinity), as nproc counts it")
    func allowedCores() async throws {
        let counted = ServerRuntime.allowedCoreCount()
        guard FileManager.default.isReadableFile(atPath: "/proc/self/status") else {
            // Without the file the server must leave NIO's own count alone rather than guess.
            #expect(counted == nil)
            return
        }
        let allowed = try #require(counted, "/proc/self/status is readable but gave no core count")
        #expect((1...ProcessInfo.processInfo.processorCount).contains(allowed), "\(allowed)")
        if let affinity = Self.affinityCoreCount() {
            #expect(allowed == affinity)
        }
        if let nproc = try? TestExecutable.onPath("nproc") {
            // nproc also reads OMP_NUM_THREADS: an empty environment.
            let result = try await ChildProcess.run(nproc, environment: .exactly([:]), timeout: .seconds(30))
            #expect(Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) == allowed, "\(result)")
        }
    }

    /// The cores in this process's `sched_getaffinity(2)` mask, or nil where the C library has no such
    /// function (it is a GNU extension the Glibc module does not import, hence the look-up by name).
    static func affinityCoreCount() -> Int? {
        typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer?) -> Int32
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "sched_getaffinity") else { return nil }
        let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
        var mask = [UInt8](repeating: 0, count: 1024)  // room for 8192 CPUs
        let status = mask.withUnsafeMutableBytes { getAffinity(0, $0.count, $0.baseAddress) }
        guard status == 0 else { return nil }
        return mask.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    @Test("a device revoked by `lunas device revoke` (another process) gets 401 on the server's next request")
    func revokedByAnotherProcess() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let before = try await client.execute(
                uri: "/api/v1/invoices/inv-none", method: .get, headers: fixture.headers(.kiosk, json: false))
            #expect(before.status == .notFound)  // authenticated: the invoice is what is missing
            let revoked = try await DeviceCLITests.run([
                "device", "revoke", fixture.deviceIDs[.kiosk]!.rawValue, "--data-dir", fixture.directory.path,
            ])
            #expect(revoked.status == 0, "\(revoked.stderr)")
            let after = try await client.execute(
                uri: "/api/v1/invoices/inv-none", method: .get, headers: fixture.headers(.kiosk, json: false))
            #expect(after.status == .unauthorized)
            #expect(try errorObject(after)["code"] as? String == "auth.revoked")
            let other = try await client.execute(
                uri: "/api/v1/invoices/inv-none", method: .get, headers: fixture.headers(.finance, json: false))
            #expect(other.status == .notFound)
        }
    }
}
