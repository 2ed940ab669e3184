import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQLite
import NIOCore
import Testing

/// **Hari ini** and its live feed over real HTTP.
@Suite("Staff console: Hari ini and /console/live (real HTTP)")
struct ConsoleHomeTests {
    static let password = ConsoleSessionTests.password

    func issueFee(_ fixture: APIFixture, _ client: any TestClientProtocol, key: String) async throws {
        let response = try await client.execute(
            uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: key),
            body: ByteBuffer(string: #"{"fee":"PASAR-LOS-HARIAN","payerReference":"LOS-7"}"#))
        #expect(response.status == .created, "\(String(buffer: response.body))")
    }

    @Test("the day's figures by card, zone and hour; another day; a bad date; the live feed sends the totals and their changes")
    func homeAndLive() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("yosef@ambon.example", role: .auditor, password: Self.password)
        try await fixture.live { client in
            try await issueFee(fixture, client, key: "h1")
            try await issueFee(fixture, client, key: "h2")
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("yosef@ambon.example", Self.password).status == .seeOther)
            let home = try await browser.get("/console")
            #expect(home.status == .ok)
            let html = String(buffer: home.body)
            #expect(html.contains("<div class=\"n\" data-figure=\"issued.count\">2</div>"), "\(html)")
            #expect(html.contains("<div class=\"n\" data-figure=\"outstanding.count\">2</div>"))
            #expect(html.contains("Retribusi non-parkir"))
            #expect(html.contains("<svg viewBox=\"0 0 480 140\""))
            #expect(html.contains("<td>10:00</td><td class=\"num\">2</td>"), "10:00 WIT is the fixture's hour")
            let other = String(buffer: try await browser.get("/console?date=2026-11-01").body)
            #expect(other.contains("<div class=\"n\" data-figure=\"issued.count\">0</div>"))
            #expect(try await browser.get("/console?date=1-2-3").status == .badRequest)
            let script = try await browser.get("/console/console.js")
            #expect(script.headers[.contentType]?.hasPrefix("text/javascript") == true)

            let connection = try RawConnection(port: try #require(client.port))
            defer { connection.close() }
            try connection.send(
                "GET /console/live HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: lunas_session=\(try #require(browser.cookie))\r\n\r\n")
            let first = await connection.receive(
                until: { AdminAndEventsTests.event("figures", in: $0) != nil }, guardSeconds: 30)
            #expect(first.lowercased().contains("content-type: text/event-stream"), "\(first)")
            let opening = try #require(AdminAndEventsTests.event("figures", in: first))
            #expect(opening.contains("\"issued.count\":\"2\""), "\(opening)")
            try await issueFee(fixture, client, key: "h3")
            let next = await connection.receive(
                until: { $0.contains("\"issued.count\":\"3\"") }, guardSeconds: 30)
            #expect(next.contains("\"issued.count\":\"3\""), "\(next)")

            // Two feeds a session; signing out ends them.
            let second = try RawConnection(port: try #require(client.port))
            defer { second.close() }
            let third = try RawConnection(port: try #require(client.port))
            defer { third.close() }
            for feed in [second, third] {
                try feed.send(
                    "GET /console/live HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: lunas_session=\(try #require(browser.cookie))\r\n\r\n")
            }
            // The two requests race: exactly one of them gets the session's second feed.
            let answers = [
                await second.receive(until: { $0.contains("\r\n\r\n") }, guardSeconds: 30),
                await third.receive(until: { $0.contains("\r\n\r\n") }, guardSeconds: 30),
            ]
            #expect(answers.filter { $0.hasPrefix("HTTP/1.1 200") }.count == 1, "\(answers)")
            #expect(answers.filter { $0.hasPrefix("HTTP/1.1 503") }.count == 1, "\(answers)")
            let csrf = try await browser.csrf()
            #expect(try await browser.post("/console/logout", [("csrf", csrf)]).status == .seeOther)
            let ended = await connection.receive(until: { $0.contains("0\r\n\r\n") }, guardSeconds: 30)
            #expect(ended.contains("0\r\n\r\n"), "the feed ends with the session (the last chunk): \(ended.suffix(200))")

            // Without a session the feed is refused like every console page.
            var anonymous = ConsoleBrowser(client)
            #expect(try await anonymous.get("/console/live").status == .seeOther)
        }
    }
}
