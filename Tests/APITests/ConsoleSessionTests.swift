import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// The console's sign-in, session and CSRF rules over real HTTP on a real SQLite ledger.
@Suite("Staff console: sign-in, lockout, sessions, CSRF, roles (real HTTP)")
struct ConsoleSessionTests {
    static let password = "Pala-Banda-1512-Hitung"

    @Test("sign-in: wrong → 401 in Indonesian; right → 303 and a strict, HttpOnly session cookie; pages under it")
    func signIn() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("rina@ambon.example", role: .finance, password: Self.password)
        try await fixture.live { client in
            var browser = ConsoleBrowser(client)
            let anonymous = try await browser.get("/console")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/console/login")
            let form = try await browser.get("/console/login")
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains("<html lang=\"id\">"))

            let wrong = try await browser.logIn("rina@ambon.example", "Salah-Sekali-12345")
            #expect(wrong.status == .unauthorized)
            #expect(String(buffer: wrong.body).contains("E-mail atau kata sandi salah."))
            #expect(browser.cookie == nil)
            let unknown = try await browser.logIn("nobody@ambon.example", Self.password)
            #expect(unknown.status == .unauthorized)

            // A sign-in form posted from another site is refused (login CSRF); the same site's is not.
            var evil = HTTPFields()
            evil[.origin] = "https://evil.example"
            evil[.contentType] = "application/x-www-form-urlencoded"
            let crossSite = try await client.execute(
                uri: "/console/login", method: .post, headers: evil,
                body: ByteBuffer(string: "email=rina%40ambon.example&password=\(Self.password)"))
            #expect(crossSite.status == .forbidden)
            #expect(crossSite.headers[values: .setCookie].isEmpty)
            var sameSite = browser
            sameSite.origin = "http://localhost"  // the test client sends Host: localhost
            let sameSiteAnswer = try await sameSite.logIn("rina@ambon.example", "Salah-Sekali-12345")
            #expect(sameSiteAnswer.status == .unauthorized, "\(String(buffer: sameSiteAnswer.body).prefix(300))")
            let right = try await browser.logIn("RINA@ambon.example", Self.password)
            #expect(right.status == .seeOther)
            #expect(right.headers[.location] == "/console")
            let cookie = try #require(right.headers[values: .setCookie].first { $0.hasPrefix("lunas_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "demo mode over plain HTTP has no Secure cookie")
            let home = try await browser.get("/console")
            #expect(home.status == .ok)
            let html = String(buffer: home.body)
            #expect(html.contains("Hari ini"))
            #expect(html.contains("name=\"csrf\""))
            #expect(home.headers[.cacheControl] == "no-store")
            #expect(
                home.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            let english = try await browser.get("/console?lang=en")
            #expect(String(buffer: english.body).contains("<html lang=\"en\">"))
            #expect(String(buffer: english.body).contains("Today"))
            // The choice sticks to the session.
            #expect(String(buffer: try await browser.get("/console/tariffs").body).contains("Tariffs in force"))
        }
        let audit = try await fixture.store.staffAudit(limit: 10).map(\.kind)
        #expect(audit.filter { $0 == .loginFailed }.count == 3)
        #expect(audit.contains(.loginSucceeded))
        #expect(try await fixture.eventCount() == 6, "sign-ins write nothing to the chain (6 device enrolments)")
    }

    @Test(
        "5 failures for one account from one address → 429 even with the right password; another address still signs in, also after failures from many addresses"
    )
    func lockout() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("yosef@ambon.example", role: .auditor, password: Self.password)
        try await fixture.live { client in
            var attacker = ConsoleBrowser(client, forwardedFor: "203.0.113.7")
            for attempt in 1...5 {
                let failed = try await attacker.logIn("yosef@ambon.example", "Tebak-Tebak-\(attempt)-xyz")
                #expect(failed.status == .unauthorized, "attempt \(attempt)")
            }
            let locked = try await attacker.logIn("yosef@ambon.example", Self.password)
            #expect(locked.status == .tooManyRequests)
            #expect(String(buffer: locked.body).contains("Terlalu banyak percobaan"))
            #expect(locked.headers[.retryAfter] == "900")
            #expect(attacker.cookie == nil)
            // Further attempts of the locked pair are refused without writing anything more.
            for _ in 0..<3 {
                #expect(try await attacker.logIn("yosef@ambon.example", Self.password).status == .tooManyRequests)
            }
            #expect(try await fixture.store.staffAudit(limit: 50).filter { $0.kind == .loginLocked }.count == 1)
            // The owner, from another address, is not locked out.
            var owner = ConsoleBrowser(client, forwardedFor: "198.51.100.20")
            #expect(try await owner.logIn("yosef@ambon.example", Self.password).status == .seeOther)
            // Failures from many addresses (an attacker spreading guesses) slow the account down but
            // never lock its owner out.
            for attempt in 1...11 {
                var spread = ConsoleBrowser(client, forwardedFor: "192.0.2.\(attempt)")
                #expect(
                    try await spread.logIn("yosef@ambon.example", "Sebar-Tebak-\(attempt)-xyz").status == .unauthorized)
            }
            var ownerAgain = ConsoleBrowser(client, forwardedFor: "198.51.100.21")
            #expect(try await ownerAgain.logIn("yosef@ambon.example", Self.password).status == .seeOther)
            // After the window the pair may try again.
            fixture.clock.advance(by: 15 * 60 + 1)
            #expect(try await attacker.logIn("yosef@ambon.example", Self.password).status == .seeOther)
        }
        let kinds = try await fixture.store.staffAudit(limit: 50).map(\.kind)
        #expect(kinds.filter { $0 == .loginLocked }.count == 1)
    }

    @Test("X-Forwarded-For from a peer that is not a trusted proxy is ignored")
    func forwardedForNotTrusted() async throws {
        let fixture = try await APIFixture.make()  // no trusted proxy
        _ = try await fixture.addStaff("ani@ambon.example", role: .finance, password: Self.password)
        try await fixture.live { client in
            for attempt in 1...5 {
                var browser = ConsoleBrowser(client, forwardedFor: "192.0.2.\(attempt)")
                _ = try await browser.logIn("ani@ambon.example", "Tebak-Tebak-\(attempt)-xyz")
            }
            var other = ConsoleBrowser(client, forwardedFor: "192.0.2.99")
            #expect(try await other.logIn("ani@ambon.example", Self.password).status == .tooManyRequests)
        }
        let addresses = Set(try await fixture.store.staffAudit(limit: 10).compactMap(\.address))
        #expect(addresses == ["127.0.0.1"])
    }

    @Test("CSRF: a POST without the session's token → 403 and nothing changes; with it, sign-out ends the session")
    func csrfAndLogout() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("rina@ambon.example", role: .finance, password: Self.password)
        try await fixture.live { client in
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("rina@ambon.example", Self.password).status == .seeOther)
            let token = try await browser.csrf()
            let missing = try await browser.post("/console/logout", [])
            #expect(missing.status == .forbidden)
            #expect(String(buffer: missing.body).contains("token keamanan"))
            let forged = try await browser.post("/console/logout", [("csrf", String(token.reversed()))])
            #expect(forged.status == .forbidden)
            #expect(try await browser.get("/console").status == .ok, "still signed in")
            // Another session's token does not work in this one.
            var other = ConsoleBrowser(client)
            #expect(try await other.logIn("rina@ambon.example", Self.password).status == .seeOther)
            let otherToken = try await other.csrf()
            #expect(try await browser.post("/console/logout", [("csrf", otherToken)]).status == .forbidden)

            let stolen = browser.cookie
            let out = try await browser.post("/console/logout", [("csrf", token)])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/console/login?bye=1")
            #expect(browser.cookie == nil)
            // The old cookie no longer opens anything.
            browser.cookie = stolen
            #expect(try await browser.get("/console").status == .seeOther)
        }
    }

    @Test("sessions: 30 minutes idle and 12 hours in all; they survive a restart; disabling ends them")
    func sessionLimits() async throws {
        let fixture = try await APIFixture.console()
        let member = try await fixture.addStaff("rina@ambon.example", role: .finance, password: Self.password).member
        let cookie = try await fixture.live { client async throws -> String? in
            var browser = ConsoleBrowser(client)
            #expect(try await browser.logIn("rina@ambon.example", Self.password).status == .seeOther)
            // Active every 20 minutes: alive until 12 hours.
            for _ in 0..<35 {
                fixture.clock.advance(by: 20 * 60)
                #expect(try await browser.get("/console/tariffs").status == .ok)
            }
            fixture.clock.advance(by: 20 * 60 + 1)  // 12 h 0 min 1 s
            #expect(try await browser.get("/console/tariffs").status == .seeOther)

            var idle = ConsoleBrowser(client)
            #expect(try await idle.logIn("rina@ambon.example", Self.password).status == .seeOther)
            fixture.clock.advance(by: 29 * 60)
            #expect(try await idle.get("/console").status == .ok)
            fixture.clock.advance(by: 31 * 60)
            #expect(try await idle.get("/console").status == .seeOther)

            var kept = ConsoleBrowser(client)
            #expect(try await kept.logIn("rina@ambon.example", Self.password).status == .seeOther)
            return kept.cookie
        }
        // A new server on the same ledger knows the session.
        try await fixture.live { client in
            var browser = ConsoleBrowser(client)
            browser.cookie = cookie
            #expect(try await browser.get("/console").status == .ok)
            _ = try await fixture.store.disableStaff(
                member.id, at: fixture.clock.now,
                audit: StaffAuditEntry(at: fixture.clock.now, kind: .staffDisabled, staffID: member.id))
            #expect(try await browser.get("/console").status == .seeOther)
            #expect(try await browser.logIn("rina@ambon.example", Self.password).status == .unauthorized)
        }
    }
}
