import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import Testing

/// Every refusal of the settlement routes: a 4xx with `{"error":{"code","message","field"}}`, and nothing
/// stored in `DATA_DIR/settlements` (not even the upload).
@Suite("Settlement refusals")
struct SettlementRefusalTests {
    static let header =
        "trx_datetime,settlement_date,rrn,nmid,mpan,terminal_id,issuer_name,customer_pan_masked,customer_name,bill_number,reference_label,gross_amount,mdr_amount,net_amount,status"
    static func row(_ gross: String) -> String {
        "2026-12-01 10:00:00,2026-12-02,100000000001,ID0001000000001,9360000000000000001,T00001,GOPAY,9360****0001,PELANGGAN 1,PKR000000001,REF000000001,\(gross),15,4985,SUCCESS"
    }

    @Test("a malformed file: 400 naming line, column and value; nothing stored")
    func malformedFile() async throws {
        let fixture = try await SettlementDay.fixture()
        let body = [Self.header, Self.row("5000"), Self.row("5000"), Self.row("5.000x")].joined(separator: "\n") + "\n"
        try await fixture.live { client in
            let response = try await uploadSettlement(client, fixture, body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let error = try errorObject(response)
            #expect(error["code"] as? String == "csv.badValue")
            #expect(error["field"] as? String == "grossAmount")
            let message = try #require(error["message"] as? String)
            #expect(message.contains("line 4"), "\(message)")
            #expect(message.contains("column 12"), "\(message)")
            #expect(message.contains("5.000x"), "\(message)")
            #expect(try storedSettlements(fixture).isEmpty)

            let xml = try await uploadSettlement(
                client, fixture, body: ByteBuffer(string: "<Document><BkToCstmrStmt><Stmt>"),
                profile: "bank-statement-camt", contentType: "application/xml")
            #expect(xml.status == .badRequest)
            #expect(try errorObject(xml)["code"] as? String == "camt.malformed")
            #expect(try storedSettlements(fixture).isEmpty)
        }
    }

    @Test("no token 401, attendant or kiosk 403, admin allowed to read")
    func access() async throws {
        let fixture = try await SettlementDay.fixture()
        let body = ByteBuffer(string: Self.header + "\n" + Self.row("5000") + "\n")
        try await fixture.live { client in
            let anonymous = try await uploadSettlement(client, fixture, body: body, role: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(try errorObject(anonymous)["code"] as? String == "auth.missingToken")
            for role in [Device.Role.attendant, .kiosk] {
                let refused = try await uploadSettlement(client, fixture, body: body, role: role)
                #expect(refused.status == .forbidden, "\(role.rawValue)")
                #expect(try errorObject(refused)["code"] as? String == "auth.forbidden")
                let report = try await client.execute(
                    uri: "/api/v1/settlements/stl-00000000000000000000000000000000/report", method: .get,
                    headers: fixture.headers(role))
                #expect(report.status == .forbidden)
            }
            let noToken = try await client.execute(
                uri: "/api/v1/settlements/stl-00000000000000000000000000000000/report", method: .get)
            #expect(noToken.status == .unauthorized)
            #expect(try storedSettlements(fixture).isEmpty)
            let admin = try await uploadSettlement(client, fixture, body: body, role: .admin)
            #expect(admin.status == .created, "\(String(buffer: admin.body).prefix(300))")
        }
    }

    @Test("unknown or missing profile, wrong content type, bad format, unknown id: 400/415/404 naming the field")
    func badParameters() async throws {
        let fixture = try await SettlementDay.fixture()
        let body = ByteBuffer(string: Self.header + "\n" + Self.row("5000") + "\n")
        try await fixture.live { client in
            for profile in ["no-such-bank", "../lunas", ".hidden", String(repeating: "x", count: 65)] {
                let response = try await uploadSettlement(client, fixture, body: body, profile: profile)
                #expect(response.status == .badRequest, "\(profile)")
                #expect(try errorObject(response)["field"] as? String == "profile")
                #expect(try errorObject(response)["code"] as? String == "settlement.unknownProfile")
            }
            let missing = try await uploadSettlement(client, fixture, body: body, profile: nil)
            #expect(missing.status == .badRequest)
            #expect(try errorObject(missing)["field"] as? String == "profile")
            for contentType in ["application/json", nil] {
                let response = try await uploadSettlement(client, fixture, body: body, contentType: contentType)
                #expect(response.status == .unsupportedMediaType, "\(contentType ?? "none")")
                #expect(try errorObject(response)["field"] as? String == "Content-Type")
            }
            // A form is read as one (SettlementFormUploadTests): this body is not one.
            let notAForm = try await uploadSettlement(
                client, fixture, body: body, contentType: "multipart/form-data; boundary=x")
            #expect(notAForm.status == .badRequest)
            #expect(try errorObject(notAForm)["code"] as? String == "multipart.noOpeningBoundary")
            let xmlAsCSV = try await uploadSettlement(
                client, fixture, body: body, profile: "bank-statement-camt", contentType: "text/csv")
            #expect(xmlAsCSV.status == .unsupportedMediaType)
            #expect(try storedSettlements(fixture).isEmpty)

            let created = try await uploadSettlement(client, fixture, body: body)
            #expect(created.status == .created)
            let id = try #require(try jsonObject(created)["id"] as? String)
            let badFormat = try await client.execute(
                uri: "/api/v1/settlements/\(id)/report?format=pdf", method: .get, headers: fixture.headers(.finance))
            #expect(badFormat.status == .badRequest)
            #expect(try errorObject(badFormat)["field"] as? String == "format")
            for unknown in ["stl-0123456789abcdef0123456789abcdef", "stl-record.json", "x", "%2E%2E"] {
                let response = try await client.execute(
                    uri: "/api/v1/settlements/\(unknown)/report?format=json", method: .get,
                    headers: fixture.headers(.finance))
                #expect(response.status == .notFound, "\(unknown)")
                #expect(try errorObject(response)["code"] as? String == "resource.notFound", "\(unknown)")
            }
            // A path that leaves the archive never reaches a file: no route, or no such settlement.
            let traversal = try await client.execute(
                uri: "/api/v1/settlements/..%2F..%2Flunas.sqlite/report", method: .get,
                headers: fixture.headers(.finance))
            #expect(traversal.status == .notFound)
        }
    }

    @Test("a file over the limit: 413 with the error body, nothing stored")
    func tooLarge() async throws {
        let fixture = try await SettlementDay.fixture(maximumBytes: 4096)
        let rows = Array(repeating: Self.row("5000"), count: 40)
        let body = ([Self.header] + rows).joined(separator: "\n") + "\n"
        #expect(body.utf8.count > 4096)
        try await fixture.live { client in
            let response = try await uploadSettlement(client, fixture, body: ByteBuffer(string: body))
            #expect(response.status == .contentTooLarge)
            let error = try errorObject(response)
            #expect(error["code"] as? String == "request.tooLarge")
            #expect(try storedSettlements(fixture).isEmpty)
            // Below the limit the same server accepts a file.
            let small = try await uploadSettlement(
                client, fixture, body: ByteBuffer(string: Self.header + "\n" + Self.row("5000") + "\n"))
            #expect(small.status == .created)
        }
    }
}
