import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// The console's staff page, set-password links, password changes and role refusals over real HTTP.
@Suite("Staff console: accounts, set-password links, roles (real HTTP)")
struct ConsoleStaffTests {
    static let password = ConsoleSessionTests.password

    @Test(
        "an admin adds an account → a one-time link; the person sets a password with it and signs in; the link works once"
    )
    func addAndSetPassword() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("admin@ambon.example", role: .admin, password: Self.password)
        try await fixture.live { client in
            var admin = ConsoleBrowser(client)
            #expect(try await admin.logIn("admin@ambon.example", Self.password).status == .seeOther)
            let csrf = try await admin.csrf("/console/staff")
            let added = try await admin.post(
                "/console/staff",
                [
                    ("csrf", csrf), ("email", "Budi@Ambon.example"), ("name", "Budi <b>Pengawas</b>"),
                    ("role", "supervisor"),
                    ("zones", "ayp-01"),
                ])
            #expect(added.status == .ok)
            let page = String(buffer: added.body)
            #expect(page.contains("Budi &lt;b&gt;Pengawas&lt;/b&gt;"), "names are escaped")
            let link = try #require(
                page.components(separatedBy: "<code>").dropFirst().first?.components(separatedBy: "</code>").first)
            #expect(
                link.hasPrefix("http://127.0.0.1:0/console/set-password?token="), "built from public.baseURL's default")
            let path = try #require(link.range(of: "/console/").map { String(link[$0.lowerBound...]) })
            let token = try #require(path.components(separatedBy: "token=").last)
            let duplicate = try await admin.post(
                "/console/staff", [("csrf", csrf), ("email", "budi@ambon.example"), ("name", "B"), ("role", "finance")])
            #expect(duplicate.status == .badRequest)
            let badZone = try await admin.post(
                "/console/staff",
                [
                    ("csrf", csrf), ("email", "c@ambon.example"), ("name", "C"), ("role", "supervisor"),
                    ("zones", "mars"),
                ])
            #expect(badZone.status == .badRequest)

            var budi = ConsoleBrowser(client)
            let form = try await budi.get("/console/set-password?token=\(token)")
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains("budi@ambon.example"))
            let short = try await budi.post(
                "/console/set-password", [("token", token), ("password", "pendek"), ("repeat", "pendek")])
            #expect(short.status == .badRequest)
            let common = try await budi.post(
                "/console/set-password", [("token", token), ("password", "indonesia2027"), ("repeat", "indonesia2027")])
            #expect(common.status == .badRequest)
            let set = try await budi.post(
                "/console/set-password", [("token", token), ("password", Self.password), ("repeat", Self.password)])
            #expect(set.status == .seeOther)
            #expect(set.headers[.location] == "/console/login?set=1")
            let again = try await budi.post(
                "/console/set-password",
                [("token", token), ("password", "Lain-Lagi-99887766"), ("repeat", "Lain-Lagi-99887766")])
            #expect(again.status == .notFound)
            #expect(try await budi.logIn("budi@ambon.example", Self.password).status == .seeOther)
            // A supervisor may not open the staff page.
            let refused = try await budi.get("/console/staff")
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("Tidak diizinkan"))
            let budiCSRF = try await budi.csrf()
            #expect(
                try await budi.post(
                    "/console/staff",
                    [
                        ("csrf", budiCSRF), ("email", "x@y.example"), ("name", "X"),
                        ("role", "admin"),
                    ]
                ).status == .forbidden)

            // An admin cannot disable themself, nor the last active admin.
            let me = try #require(try await fixture.store.staffMember(email: "admin@ambon.example"))
            let selfDisable = try await admin.post("/console/staff/\(me.id)/disable", [("csrf", csrf)])
            #expect(selfDisable.status == .conflict)
            #expect(try await fixture.store.staffMember(id: me.id)?.isActive == true)
            // A multipart body may carry the token in the query only on the upload route.
            var multipart = HTTPFields()
            multipart[.cookie] = "lunas_session=\(try #require(admin.cookie))"
            multipart[.contentType] = "multipart/form-data; boundary=x"
            let smuggled = try await client.execute(
                uri: "/console/staff?csrf=\(csrf)", method: .post, headers: multipart,
                body: ByteBuffer(string: "email=mpu%40ambon.example&name=M&role=auditor"))
            #expect(smuggled.status == .forbidden)
            #expect(try await fixture.store.staffMember(email: "mpu@ambon.example") == nil)
            // The admin disables the account: Budi's session ends.
            let members = try await fixture.store.staffMembers()
            let id = try #require(members.first { $0.email == "budi@ambon.example" }?.id)
            #expect(try await admin.post("/console/staff/\(id)/disable", [("csrf", csrf)]).status == .ok)
            #expect(try await budi.get("/console").status == .seeOther)
            let log = String(buffer: try await admin.get("/console/staff").body)
            #expect(log.contains("staff.disabled"))
            #expect(log.contains("password.changed"))
        }
        // Expired links are refused.
        let expiring = try await fixture.addStaff("dewi@ambon.example", role: .finance)
        let token = try #require(expiring.link?.components(separatedBy: "token=").last)
        fixture.clock.advance(by: 24 * 3600 + 1)
        try await fixture.live { client async throws in
            var dewi = ConsoleBrowser(client)
            #expect(try await dewi.get("/console/set-password?token=\(token)").status == .notFound)
        }
    }

    @Test("changing one's password: the current one is checked; other sessions end, this one stays")
    func changePassword() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("rina@ambon.example", role: .finance, password: Self.password)
        let next = "Sagu-Lempeng-3344-Baru"
        try await fixture.live { client in
            var here = ConsoleBrowser(client)
            var there = ConsoleBrowser(client)
            #expect(try await here.logIn("rina@ambon.example", Self.password).status == .seeOther)
            #expect(try await there.logIn("rina@ambon.example", Self.password).status == .seeOther)
            let csrf = try await here.csrf("/console/password")
            let wrong = try await here.post(
                "/console/password",
                [("csrf", csrf), ("current", "Bukan-Ini-123456"), ("password", next), ("repeat", next)])
            #expect(wrong.status == .badRequest)
            let differ = try await here.post(
                "/console/password",
                [("csrf", csrf), ("current", Self.password), ("password", next), ("repeat", next + "x")])
            #expect(differ.status == .badRequest)
            let done = try await here.post(
                "/console/password", [("csrf", csrf), ("current", Self.password), ("password", next), ("repeat", next)])
            #expect(done.status == .ok)
            #expect(try await here.get("/console").status == .ok)
            #expect(try await there.get("/console").status == .seeOther)
            var fresh = ConsoleBrowser(client)
            #expect(try await fresh.logIn("rina@ambon.example", Self.password).status == .unauthorized)
            #expect(try await fresh.logIn("rina@ambon.example", next).status == .seeOther)
        }
    }
}
