import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
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

    @Test(
        "blockers shown; only admins and whole-city supervisors close; the statement and the journal downloads once closed"
    )
    func closeADay() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("keu@ambon.example", role: .finance, password: Self.password)
        _ = try await fixture.addStaff("adm@ambon.example", role: .admin, password: Self.password)
        _ = try await fixture.addStaff("aud@ambon.example", role: .auditor, password: Self.password)
        _ = try await fixture.addStaff(
            "zona@ambon.example", role: .supervisor, password: Self.password, zones: ["ayp-01"])
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
            #expect(
                try await keu.get("/console/days?date=\(Self.empty)").headers[.location]
                    == "/console/days/\(Self.empty)")
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
            #expect(
                String(buffer: try await kota.get("/console/days/\(Self.empty)").body).contains(
                    "Tidak ada yang menghalangi"))
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
            #expect(
                try await kota.post("/console/days/\(Self.empty)/close", [("csrf", try await kota.csrf())]).status
                    == .seeOther)
            #expect(try await fixture.eventCount() == events)
        }
        // Every event made in the console (actors naming staff members) replays and verifies.
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test("the day page lists the late events booked on it and, on a closed day, those about it, with links")
    func lateEvents() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("keu@ambon.example", role: .finance, password: Self.password)
        _ = try await fixture.addStaff("kota@ambon.example", role: .supervisor, password: Self.password)
        let next = "2026-11-25"
        try await fixture.live { client in
            // The 24th: a fee invoice paid and settled; the day closes just after midnight.
            let issued = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "late-page"),
                body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-9"}"#))
            #expect(issued.status == .created, "\(String(buffer: issued.body))")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = Invoice.ID(try #require(invoice["id"] as? String))
            let finance = LedgerActor.device(try #require(fixture.deviceIDs[.finance]))
            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: try BillNumber(try #require(invoice["billNumber"] as? String)), rrn: "998877665544",
                    issuer: "OVO", amount: Rupiah(5_000), paidAt: APIFixture.start, recordedAt: APIFixture.start,
                    source: .acquirerNotification))
            // Settled by the acquirer's file for the 25th (T+1), which the close also waits for.
            let settled = try await DaySettlementDueTests.apply(
                client, fixture, date: next,
                [
                    .init(
                        bill: try #require(invoice["billNumber"] as? String), rrn: "998877665544", amount: 5_000,
                        paidAt: APIFixture.start)
                ])
            #expect(settled["settled"] as? Int == 1, "\(settled)")
            fixture.clock.advance(by: DayCloseTests.dayEnd.addingTimeInterval(60).timeIntervalSince(fixture.clock.now))
            var kota = try await ConsoleExceptionPagesTests.signIn(client, "kota@ambon.example")
            let closed = try await kota.post("/console/days/\(Self.today)/close", [("csrf", try await kota.csrf())])
            #expect(closed.status == .seeOther, "\(String(buffer: closed.body))")

            // On the 25th the whole fee is paid back outside the acquirer: a late refund of the 24th.
            _ = try await fixture.store.refundInvoice(id, reason: "stall closed", actor: finance, at: fixture.clock.now)
            let late = try await fixture.store.lateEvents(about: try #require(CivilDate(iso8601: Self.today)))
            #expect(late.map(\.kind) == [.refund] && late.first?.amount == Rupiah(5_000), "\(late)")
            let sequence = try #require(late.first?.sequence)

            var keu = try await ConsoleExceptionPagesTests.signIn(client, "keu@ambon.example")
            let receipt = try #require(try await fixture.store.invoice(id: id)).receiptCode
            let booked = String(buffer: try await keu.get("/console/days/\(next)").body)
            #expect(booked.contains("Peristiwa terlambat yang dibukukan pada hari ini"), "\(booked)")
            #expect(booked.contains("Semua ini masuk laporan harian hari ini saat ditutup."))
            #expect(booked.contains("<td>#\(sequence)</td><td>Pengembalian terlambat</td>"))
            #expect(booked.contains("<a href=\"/console/days/\(Self.today)\">\(Self.today)</a>"))
            #expect(booked.contains("<a href=\"/public/receipts/\(receipt)\">\(id.rawValue)</a>"))
            #expect(booked.contains("<td class=\"num\">Rp5.000</td>"))
            #expect(booked.contains("1 · Rp5.000 (Pengembalian terlambat 1 · Rp5.000)"))
            #expect(!booked.contains("Peristiwa terlambat tentang hari ini"), "an open day has no late events about it")
            let about = String(buffer: try await keu.get("/console/days/\(Self.today)").body)
            #expect(about.contains("Peristiwa terlambat tentang hari ini"), "\(about)")
            #expect(about.contains("<a href=\"/console/days/\(next)\">\(next)</a>"))
            #expect(about.contains("<td>#\(sequence)</td><td>Pengembalian terlambat</td>"))
            #expect(about.contains("Peristiwa terlambat yang dibukukan pada hari ini"))
            #expect(about.contains("Tidak ada."), "nothing was booked on the 24th")
            let empty = String(buffer: try await keu.get("/console/days/\(Self.empty)").body)
            #expect(!empty.contains("Pengembalian terlambat"))
            let receiptPage = try await client.execute(uri: "/public/receipts/\(receipt)", method: .get, headers: [:])
            #expect(receiptPage.status == .ok)
            // In English (the session keeps the language once chosen).
            let english = String(buffer: try await keu.get("/console/days/\(next)?lang=en").body)
            #expect(english.contains("Late events booked on this day") && english.contains("Late refund"))
            #expect(english.contains("<a href=\"/console/days/\(Self.today)?lang=en\">"))
        }
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }
}
