import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// **Pengecualian** over real HTTP: the queue with filters and pages, the detail page, and its
/// actions (assign, resolve) as chain events naming the staff member; read-only roles see no
/// buttons and their POSTs change nothing.
@Suite("Console: the exceptions queue and its actions (real HTTP)")
struct ConsoleExceptionPagesTests {
    static let password = ConsoleSessionTests.password

    /// Records `count` notifies for unknown bills (each opens an `unknown_bill` exception); returns their ids.
    static func unknownBills(_ fixture: APIFixture, count: Int, from first: Int = 0) async throws -> [String] {
        var ids: [String] = []
        for index in first..<(first + count) {
            let paidAt = fixture.clock.now.addingTimeInterval(Double(index))
            let recorded = try await fixture.store.recordPaymentException(
                PaymentExceptionDraft(
                    billNumber: "NOSUCH\(index)", rrn: String(format: "RRN%09d", index), issuer: "OVO",
                    amount: Rupiah(2_000 + Int64(index)), paidAt: paidAt, recordedAt: paidAt,
                    source: .acquirerNotification, reason: .unknownInvoice, detail: "notify for unknown bill \(index)"))
            ids.append(recorded.exception.id.rawValue)
        }
        return ids
    }

    /// Signs `email` in; returns the browser.
    static func signIn(_ client: any TestClientProtocol, _ email: String) async throws -> ConsoleBrowser {
        var browser = ConsoleBrowser(client)
        let answer = try await browser.logIn(email, password)
        #expect(answer.status == .seeOther, "\(email)")
        return browser
    }

    /// The chain events about `id` whose payload names staff member `staff`.
    static func staffEvents(_ fixture: APIFixture, _ id: String, _ staff: StaffMember.ID) async throws -> [LedgerEvent]
    {
        try await fixture.store.events(entityID: id).filter { $0.payload.contains("\"staff\":\"\(staff.rawValue)\"") }
    }

