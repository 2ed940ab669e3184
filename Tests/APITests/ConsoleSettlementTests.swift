import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Reconciliation
import Testing

@testable import API

extension ConsoleBrowser {
    /// POSTs a `multipart/form-data` form with the session's cookie.
    mutating func upload(_ path: String, _ parts: [MultipartForm.Part]) async throws -> TestResponse {
        let (body, contentType) = try MultipartForm(parts: parts).encoded(boundary: "console-\(UUID().uuidString)")
        var fields = headers(form: false)
        fields[.contentType] = contentType
        let response = try await client.execute(
            uri: path, method: .post, headers: fields, body: ByteBuffer(bytes: body))
        remember(response)
        return response
    }
}

/// **Setelmen**: a generated day's settlement file uploaded through the console's form, its report
/// page, downloads and apply, and who may do what (real HTTP, real SQLite ledger).
@Suite("Staff console: settlements (real HTTP)")
struct ConsoleSettlementTests {
    static let password = ConsoleSessionTests.password

    static func parts(_ file: [UInt8], profile: String = "lunas-generator") -> [MultipartForm.Part] {
        [
            MultipartForm.Part(
                name: "file", filename: "settlement-2026-12-02.csv", contentType: "text/csv", body: file),
            MultipartForm.Part(name: "profile", body: Array(profile.utf8)),
        ]
    }

    @Test(
        "finance uploads through the form (303 to the report), reads the categories and rows, downloads the API's bytes and applies; the chain names them; a second apply changes nothing"
    )
    func uploadReportApply() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 300, seed: 21, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let finance = try await fixture.addStaff("rina@ambon.example", role: .finance, password: Self.password).member
        _ = try await fixture.addStaff("yosef@ambon.example", role: .auditor, password: Self.password)
        let file = Array(try Data(contentsOf: day.settlementFile))
        try await fixture.live { client in
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("rina@ambon.example", Self.password).status == .seeOther)
            let form = String(buffer: try await browser.get("/console/settlements").body)
            #expect(form.contains("enctype=\"multipart/form-data\""))
            #expect(form.contains("<option value=\"lunas-generator\">lunas-generator</option>"))
            #expect(form.contains("Belum ada file setelmen."))
            let csrf = try #require(ConsoleBrowser.hidden("csrf", in: form))
            #expect(form.contains("action=\"/console/settlements?csrf=\(csrf)\""))

            // No token (or a wrong one): 403, nothing stored.
            let before = try storedSettlements(fixture)
            let eventsBefore = try await fixture.eventCount()
            #expect(try await browser.upload("/console/settlements", Self.parts(file)).status == .forbidden)
            let wrong = try await browser.upload(
                "/console/settlements?csrf=\(String(repeating: "0", count: csrf.count))", Self.parts(file))
            #expect(wrong.status == .forbidden)
            #expect(String(buffer: wrong.body).contains("Formulir kedaluwarsa"))
            #expect(try storedSettlements(fixture) == before)
            #expect(try await fixture.eventCount() == eventsBefore)

            // A refused file shows the form again with the reason; nothing stored.
            let unknown = try await browser.upload(
                "/console/settlements?csrf=\(csrf)", Self.parts(file, profile: "no-such-bank"))
            #expect(unknown.status == .badRequest)
            #expect(String(buffer: unknown.body).contains("settlement.unknownProfile"))
            #expect(try storedSettlements(fixture) == before)

