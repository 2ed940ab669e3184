import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import Reconciliation
import Testing

/// `POST /api/v1/settlements?profile=NAME` and `GET /api/v1/settlements/{id}/report` over real HTTP, against
/// a real SQLite ledger holding a generated day of invoices (every category, known answer per row).
@Suite("Settlement upload and reports")
struct SettlementRouteTests {
    @Test("a generated day: 201, every row and invoice in its intended category; the same file again: 200, unchanged")
    func uploadGeneratedDay() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 1500, seed: 11, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        for category in SettlementCategory.allCases {
            #expect(day.counts[category, default: 0] > 0, "the generated day has no \(category.rawValue)")
        }
        let file = try Data(contentsOf: day.settlementFile)
        let eventsBefore = try await fixture.eventCount()
        try await fixture.live { client in
            let first = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(first.status == .created, "\(String(buffer: first.body).prefix(400))")
            #expect(first.headers[.contentType] == "application/json; charset=utf-8")
            let report = try jsonObject(first)
            let id = try #require(report["id"] as? String)
            #expect(id.hasPrefix("stl-") && id.count == 36)
            #expect(first.headers[.location] == "/api/v1/settlements/\(id)/report?format=json")
            let counts = try #require(report["counts"] as? [String: Int])
            for category in SettlementCategory.allCases {
                #expect(counts[category.rawValue] == day.counts[category, default: 0], "\(category.rawValue)")
            }
            let fileInfo = try #require(report["file"] as? [String: Any])
            #expect(fileInfo["profile"] as? String == "lunas-generator")
            #expect((report["import"] as? [String: Any])?["status"] as? String == "new")
            #expect((report["resendOf"] as? [String]) == [])
            // Every exception is the one the generator intended; every other row is matched.
            let exceptions = try #require(report["exceptions"] as? [[String: Any]])
            var rows: [Int: String] = [:]
            var invoices: [String: String] = [:]
            for exception in exceptions {
                let category = try #require(exception["category"] as? String)
                if let line = exception["line"] as? Int {
                    rows[line] = category
                } else {
                    invoices[try #require(exception["invoiceId"] as? String)] = category
                }
            }
            #expect(rows == day.rowTruth.filter { $0.value != "matched" })
            #expect(invoices == day.invoiceTruth.filter { $0.value != "matched" })

            // The same bytes again: the earlier result, byte for byte, and nothing new stored.
            let stored = try storedSettlements(fixture)
            #expect(stored == [id])
            let again = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(again.status == .ok)
            #expect(again.body == first.body)
            #expect(try storedSettlements(fixture) == stored)

            // The stored report in its three formats.
            let json = try await client.execute(
                uri: "/api/v1/settlements/\(id)/report?format=json", method: .get, headers: fixture.headers(.finance))
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            #expect(json.body == first.body)
            let csv = try await client.execute(
                uri: "/api/v1/settlements/\(id)/report?format=csv", method: .get, headers: fixture.headers(.admin))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let csvLines = String(buffer: csv.body).split(separator: "\n")
            #expect(csvLines.first?.hasPrefix("category,reason,line,rrn,bill_number") == true)
            #expect(csvLines.count == exceptions.count + 1)
            let html = try await client.execute(
                uri: "/api/v1/settlements/\(id)/report?format=html", method: .get, headers: fixture.headers(.finance))
            #expect(html.status == .ok)
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            let page = String(buffer: html.body)
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            #expect(page.contains("<svg"))
            #expect(!page.contains("<script"))
            #expect(page.contains("duplicate_payment"))
        }
        // The reconciliation only reads the ledger: the one new event is the file's `settlement.imported`
        // (once, though the file came twice).
        #expect(try await fixture.eventCount() == eventsBefore + 1)
    }

    @Test("a corrected re-send of the same day is stored and reported with the settlement it corrects")
    func correctedResend() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 300, seed: 5, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let original = try String(contentsOf: day.settlementFile, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The acquirer corrects one row's fee (column 13, mdr_amount) and sends the day again.
        var fields = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[12] = String(Int(fields[12])! + 1000)
        lines[5] = fields.joined(separator: ",")
        let corrected = lines.joined(separator: "\n")
        try await fixture.live { client in
            let first = try await uploadSettlement(client, fixture, body: ByteBuffer(string: original))
            #expect(first.status == .created)
            let firstID = try #require(try jsonObject(first)["id"] as? String)
            let second = try await uploadSettlement(client, fixture, body: ByteBuffer(string: corrected))
            #expect(second.status == .created)
            let report = try jsonObject(second)
            let secondID = try #require(report["id"] as? String)
            #expect(secondID != firstID)
            #expect(report["resendOf"] as? [String] == [firstID])
            let importInfo = try #require(report["import"] as? [String: Any])
            #expect(importInfo["status"] as? String == "corrected_resend")
            let previous = try #require(importInfo["previous"] as? [[String: Any]])
            #expect(previous.count == 1)
            #expect(
                previous.first?["sha256"] as? String == (try jsonObject(first)["file"] as? [String: Any])?["sha256"]
                    as? String)
            #expect(try storedSettlements(fixture) == [firstID, secondID].sorted())
        }
    }

    @Test("stored settlements survive a restart: a new server on the same data directory serves and recognises them")
    func persistsAcrossRestart() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 200, seed: 3, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let file = try Data(contentsOf: day.settlementFile)
        let (id, body) = try await fixture.live { client in
            let response = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(response.status == .created)
            return (try #require(try jsonObject(response)["id"] as? String), response.body)
        }
        // A second application (a restarted server) on the same data directory.
        try await fixture.live { client in
            let json = try await client.execute(
                uri: "/api/v1/settlements/\(id)/report", method: .get, headers: fixture.headers(.finance))
            #expect(json.status == .ok)
            #expect(json.body == body)
            let csv = try await client.execute(
                uri: "/api/v1/settlements/\(id)/report?format=csv", method: .get, headers: fixture.headers(.finance))
            #expect(csv.status == .ok)
            let again = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(again.status == .ok)
            #expect(again.body == body)
        }
        #expect(try storedSettlements(fixture) == [id])
    }
}