    @Test("every role reads the queue and the detail page; only finance and admins see and use the actions")
    func rolesAndActions() async throws {
        let fixture = try await APIFixture.console()
        let finance = try await fixture.addStaff("keu@ambon.example", role: .finance, password: Self.password).member
        _ = try await fixture.addStaff("adm@ambon.example", role: .admin, password: Self.password)
        _ = try await fixture.addStaff("spv@ambon.example", role: .supervisor, password: Self.password)
        _ = try await fixture.addStaff("aud@ambon.example", role: .auditor, password: Self.password)
        let ids = try await Self.unknownBills(fixture, count: 3)
        try await fixture.live { client in
            var keu = try await Self.signIn(client, "keu@ambon.example")
            var spv = try await Self.signIn(client, "spv@ambon.example")
            var aud = try await Self.signIn(client, "aud@ambon.example")
            var adm = try await Self.signIn(client, "adm@ambon.example")

            // The queue: category in Indonesian with what to do, money, age, state.
            let queue = try await keu.get("/console/exceptions")
            #expect(queue.status == .ok)
            let html = String(buffer: queue.body)
            for id in ids { #expect(html.contains(id)) }
            #expect(html.contains("Nomor tagihan tidak dikenal"))
            #expect(html.contains("dicocokkan manual"), "the one-line what to do")
            #expect(html.contains("Rp2.001"))
            #expect(html.contains("NOSUCH2"))
            #expect(html.contains("kurang dari 1 jam"))
            #expect(html.contains("aria-current=\"page\""))
            let english = String(buffer: try await keu.get("/console/exceptions?lang=en").body)
            #expect(english.contains("Unknown bill number") && english.contains("lang=\"en\""))
            // The session keeps the language chosen last: back to Indonesian.
            #expect(String(buffer: try await keu.get("/console/exceptions?lang=id").body).contains("lang=\"id\""))

            // Read-only roles see the pages without forms; their POSTs answer 403 and change nothing.
            for browser in [spv, aud] {
                var browser = browser
                #expect(try await browser.get("/console/exceptions").status == .ok)
                let detail = try await browser.get("/console/exceptions/\(ids[0])")
                #expect(detail.status == .ok)
                let page = String(buffer: detail.body)
                #expect(page.contains(ids[0]) && page.contains("NOSUCH0"))
                #expect(!page.contains("/resolve") && !page.contains("/assign"), "no action for read-only roles")
            }
            let before = try await fixture.eventCount()
            let spvCSRF = try await spv.csrf()
            let refusedResolve = try await spv.post(
                "/console/exceptions/\(ids[0])/resolve",
                [("csrf", spvCSRF), ("resolution", "explained"), ("note", "x")])
            #expect(refusedResolve.status == .forbidden)
            #expect(String(buffer: refusedResolve.body).contains("Tidak diizinkan"))
            let audCSRF = try await aud.csrf()
            #expect(
                try await aud.post(
                    "/console/exceptions/\(ids[0])/assign", [("csrf", audCSRF), ("to", "keu@ambon.example")]
                )
                .status == .forbidden)
            #expect(try await fixture.eventCount() == before)

            // Finance: the detail page has the forms; a POST without the CSRF token is refused.
            let detail = try await keu.get("/console/exceptions/\(ids[0])")
            let detailHTML = String(buffer: detail.body)
            #expect(detailHTML.contains("/console/exceptions/\(ids[0])/resolve"))
            #expect(detailHTML.contains("<option value=\"keu@ambon.example\""))
            #expect(detailHTML.contains("<option value=\"adm@ambon.example\""))
            #expect(
                !detailHTML.contains("<option value=\"spv@ambon.example\""), "only finance and admins are assignees")
            #expect(!detailHTML.contains("id=\"refund\""), "an unknown bill names no payment to refund")
            let csrf = try #require(ConsoleBrowser.hidden("csrf", in: detailHTML))
            let noToken = try await keu.post(
                "/console/exceptions/\(ids[0])/resolve", [("resolution", "explained"), ("note", "tanpa token")])
            #expect(noToken.status == .forbidden)
            #expect(try await fixture.eventCount() == before)

            // Assign: to a finance or admin account only.
            let wrongAssignee = try await keu.post(
                "/console/exceptions/\(ids[0])/assign", [("csrf", csrf), ("to", "spv@ambon.example")])
            #expect(wrongAssignee.status == .badRequest)
            let assigned = try await keu.post(
                "/console/exceptions/\(ids[0])/assign", [("csrf", csrf), ("to", "keu@ambon.example")])
            #expect(assigned.status == .seeOther)
            #expect(assigned.headers[.location] == "/console/exceptions/\(ids[0])?done=assigned")
            #expect(try await fixture.store.exceptionCase(id: .init(ids[0]))?.assignee == "keu@ambon.example")
            #expect(try await Self.staffEvents(fixture, ids[0], finance.id).count == 1)
            let afterAssign = String(buffer: try await keu.get("/console/exceptions/\(ids[0])?done=assigned").body)
            #expect(afterAssign.contains("Pengecualian ditugaskan."))

            // Resolve: the API's rules (matched_manually needs an invoice, duplicate_of another case).
            let eventsBefore = try await fixture.eventCount()
            let noInvoice = try await keu.post(
                "/console/exceptions/\(ids[0])/resolve",
                [("csrf", csrf), ("resolution", "matched_manually"), ("note", "salah ketik")])
            #expect(noInvoice.status == .badRequest)
            #expect(String(buffer: noInvoice.body).contains("invoiceId"))
            let noOther = try await keu.post(
                "/console/exceptions/\(ids[0])/resolve",
                [("csrf", csrf), ("resolution", "duplicate_of"), ("note", "sama")])
            #expect(noOther.status == .badRequest)
            let badCode = try await keu.post(
                "/console/exceptions/\(ids[0])/resolve", [("csrf", csrf), ("resolution", "lupakan"), ("note", "x")])
            #expect(badCode.status == .badRequest)
            let noNote = try await keu.post(
                "/console/exceptions/\(ids[0])/resolve", [("csrf", csrf), ("resolution", "explained"), ("note", " ")])
            #expect(noNote.status == .badRequest)
            #expect(try await fixture.eventCount() == eventsBefore)
            #expect(try await fixture.store.exceptionCase(id: .init(ids[0]))?.state == .open)

            let duplicate = try await adm.post(
                "/console/exceptions/\(ids[1])/resolve",
                [
                    ("csrf", try await adm.csrf("/console/exceptions/\(ids[1])")), ("resolution", "duplicate_of"),
                    ("note", "notifikasi yang sama"), ("duplicateOf", ids[0]),
                ])
            #expect(duplicate.status == .seeOther)
            #expect(
                try await fixture.store.exceptionCase(id: .init(ids[1]))?.resolution?.duplicateOf?.rawValue == ids[0])
            let resolved = try await keu.post(
                "/console/exceptions/\(ids[0])/resolve",
                [("csrf", csrf), ("resolution", "explained"), ("note", "uji coba bank, bukan uang warga")])
            #expect(resolved.status == .seeOther)
            let resolution = try #require(try await fixture.store.exceptionCase(id: .init(ids[0]))?.resolution)
            #expect(resolution.code == .explained && resolution.actor == finance.actor)
            #expect(try await Self.staffEvents(fixture, ids[0], finance.id).count == 2)
            let resolvedPage = String(buffer: try await keu.get("/console/exceptions/\(ids[0])").body)
            #expect(resolvedPage.contains("uji coba bank, bukan uang warga") && resolvedPage.contains("dijelaskan"))
            #expect(resolvedPage.contains("Staf finance (keu@ambon.example)"), "who resolved it, by name")
            #expect(!resolvedPage.contains("id=\"resolve\""), "a resolved exception has no forms")
            // Resolving again is refused (409) and changes nothing.
            let eventsAfter = try await fixture.eventCount()
            let again = try await keu.post(
                "/console/exceptions/\(ids[0])/resolve",
                [("csrf", csrf), ("resolution", "written_off"), ("note", "lagi")])
            #expect(again.status == .conflict)
            #expect(try await fixture.eventCount() == eventsAfter)
            #expect(try await keu.get("/console/exceptions/exc_nothing").status == .notFound)
        }
        // Every event made in the console (actors naming staff members) replays and verifies.
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    @Test("filters (state, category, dates, zone) as the API reads them; pages of 50 by `after`; a bad filter is 400")
    func filtersAndPages() async throws {
        let fixture = try await APIFixture.console()
        _ = try await fixture.addStaff("keu@ambon.example", role: .finance, password: Self.password)
        // The queue is ordered by id, as the API's list.
        let ids = try await Self.unknownBills(fixture, count: 53).sorted()
        try await fixture.store.resolveException(
            .init(ids[52]),
            .init(code: .explained, note: "uji", actor: .init(device: nil, staff: "operator"), at: fixture.clock.now))
        try await fixture.live { client in
            var keu = try await Self.signIn(client, "keu@ambon.example")
            func shown(_ page: String) -> Set<String> { Set(ids.filter { page.contains("id=\"\($0)\"") }) }
            let first = String(buffer: try await keu.get("/console/exceptions").body)
            #expect(shown(first) == Set(ids[0..<50]))
            let next = try #require(
                first.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
                    .first { $0.contains("after=") })
            let href = String(next).replacingOccurrences(of: "&amp;", with: "&")
            #expect(href.contains("state=open"))
            let second = String(buffer: try await keu.get(href).body)
            #expect(shown(second) == Set(ids[50..<52]), "the resolved one is not in the open queue")
            let all = String(buffer: try await keu.get("/console/exceptions?state=all&after=\(ids[49])").body)
            #expect(shown(all) == Set(ids[50..<53]))
            let resolved = String(buffer: try await keu.get("/console/exceptions?state=resolved").body)
            #expect(shown(resolved) == [ids[52]])
            let otherCategory = String(buffer: try await keu.get("/console/exceptions?category=duplicate_payment").body)
            #expect(shown(otherCategory).isEmpty && otherCategory.contains("Tidak ada pengecualian yang cocok."))
            let today = "2026-11-24"
            #expect(
                shown(String(buffer: try await keu.get("/console/exceptions?from=\(today)&to=\(today)").body)).count
                    == 50)
            #expect(shown(String(buffer: try await keu.get("/console/exceptions?to=2026-11-23").body)).isEmpty)
            #expect(
                shown(String(buffer: try await keu.get("/console/exceptions?zone=ayp-01").body)).isEmpty,
                "unknown bills belong to no zone")
            let bad = try await keu.get("/console/exceptions?category=lupa&from=kemarin")
            #expect(bad.status == .badRequest)
            #expect(String(buffer: bad.body).contains("category must be one of"))
            // Empty fields of the filter form mean "any".
            let blank = try await keu.get("/console/exceptions?state=open&category=&zone=&from=&to=&invoiceId=")
            #expect(blank.status == .ok && shown(String(buffer: blank.body)).count == 50)
        }
    }
}