            // A file over the 64 KiB every other body is held to reaches the importer (a malformed
            // one here: 400 from the CSV reader, not 413), nothing stored.
            let large =
                Array((SettlementRefusalTests.header + "\nnot,a,settlement,row\n").utf8)
                + [UInt8](repeating: UInt8(ascii: "x"), count: 200 << 10)
            let malformed = try await browser.upload("/console/settlements?csrf=\(csrf)", Self.parts(large))
            #expect(malformed.status == .badRequest)
            #expect(
                String(buffer: malformed.body).contains("<code>csv."), "\(String(buffer: malformed.body).suffix(800))")
            #expect(try storedSettlements(fixture) == before)

            let uploaded = try await browser.upload("/console/settlements?csrf=\(csrf)", Self.parts(file))
            #expect(uploaded.status == .seeOther, "\(String(buffer: uploaded.body).prefix(600))")
            let location = try #require(uploaded.headers[.location])
            #expect(location.hasPrefix("/console/settlements/stl-"))
            let id = String(location.dropFirst("/console/settlements/".count))

            let report = String(buffer: try await browser.get(location).body)
            #expect(report.contains("<html lang=\"id\">"))
            #expect(report.contains("settlement-2026-12-02.csv"))
            #expect(report.contains("diimpor, belum diterapkan"))
            #expect(report.contains("Staf finance"), "the uploader is the staff member")
            #expect(report.contains("Cari tagihan yang cocok"))
            #expect(report.contains("Kembalikan pembayaran kedua"))
            for (category, count) in day.counts {
                let label = ConsoleText.text("stl_cat_\(category.rawValue)", .id)
                #expect(report.contains(">\(label)") && report.contains(">\(count)</td>"), "\(category.rawValue)")
            }
            // The busiest exception category links to its rows here and to the Pengecualian page.
            let (busiest, busiestCount) = try #require(
                day.counts.filter { $0.key.isException }.max { $0.value < $1.value })
            #expect(busiestCount > 0)
            #expect(report.contains("href=\"/console/exceptions?category=\(busiest.rawValue)&amp;state=open\""))
            #expect(report.contains("href=\"/console/settlements/\(id)?category=\(busiest.rawValue)#rows\""))
            #expect(report.contains("action=\"/console/settlements/\(id)/apply\""))
            let exceptions = day.counts.filter { $0.key.isException }.values.reduce(0, +)
            let pages = (exceptions + 49) / 50
            #expect(report.contains("Halaman 1 dari \(pages)"))
            if pages > 1 {
                let last = String(buffer: try await browser.get("\(location)?page=\(pages)").body)
                #expect(last.contains("Halaman \(pages) dari \(pages)"))
                #expect(last.contains("page=\(pages - 1)#rows"))
            }
            let filtered = String(buffer: try await browser.get("\(location)?category=\(busiest.rawValue)").body)
            let busiestLabel = ConsoleText.text("stl_cat_\(busiest.rawValue)", .id)
            #expect(
                filtered.components(separatedBy: "<td data-label=\"Kategori\">\(busiestLabel)</td>").count
                    == min(busiestCount, 50) + 1)
            #expect(filtered.contains("<option value=\"\(busiest.rawValue)\" selected>"))
            let english = String(buffer: try await browser.get("\(location)?lang=en").body)
            #expect(english.contains("What to do") && english.contains("Unknown bill"))
            _ = try await browser.get("\(location)?lang=id")

            // The downloads are the API's stored bytes.
            for format in ["csv", "json", "html"] {
                let console = try await browser.get("/console/settlements/\(id)/report.\(format)")
                #expect(console.status == .ok)
                let api = try await client.execute(
                    uri: "/api/v1/settlements/\(id)/report?format=\(format)", method: .get,
                    headers: fixture.headers(.finance, json: false))
                #expect(console.body == api.body, "\(format)")
            }
            #expect(try await browser.get("/console/settlements/\(id)/report.exe").status == .notFound)

            // The chain's settlement.imported names the staff member, not a device.
            let imported = try await fixture.store.events(entityID: id)
            #expect(imported.count == 1)
            #expect(imported.first?.payload.contains("\"staff\":\"\(finance.id.rawValue)\"") == true)

            // An auditor reads everything and changes nothing.
            var auditor = ConsoleBrowser(client)
            #expect(try await auditor.logIn("yosef@ambon.example", Self.password).status == .seeOther)
            let list = String(buffer: try await auditor.get("/console/settlements").body)
            #expect(!list.contains("enctype=\"multipart/form-data\""))
            #expect(list.contains("href=\"/console/settlements/\(id)\""))
            let read = try await auditor.get(location)
            #expect(read.status == .ok)
            #expect(!String(buffer: read.body).contains("/apply\""))
            let auditorCSRF = try #require(ConsoleBrowser.hidden("csrf", in: list))
            let eventsNow = try await fixture.eventCount()
            let auditorUpload = try await auditor.upload("/console/settlements?csrf=\(auditorCSRF)", Self.parts(file))
            #expect(auditorUpload.status == .forbidden)
            #expect(try await auditor.post("\(location)/apply", [("csrf", auditorCSRF)]).status == .forbidden)
            #expect(try await fixture.eventCount() == eventsNow)
            #expect(try await fixture.store.settlementApplication(id: id) == nil)

            // Apply: invoices settled, the events name the staff member.
            let applied = try await browser.post("\(location)/apply", [("csrf", csrf)])
            #expect(applied.status == .ok)
            let outcome = String(buffer: applied.body)
            #expect(outcome.contains("File diterapkan ke buku besar."))
            let application = try #require(try await fixture.store.settlementApplication(id: id))
            #expect(application.isComplete)
            #expect(application.settled > 0)
            #expect(outcome.contains("<dt>Tagihan disetel</dt><dd>\(application.settled)</dd>"))
            var settled = 0
            for ledgerID in day.ledgerIDs.values {
                if try await fixture.store.invoiceSettlement(invoiceID: Invoice.ID(ledgerID)) != nil { settled += 1 }
            }
            #expect(Int64(settled) == application.settled)
            let events = try await fixture.store.events(entityID: id)
            #expect(events.count > 1)
            #expect(events.allSatisfy { $0.payload.contains("\"staff\":\"\(finance.id.rawValue)\"") })

            let again = String(buffer: try await browser.post("\(location)/apply", [("csrf", csrf)]).body)
            #expect(again.contains("File ini sudah diterapkan sebelumnya; tidak ada yang berubah."))
            #expect(try await fixture.store.events(entityID: id).count == events.count)
            let listed = String(buffer: try await browser.get("/console/settlements").body)
            #expect(listed.contains(">diterapkan</td>"))
            #expect(!String(buffer: try await browser.get(location).body).contains("/apply\""))
        }
        // Every event made in the console (actors naming staff members) replays and verifies.
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test(
        "a file a corrected re-send replaced shows as superseded with a link to its replacement; applying it is refused (409) with the reason, nothing changed"
    )
    func supersededRefused() async throws {
        let fixture = try await SettlementDay.fixture()
        let day = try await SettlementDay.make(
            count: 200, seed: 8, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        _ = try await fixture.addStaff("rina@ambon.example", role: .finance, password: Self.password)
        let original = try String(contentsOf: day.settlementFile, encoding: .utf8)
        var lines = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var fields = lines[5].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[12] = String(Int(fields[12])! + 1000)
        lines[5] = fields.joined(separator: ",")
        let corrected = Array(lines.joined(separator: "\n").utf8)
        try await fixture.live { client in
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("rina@ambon.example", Self.password).status == .seeOther)
            let csrf = try await browser.csrf("/console/settlements")
            let first = try await browser.upload("/console/settlements?csrf=\(csrf)", Self.parts(Array(original.utf8)))
            let firstPath = try #require(first.headers[.location])
            let second = try await browser.upload("/console/settlements?csrf=\(csrf)", Self.parts(corrected))
            let secondID = try #require(second.headers[.location]).components(separatedBy: "/").last ?? ""
            let page = String(buffer: try await browser.get(firstPath).body)
            #expect(page.contains("digantikan kiriman koreksi"))
            #expect(page.contains("href=\"/console/settlements/\(secondID)\""))
            #expect(!page.contains("/apply\""), "no apply button for a superseded file")
            let events = try await fixture.eventCount()
            let refused = try await browser.post("\(firstPath)/apply", [("csrf", csrf)])
            #expect(refused.status == .conflict)
            let text = String(buffer: refused.body)
            #expect(text.contains("File ini tidak dapat diterapkan.") && text.contains(secondID))
            #expect(text.contains("settlement.superseded"))
            #expect(try await fixture.eventCount() == events)
        }
    }

    @Test("the report's rows page 50 at a time, by category; pages out of range clamp to the first or last")
    func paging() throws {
        var rows: [String] = []
        for index in 0..<120 {
            let category = index % 3 == 0 ? "unknown_bill" : "late_settlement"
            rows.append(#"{"category":"\#(category)","line":\#(index + 2),"rrn":"9\#(index)"}"#)
        }
        let json =
            #"{"file":{"rows":120},"counts":{"unknown_bill":40,"late_settlement":80},"exceptions":["#
            + rows.joined(separator: ",") + "]}"
        let report = try ConsoleSettlementReport.decode(Array(json.utf8))
        let first = report.page(1, category: nil)
        #expect(first.rows.count == 50 && first.pages == 3 && first.rows.first?.line == 2)
        let last = report.page(3, category: nil)
        #expect(last.rows.count == 20 && last.rows.last?.line == 121)
        #expect(report.page(99, category: nil).page == 3)
        #expect(report.page(-4, category: nil).page == 1)
        let unknown = report.page(1, category: "unknown_bill")
        #expect(unknown.pages == 1 && unknown.rows.count == 40)
        #expect(unknown.rows.allSatisfy { $0.category == "unknown_bill" })
        let none = report.page(1, category: "reversal")
        #expect(none.rows.isEmpty && none.pages == 1 && none.page == 1)
        #expect(ConsoleSettlementReport.size(512) == "512 B")
        #expect(ConsoleSettlementReport.size(3 << 20) == "3.0 MiB")
        #expect(ConsoleSettlementReport.period("2026-12-01", "2026-12-01") == "2026-12-01")
    }
}
