import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import Testing

/// **Tutup hari** over real HTTP: the blockers, who may close (admins and whole-city
/// supervisors), the signed statement once closed and the journal downloads under the session.
@Suite("Console: closing the day (real HTTP)")
struct ConsoleDayPageTests {
    static let password = ConsoleSessionTests.password
    /// The fixture's city day, and an earlier day without invoices.
    static let today = "2026-11-24"
    static let empty = "2026-11-20"

    @Test("blockers shown; only admins and whole-city supervisors close; the statement and the journal downloads once closed")
    func closeADay() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("keu@ambon.example", role: .finance, password: Self.password)
        _ = try await fixture.addStaff("adm@ambon.example", role: .admin, password: Self.password)
        _ = try await fixture.addStaff("aud@ambon.example", role: .auditor, password: Self.password)
        _ = try await fixture.addStaff("zona@ambon.example", role: .supervisor, password: Self.password, zones: ["ayp-01"])
        let city = try await fixture.addStaff("kota@ambon.example", role: .supervisor, password: Self.password).member
        _ = try await ConsoleExceptionPagesTests.unknownBills(fixture, count: 1)
        try await fixture.live { client in
            var keu = try await ConsoleExceptionPagesTests.signIn(client, "keu@ambon.example")
            var adm = try await ConsoleExceptionPagesTests.signIn(client, "adm@ambon.example")
            var aud = try await ConsoleExceptionPagesTests.signIn(client, "aud@ambon.example")
            var zona = try await ConsoleExceptionPagesTests.signIn(client, "zona@ambon.example")
            var kota = try await ConsoleExceptionPagesTests.signIn(client, "kota@ambon.example")

            let redirect = try await keu.get("/console/days")
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.location] == "/console/days/\(Self.today)")
            #expect(try await keu.get("/console/days?date=\(Self.empty)").headers[.location] == "/console/days/\(Self.empty)")
            let open = try await keu.get("/console/days/\(Self.today)")
            #expect(open.status == .ok)
            let openHTML = String(buffer: open.body)
            #expect(openHTML.contains("Hari belum berakhir"))
            #expect(!openHTML.contains("id=\"close\""), "finance does not close days")
            #expect(try await keu.get("/console/days/24-11-2026").status == .badRequest)
            #expect(try await keu.get("/console/days/\(Self.empty)/journal.csv").status == .notFound, "not closed yet")

            // Who may press the button.
            let admHTML = String(buffer: try await adm.get("/console/days/\(Self.today)").body)
            #expect(admHTML.contains("id=\"close\""))
            #expect(!String(buffer: try await zona.get("/console/days/\(Self.empty)").body).contains("id=\"close\""))
            #expect(String(buffer: try await kota.get("/console/days/\(Self.empty)").body).contains("id=\"close\""))
            #expect(String(buffer: try await kota.get("/console/days/\(Self.empty)").body).contains("Tidak ada yang menghalangi"))
            let before = try await fixture.eventCount()
            for browser in [keu, aud, zona] {
                var browser = browser
                let csrf = try await browser.csrf()
                let refused = try await browser.post("/console/days/\(Self.empty)/close", [("csrf", csrf)])
                #expect(refused.status == .forbidden)
                #expect(String(buffer: refused.body).contains("Tidak diizinkan"))
            }
            #expect(try await adm.post("/console/days/\(Self.empty)/close", []).status == .forbidden, "no CSRF token")
            // Today is not over: 409 with the blockers on the page, nothing written.
            let blocked = try await adm.post("/console/days/\(Self.today)/close", [("csrf", try await adm.csrf())])
            #expect(blocked.status == .conflict)
            let blockedHTML = String(buffer: blocked.body)
            #expect(blockedHTML.contains("Hari belum bisa ditutup") && blockedHTML.contains("Hari belum berakhir"))
            #expect(try await fixture.eventCount() == before)
            #expect(try await fixture.store.closedDay(CivilDate(iso8601: Self.empty)!) == nil)

            // A whole-city supervisor closes the empty day.
            let closed = try await kota.post("/console/days/\(Self.empty)/close", [("csrf", try await kota.csrf())])
            #expect(closed.status == .seeOther, "\(String(buffer: closed.body))")
            #expect(closed.headers[.location] == "/console/days/\(Self.empty)?done=closed")
            let statement = try #require(try await fixture.store.closedDay(CivilDate(iso8601: Self.empty)!))
            #expect(statement.closedBy == city.actor, "the day.closed event names the staff member")
            #expect(try await fixture.eventCount() > before)
            let kotaPage = String(buffer: try await kota.get("/console/days/\(Self.empty)?done=closed").body)
            #expect(kotaPage.contains("Hari ditutup; laporannya sudah ditandatangani."))
            #expect(kotaPage.contains("Staf supervisor (kota@ambon.example)"), "who closed it, by name")
            #expect(kotaPage.contains(statement.keyID) && kotaPage.contains(statement.signature))
            #expect(kotaPage.contains("href=\"/public/days/\(Self.empty)\""))
            #expect(!kotaPage.contains("journal.csv"), "supervisors do not download the journal")
            #expect(try await kota.get("/console/days/\(Self.empty)/journal.csv").status == .forbidden)
            let keuPage = String(buffer: try await keu.get("/console/days/\(Self.empty)").body)
            #expect(keuPage.contains("/console/days/\(Self.empty)/journal.csv"))
            #expect(keuPage.contains("Rp0"))

            // The journal downloads (finance, auditor, admin), as the API's journal.
            let csv = try await keu.get("/console/days/\(Self.empty)/journal.csv")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition] == "attachment; filename=\"jurnal-\(Self.empty).csv\"")
            #expect(String(buffer: csv.body).hasPrefix("date,account,name,debit,credit,memo\r\n"))
            let json = try await aud.get("/console/days/\(Self.empty)/journal.json")
            #expect(json.status == .ok)
            let journal = try jsonObject(json)
            #expect(journal["date"] as? String == Self.empty && journal["statementKeyId"] as? String == statement.keyID)
            #expect(try await adm.get("/console/days/\(Self.empty)/journal.json").status == .ok)
            // Closing again changes nothing.
            let events = try await fixture.eventCount()
            #expect(try await kota.post("/console/days/\(Self.empty)/close", [("csrf", try await kota.csrf())]).status == .seeOther)
            #expect(try await fixture.eventCount() == events)
        }
        // Every event made in the console (actors naming staff members) replays and verifies.
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }
}
