import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import Reconciliation
import Testing

/// `POST /api/v1/settlements` with a `multipart/form-data` form (fields `file` and `profile`) and
/// `GET /api/v1/settlements` (the past files and their status) over real HTTP, against a real SQLite
/// ledger holding a generated day.
@Suite("Settlement upload as a form; the list of past files")
struct SettlementFormUploadTests {
    /// Uploads `parts` as a form with `boundary`.
    static func uploadForm(
        _ client: some TestClientProtocol, _ fixture: APIFixture, _ parts: [MultipartForm.Part],
        boundary: String = "lunas-test-\(UUID().uuidString)", role: Device.Role = .finance, query: String = "",
        mutate: ([UInt8]) -> [UInt8] = { $0 }
    ) async throws -> TestResponse {
        let (body, contentType) = try MultipartForm(parts: parts).encoded(boundary: boundary)
        var headers = fixture.headers(role, json: false)
        headers[.contentType] = contentType
        return try await client.execute(
            uri: "/api/v1/settlements\(query)", method: .post, headers: headers, body: ByteBuffer(bytes: mutate(body)))
    }

    static func file(
        _ bytes: [UInt8], name: String? = "settlement.csv", type: String? = "text/csv"
    ) -> MultipartForm.Part {
        MultipartForm.Part(name: "file", filename: name, contentType: type, body: bytes)
    }

    static func profile(_ name: String = "lunas-generator") -> MultipartForm.Part {
        MultipartForm.Part(name: "profile", body: Array(name.utf8))
    }

