import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Reconciliation
import Settings
import Testing

@testable import API

/// Issue 12, item 10: one upload limit in nginx and Lunas; no upload reaches the disk without room for it
/// (507); the bank's original file is kept compressed in the archive with its SHA-256 in the event chain.
@Suite("Settlement uploads and retention")
struct SettlementRetentionTests {
    static var repositoryRoot: URL { URL(fileURLWithPath: APIFixture.configDirectory).deletingLastPathComponent() }

    @Test("nginx allows settlement bodies of exactly settlement.maximumBytes, on that location only")
    func nginxLimitAgrees() throws {
        let text = try String(
            contentsOf: Self.repositoryRoot.appendingPathComponent("deploy/nginx-lunas.conf"), encoding: .utf8)
        let location = try #require(text.range(of: "location = /api/v1/settlements {"), "no settlement location")
        let block = text[location.upperBound...].prefix { $0 != "}" }
        let size = try #require(block.range(of: "client_max_body_size "))
        let value = block[size.upperBound...].prefix { $0 != ";" }
        let bytes = try #require(Self.nginxSize(value), "unreadable size \(value)")
        #expect(bytes == SettlementImporter.defaultMaximumBytes)
        #expect(bytes == ServerSettings().maximumSettlementBytes)
        #expect(block.contains("proxy_request_buffering off;"))
        // Everywhere else the small default: only settlement files are large (and a citizen's
        // complaint with its photo, at Lunas's own limit for that route).
        for line in text.split(separator: "\n") where line.contains("client_max_body_size") {
            let limit = Self.nginxSize(line.split(separator: " ").last!.dropLast())
            #expect(
                limit == bytes || limit! <= 1 << 20 || limit == 3 << 20, "\(line)")
        }
        #expect(ServerSetting.named("settlement.maximumBytes")?.environmentVariable == "SETTLEMENT_MAXIMUM_BYTES")
    }

    /// nginx's size syntax: `256m`, `1k`, `1024`.
    static func nginxSize(_ text: Substring) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [Character: Int] = ["k": 1 << 10, "m": 1 << 20, "g": 1 << 30]
        if let unit = trimmed.last, let factor = units[unit] { return Int(trimmed.dropLast()).map { $0 * factor } }
        return Int(trimmed)
    }

    @Test("not enough free space (real statvfs, a reserve larger than the disk): 507, and nothing written")
    func insufficientStorage() async throws {
        let base = try await SettlementDay.fixture()
        var settings = base.settings
        settings.settlementDiskReserveBytes = 1 << 50  // a petabyte must stay free: no disk here has that
        let fixture = APIFixture(
            directory: base.directory, settings: settings, store: base.store, clock: base.clock,
            tokens: base.tokens, deviceIDs: base.deviceIDs)
        let body = SettlementRefusalTests.header + "\n" + SettlementRefusalTests.row("5000") + "\n"
        let events = try await fixture.eventCount()
        try await fixture.live { client in
            let response = try await uploadSettlement(client, fixture, body: ByteBuffer(string: body))
            #expect(response.status.code == 507)
            let error = try errorObject(response)
            #expect(error["code"] as? String == "storage.insufficient")
            #expect(error["field"] as? String == "body")
            #expect((error["message"] as? String)?.contains("free") == true)
            #expect(try storedSettlements(fixture).isEmpty, "not even the upload is on disk")
        }
        #expect(try await fixture.eventCount() == events)
    }

    @Test("room promised to uploads in flight counts: a second upload that would not fit waits for the first")
    func promisesCount() async throws {
        let directory = FileManager.default.temporaryDirectory
        let available = try DiskSpaceGuard.availableBytes(directory.path)
        let size = available / 8
        try #require(size > 1 << 20, "too little free space to run this test")
        // Room for the first upload (2 × size) and a reserve, with `size` to spare; not for a second one.
        let space = DiskSpaceGuard(path: directory.path, reserveBytes: available - 3 * size)
        let first = try await space.admit(uploadOf: size)
        #expect(first == 2 * size)
        await #expect(throws: APIError.self) { _ = try await space.admit(uploadOf: size) }
        await space.release(first)
        let again = try await space.admit(uploadOf: size)
        await space.release(again)
    }

    @Test("the original is archived gzip-compressed; settlement.imported holds its SHA-256, size and profile; once")
    func originalArchivedAndChained() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 200, seed: 3, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let file = try Data(contentsOf: day.settlementFile)
        let sha256 = SHA256.hash(data: file).map { String(format: "%02x", $0) }.joined()
        let id = "stl-" + sha256.prefix(32)
        try await fixture.live { client in
            let first = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(first.status == .created)
            #expect(try jsonObject(first)["id"] as? String == id)
            let again = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(again.status == .ok)
        }
        let folder = fixture.directory.appendingPathComponent("settlements/\(id)")
        let original = folder.appendingPathComponent("original.gz")
        let compressed = try Data(contentsOf: original)
        #expect(compressed.starts(with: [0x1F, 0x8B]), "a gzip member")
        #expect(compressed.count < file.count)
        #expect(try await Self.gunzip(original) == file, "gzip -dc gives the uploaded bytes")
        let mode = try FileManager.default.attributesOfItem(atPath: original.path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try storedSettlements(fixture) == [id], "the upload's temporary file is gone, the settlement stays")

        let events = try await fixture.store.events(entityID: id)
        #expect(events.count == 1, "one event though the file came twice")
        let event = try #require(events.first)
        #expect(event.kind == .settlementImported)
        #expect(event.kind.rawValue == "settlement.imported")
        let payload = try #require(
            try JSONSerialization.jsonObject(with: Data(event.payload.utf8)) as? [String: Any])
        #expect(payload["sha256"] as? String == sha256)
        #expect(payload["byteCount"] as? Int == file.count)
        #expect(payload["profile"] as? String == "lunas-generator")
        #expect(payload["archivedAs"] as? String == "settlements/\(id)/original.gz")
        #expect((payload["actor"] as? [String: Any])?["device"] as? String == fixture.deviceIDs[.finance]?.rawValue)
        let report = try await fixture.store.verify()
        #expect(report.problems.isEmpty, "\(report.problems)")
    }

    /// `gzip -dc FILE`: the system's gzip, as an operator would restore the file.
    static func gunzip(_ url: URL) async throws -> Data {
        let gzip = try await ChildProcess.run(URL(fileURLWithPath: "/bin/gzip"), ["-dc", url.path])
        #expect(gzip.succeeded, "\(gzip)")
        return gzip.stdout
    }
}