    @Test("a form gets the raw upload's answer; the same bytes in either form are one settlement (SHA-256)")
    func formUpload() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 300, seed: 21, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let file = Array(try Data(contentsOf: day.settlementFile))
        try await fixture.live { client in
            let first = try await Self.uploadForm(
                client, fixture, [Self.file(file), Self.profile(), .init(name: "note", body: Array("hi".utf8))],
                boundary: "a b'()+_,-./:=?x")
            #expect(first.status == .created, "\(String(buffer: first.body).prefix(400))")
            let report = try jsonObject(first)
            let id = try #require(report["id"] as? String)
            #expect(first.headers[.location] == "/api/v1/settlements/\(id)/report?format=json")
            let counts = try #require(report["counts"] as? [String: Int])
            for category in SettlementCategory.allCases {
                #expect(counts[category.rawValue] == day.counts[category, default: 0], "\(category.rawValue)")
            }
            let raw = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(raw.status == .ok)
            #expect(raw.body == first.body)
            let again = try await Self.uploadForm(client, fixture, [Self.profile(), Self.file(file, name: nil)])
            #expect(again.status == .ok)
            #expect(again.body == first.body)
            #expect(try storedSettlements(fixture) == [id])
        }
    }

    @Test("refusals name the field or the byte offset, and store nothing")
    func refusals() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 50, seed: 4, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let file = Array(try Data(contentsOf: day.settlementFile))
        let eventsBefore = try await fixture.eventCount()
        try await fixture.live { client in
            func expect(
                _ response: TestResponse, _ status: HTTPResponse.Status, _ code: String, field: String?,
                sourceLocation: SourceLocation = #_sourceLocation
            ) throws {
                #expect(response.status == status, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
                let error = try errorObject(response)
                #expect(error["code"] as? String == code, "\(error)", sourceLocation: sourceLocation)
                #expect(error["field"] as? String == field, "\(error)", sourceLocation: sourceLocation)
            }
            try expect(
                try await Self.uploadForm(client, fixture, [Self.profile()]), .badRequest, "multipart.missingField",
                field: "file")
            try expect(
                try await Self.uploadForm(client, fixture, [Self.file(file)]), .badRequest, "multipart.missingField",
                field: "profile")
            try expect(
                try await Self.uploadForm(client, fixture, [Self.file(file), Self.profile("no-such")]), .badRequest,
                "settlement.unknownProfile", field: "profile")
            try expect(
                try await Self.uploadForm(client, fixture, [Self.file(file, type: "application/xml"), Self.profile()]),
                .unsupportedMediaType, "request.unsupportedMediaType", field: "file")
            try expect(
                try await Self.uploadForm(client, fixture, [Self.file(file), Self.file(file), Self.profile()]),
                .badRequest, "multipart.duplicateField", field: "file")
            try expect(
                try await Self.uploadForm(client, fixture, [Self.file(file), Self.profile()], query: "?profile=other"),
                .badRequest, "request.conflictingField", field: "profile")
            let truncated = try await Self.uploadForm(client, fixture, [Self.profile(), Self.file(file)]) {
                Array($0.prefix($0.count - 40))
            }
            try expect(truncated, .badRequest, "multipart.unterminatedPart", field: "body")
            #expect((try errorObject(truncated)["message"] as? String)?.contains("at byte") == true)
            var headers = fixture.headers(.finance, json: false)
            headers[.contentType] = "multipart/form-data"
            try expect(
                try await client.execute(
                    uri: "/api/v1/settlements", method: .post, headers: headers, body: ByteBuffer(bytes: file)),
                .badRequest, "multipart.noBoundary", field: "Content-Type")
            let attendant = try await Self.uploadForm(
                client, fixture, [Self.file(file), Self.profile()], role: .attendant)
            #expect(attendant.status == .forbidden)
        }
        #expect(try storedSettlements(fixture) == [])
        #expect(try await fixture.eventCount() == eventsBefore)
    }

    @Test("a form's file over the limit: 413 while streaming (no Content-Length check needed), nothing left on disk")
    func tooLarge() async throws {
        let fixture = try await SettlementDay.fixture(maximumBytes: 4096)
        try await fixture.live { client in
            let big = [UInt8](repeating: UInt8(ascii: "a"), count: 4097)
            let response = try await Self.uploadForm(client, fixture, [Self.profile(), Self.file(big)])
            #expect(response.status == .contentTooLarge)
            #expect(try errorObject(response)["code"] as? String == "request.tooLarge")
            let fits = [UInt8](repeating: UInt8(ascii: "a"), count: 4096)
            let parsed = try await Self.uploadForm(client, fixture, [Self.profile(), Self.file(fits)])
            #expect(parsed.status == .badRequest, "the file fits; the CSV reader refuses it")
        }
        #expect(try storedSettlements(fixture) == [])
    }

    @Test("the list: newest first with file name, SHA-256, size, uploader, counts; superseded, then applied; pages")
    func list() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 200, seed: 8, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let original = try String(contentsOf: day.settlementFile, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[12] = String(Int(fields[12])! + 1000)
        lines[5] = fields.joined(separator: ",")
        let corrected = Array(lines.joined(separator: "\n").utf8)
        try await fixture.live { client in
            func list(_ query: String = "", role: Device.Role = .finance) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/settlements\(query)", method: .get, headers: fixture.headers(role))
            }
            let empty = try jsonObject(try await list())
            #expect((empty["settlements"] as? [Any])?.isEmpty == true)
            let first = try await uploadSettlement(client, fixture, body: ByteBuffer(string: original))
            let firstID = try #require(try jsonObject(first)["id"] as? String)
            let second = try await Self.uploadForm(
                client, fixture, [Self.profile(), Self.file(corrected, name: "C:\\bank\\day-2.csv")])
            #expect(second.status == .created)
            let secondID = try #require(try jsonObject(second)["id"] as? String)

            let page = try jsonObject(try await list(role: .auditor))
            let items = try #require(page["settlements"] as? [[String: Any]])
            #expect(items.map { $0["id"] as? String } == [secondID, firstID])
            #expect(page["next"] == nil)
            let newest = items[0]
            #expect(newest["status"] as? String == "imported")
            #expect(newest["fileName"] as? String == "day-2.csv")
            #expect(newest["profile"] as? String == "lunas-generator")
            #expect(newest["byteCount"] as? Int == corrected.count)
            #expect(newest["uploadedBy"] as? String == fixture.deviceIDs[.finance]!.rawValue)
            #expect((newest["uploadedAt"] as? String)?.hasSuffix("Z") == true)
            #expect(newest["importStatus"] as? String == "corrected_resend")
            #expect(newest["resendOf"] as? [String] == [firstID])
            #expect((newest["sha256"] as? String)?.hasPrefix(String(secondID.dropFirst(4))) == true)
            // The corrected fee makes one matched row a fee_mismatch: the counts are the re-send's own.
            let counts = try #require(newest["counts"] as? [String: Int])
            #expect(counts == (try jsonObject(second)["counts"] as? [String: Int]))
            #expect(counts["matched"] == day.counts[.matched, default: 0] - 1)
            #expect((newest["rows"] as? Int ?? 0) > 0)
            let oldest = items[1]
            #expect(oldest["status"] as? String == "superseded")
            #expect(oldest["supersededBy"] as? String == secondID)
            #expect(oldest["fileName"] == nil)

            let one = try jsonObject(try await list("?limit=1"))
            #expect((one["settlements"] as? [[String: Any]])?.map { $0["id"] as? String } == [secondID])
            #expect(one["next"] as? String == secondID)
            let rest = try jsonObject(try await list("?limit=1&after=\(secondID)"))
            #expect((rest["settlements"] as? [[String: Any]])?.map { $0["id"] as? String } == [firstID])
            #expect(rest["next"] == nil)
            #expect(try errorObject(try await list("?limit=0"))["field"] as? String == "limit")
            #expect(try errorObject(try await list("?limit=x"))["field"] as? String == "limit")
            #expect(try errorObject(try await list("?after=stl-nope"))["field"] as? String == "after")
            #expect(try await list(role: .attendant).status == .forbidden)

            let applied = try await client.execute(
                uri: "/api/v1/settlements/\(secondID)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(applied.status == .ok, "\(String(buffer: applied.body).prefix(300))")
            let after = try #require(try jsonObject(try await list())["settlements"] as? [[String: Any]])
            #expect(after.map { $0["status"] as? String } == ["applied", "superseded"])
            #expect(after[0]["appliedAt"] is String)
        }
    }
}
