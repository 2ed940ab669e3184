import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Issuing
import Ledger
import LedgerSQL
import LedgerSQLite
import Reconciliation
import Testing

/// Citizens' complaints over real HTTP: filed with a receipt code, linked for staff to the invoice
/// and device, answered, resolved, followed on the public status page; refused input, double
/// submits and the per-address limit.
@Suite("Complaints")
struct ComplaintTests {
    static let issueTicket = #"{"plate":"de 1234 ab","vehicleClass":"motorcycle","zone":"ayp-01"}"#

    static func accept(_ type: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.accept] = type
        return fields
    }

    @Test(
        "a citizen's complaint with a receipt code: linked for staff, answered, resolved, shown to the citizen without the attendant"
    )
    func endToEnd() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let issued = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "c-entry"),
                body: ByteBuffer(string: Self.issueTicket))
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let receiptCode = try #require(invoice["receiptCode"] as? String)
            let body = """
                {"category":"overcharged","receiptCode":"\(receiptCode)","description":"Juru parkir minta Rp5.000",\
                "contact":"0812 3456 7890","occurredAt":"2026-11-24T09:55"}
                """
            let filedResponse = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil, key: "form-token-e2e-000001"),
                body: ByteBuffer(string: body))
            #expect(filedResponse.status == .created)
            let filed = try #require(try jsonObject(filedResponse)["complaint"] as? [String: Any])
            let number = try #require(filed["number"] as? String)
            let code = try #require(filed["accessCode"] as? String)
            #expect(Complaint.isNumber(number) && code.count == 16)
            // Filed Tuesday 2026-11-24 10:00 WIT; light complaints: 3 working days → Friday 23:59:59.999 WIT.
            #expect(filed["deadline"] as? String == "2026-11-27T14:59:59Z")
            #expect(filed["acknowledgeBy"] as? String == "2026-11-25T14:59:59Z")

            let events = try await fixture.eventCount()
            let repeated = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil, key: "form-token-e2e-000001"),
                body: ByteBuffer(string: body))
            #expect(repeated.status == .ok)
            let again = try #require(try jsonObject(repeated)["complaint"] as? [String: Any])
            #expect(again["number"] as? String == number && again["accessCode"] as? String == code)
            #expect(try await fixture.eventCount() == events)

            let queue = try await client.execute(
                uri: "/api/v1/complaints?state=open", method: .get, headers: fixture.headers(.supervisor))
            let listed = try #require(try jsonObject(queue)["complaints"] as? [[String: Any]])
            #expect(listed.map { $0["number"] as? String } == [number])
            #expect(listed.first?["invoiceId"] as? String == invoice["id"] as? String)
            #expect(listed.first?["deviceId"] as? String == fixture.deviceIDs[.attendant]?.rawValue)
            #expect(listed.first?["zone"] as? String == "ayp-01")
            let detail = try jsonObject(
                try await client.execute(
                    uri: "/api/v1/complaints/\(number)", method: .get, headers: fixture.headers(.supervisor)))
            #expect(detail["contact"] as? String == "0812 3456 7890")
            #expect(detail["description"] as? String == "Juru parkir minta Rp5.000")
            let audited = try jsonObject(
                try await client.execute(
                    uri: "/api/v1/complaints/\(number)", method: .get, headers: fixture.headers(.auditor)))
            #expect(audited["contact"] == nil && audited["description"] as? String != nil)
            let attendant = try await client.execute(
                uri: "/api/v1/complaints", method: .get, headers: fixture.headers(.attendant))
            #expect(attendant.status == .forbidden)
            let auditorAnswer = try await client.execute(
                uri: "/api/v1/complaints/\(number)/answer", method: .post, headers: fixture.headers(.auditor),
                body: ByteBuffer(string: #"{"message":"x"}"#))
            #expect(auditorAnswer.status == .forbidden)

            let wrong = try await client.execute(
                uri: "/public/complaints/\(number)?code=0000000000000000", method: .get)
            #expect(wrong.status == .notFound)
            let unknown = try await client.execute(
                uri: "/public/complaints/ADU-261124-00000?code=\(code)", method: .get)
            #expect(unknown.status == .notFound)
            #expect(try errorObject(wrong)["code"] as? String == errorObject(unknown)["code"] as? String)

            fixture.clock.advance(by: 3600)
            let answer = try await client.execute(
                uri: "/api/v1/complaints/\(number)/answer", method: .post, headers: fixture.headers(.supervisor),
                body: ByteBuffer(string: #"{"message":"Terima kasih, kami periksa rekaman transaksi."}"#))
            #expect(answer.status == .ok)
            let referral = try await client.execute(
                uri: "/api/v1/complaints/\(number)/resolve", method: .post, headers: fixture.headers(.supervisor),
                body: ByteBuffer(string: #"{"outcome":"referred","note":"Diteruskan."}"#))
            #expect(referral.status == .badRequest)
            #expect(try errorObject(referral)["field"] as? String == "laporNumber")
            let resolved = try await client.execute(
                uri: "/api/v1/complaints/\(number)/resolve", method: .post, headers: fixture.headers(.supervisor),
                body: ByteBuffer(string: #"{"outcome":"substantiated","note":"Terbukti; juru parkir dibina."}"#))
            #expect(resolved.status == .ok)
            #expect(try jsonObject(resolved)["state"] as? String == "resolved")
            let late = try await client.execute(
                uri: "/api/v1/complaints/\(number)/answer", method: .post, headers: fixture.headers(.supervisor),
                body: ByteBuffer(string: #"{"message":"lagi"}"#))
            #expect(late.status == .conflict)

            let status = try await client.execute(uri: "/public/complaints/\(number)?code=\(code)", method: .get)
            let view = try #require(try jsonObject(status)["complaint"] as? [String: Any])
            #expect(view["status"] as? String == "resolved" && view["outcome"] as? String == "substantiated")
            #expect(view["deadlineMet"] as? Bool == true && view["amount"] as? Int == 2000)
            #expect(
                (view["answers"] as? [[String: Any]])?.first?["message"] as? String
                    == "Terima kasih, kami periksa rekaman transaksi.")
            let text = String(buffer: status.body)
            for hidden in ["0812", fixture.deviceIDs[.attendant]!.rawValue, "deviceId", "contact", "t-supervisor"] {
                #expect(!text.contains(hidden), "the public status shows \(hidden)")
            }
            let page = try await client.execute(
                uri: "/public/complaints/\(number)?code=\(code)", method: .get, headers: Self.accept("text/html"))
            let html = String(buffer: page.body)
            #expect(
                html.contains("Selesai") && html.contains("kami periksa rekaman transaksi") && html.contains("Rp2.000"))
            #expect(!html.contains("Test attendant") && !html.contains("0812"))
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("bad input names the field and files nothing")
    func refusals() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let cases: [(String, String)] = [
                (#"{"description":"x","zone":"ayp-01"}"#, "category"),
                (#"{"category":"bribe","description":"x","zone":"ayp-01"}"#, "category"),
                (#"{"category":"other","zone":"ayp-01"}"#, "description"),
                (#"{"category":"other","description":"x"}"#, "zone"),
                (#"{"category":"other","description":"x","zone":"nowhere"}"#, "zone"),
                (#"{"category":"other","description":"x","receiptCode":"LR1-NOTAREALCODE"}"#, "receiptCode"),
                (#"{"category":"other","description":"x","billNumber":"AMB0000000"}"#, "billNumber"),
                (#"{"category":"other","description":"x","zone":"ayp-01","plate":"DE ✓ 1"}"#, "plate"),
                (
                    #"{"category":"other","description":"x","zone":"ayp-01","occurredAt":"2030-01-01T10:00"}"#,
                    "occurredAt"
                ),
                (#"{"category":"other","description":"x","zone":"ayp-01","occurredAt":"kemarin"}"#, "occurredAt"),
                (#"{"category":"other","description":"x","zone":"ayp-01","contact":"call me"}"#, "contact"),
                (#"{"category":"other","description":"x","zone":"ayp-01","photo":"not base64!"}"#, "photo"),
                (#"{"category":"other","description":"x","zone":"ayp-01","photo":"aGVsbG8="}"#, "photo"),
                (#"{"category":"other","description":"x","zone":"ayp-01","attendant":"Budi"}"#, "attendant"),
                (
                    #"{"category":"other","description":"\#(String(repeating: "a", count: 2001))","zone":"ayp-01"}"#,
                    "description"
                ),
            ]
            for (body, field) in cases {
                let response = try await client.execute(
                    uri: "/public/complaints", method: .post, headers: fixture.headers(nil),
                    body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body.prefix(80))")
                #expect(try errorObject(response)["field"] as? String == field, "\(body.prefix(80))")
            }
            #expect(try await fixture.eventCount() == Device.Role.allCases.count)
        }
    }

    @Test(
        "at most complaints.perAddressPerHour filings per client address; the next gets 429 with Retry-After, an hour later it is accepted"
    )
    func rateLimit() async throws {
        var limited = try await APIFixture.make()
        limited.settings.complaintsPerAddressPerHour = 2
        let fixture = limited
        try await fixture.live { client in
            let body = ByteBuffer(
                string: #"{"category":"no_ticket","description":"Tidak diberi karcis","zone":"ayp-01"}"#)
            for _ in 0..<2 {
                let accepted = try await client.execute(
                    uri: "/public/complaints", method: .post, headers: fixture.headers(nil), body: body)
                #expect(accepted.status == .created)
            }
            let refused = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil), body: body)
            #expect(refused.status == .tooManyRequests)
            #expect(try errorObject(refused)["code"] as? String == "complaint.rateLimited")
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 0)
            var form = HTTPFields()
            form[.contentType] = "application/x-www-form-urlencoded"
            let page = try await client.execute(
                uri: "/public/complaints", method: .post, headers: form,
                body: ByteBuffer(string: "category=other&description=x&zone=ayp-01"))
            #expect(page.status == .tooManyRequests && String(buffer: page.body).contains("Terlalu banyak aduan"))
            fixture.clock.advance(by: 3601)
            let later = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil), body: body)
            #expect(later.status == .created)
        }
    }

    @Test("the form without JavaScript: a photo's metadata removed, a refused form shown again with what was typed")
    func form() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let page = try await client.execute(uri: "/aduan", method: .get)
            let html = String(buffer: page.body)
            #expect(page.status == .ok && html.contains("name=\"formToken\"") && html.contains("Perilaku juru parkir"))
            let token = try #require(html.firstMatch(of: /name="formToken" value="([A-Za-z0-9_-]+)"/)?.1)
            let photo = ComplaintPhotoTests.png(extraChunks: [("tEXt", Array("GPS\u{0}-3.69,128.18".utf8))])
            var parts = [
                MultipartForm.Part(name: "formToken", body: Array(token.utf8)),
                MultipartForm.Part(name: "category", body: Array("cash_requested".utf8)),
                MultipartForm.Part(name: "zone", body: Array("smr-01".utf8)),
                MultipartForm.Part(name: "plate", body: Array("DE 77 XY".utf8)),
                MultipartForm.Part(name: "photo", filename: "a.png", contentType: "image/png", body: photo),
            ]
            let missing = try MultipartForm(parts: parts).encoded(boundary: "b0undary")
            var headers = HTTPFields()
            headers[.contentType] = missing.contentType
            let refused = try await client.execute(
                uri: "/public/complaints", method: .post, headers: headers, body: ByteBuffer(bytes: missing.body))
            let refusedPage = String(buffer: refused.body)
            #expect(refused.status == .badRequest && refusedPage.contains("Aduan belum terkirim"))
            #expect(refusedPage.contains("value=\"DE 77 XY\"") && refusedPage.contains("Ceritakan kejadiannya"))
            parts.append(
                MultipartForm.Part(name: "description", body: Array("Diminta bayar tunai <b>Rp5.000</b>".utf8)))
            let complete = try MultipartForm(parts: parts).encoded(boundary: "b0undary")
            headers[.contentType] = complete.contentType
            let filed = try await client.execute(
                uri: "/public/complaints", method: .post, headers: headers, body: ByteBuffer(bytes: complete.body))
            #expect(filed.status == .created)
            let filedPage = String(buffer: filed.body)
            let number = try #require(filedPage.firstMatch(of: /ADU-[0-9]{6}-[0-9A-Z]{5}/).map { String($0.0) })
            let twice = try await client.execute(
                uri: "/public/complaints", method: .post, headers: headers, body: ByteBuffer(bytes: complete.body))
            #expect(twice.status == .ok && String(buffer: twice.body).contains(number))
            let content = try #require(try await fixture.store.complaintContent(number: number))
            #expect(content.photoType == "image/png")
            #expect(content.photo.map { !$0.contains(Data("GPS".utf8)) } == true)
            #expect(content.description == "Diminta bayar tunai <b>Rp5.000</b>")
            let stored = try #require(try await fixture.store.complaint(number: number))
            #expect(stored.filing.tier == "berat" && stored.filing.plate == "DE77XY")
        }
    }
}

extension Data {
    fileprivate func contains(_ other: Data) -> Bool { range(of: other) != nil }
}

extension ComplaintTests {
    @Test("deadlines count working days: weekends and the holiday calendar's days do not count")
    func workingDayDeadlines() async throws {
        let fixture = try await APIFixture.make()
        let holidays = try HolidayCalendar.load(path: APIFixture.configDirectory + "/holidays")
        let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory))
        let desk = ComplaintDesk(
            book: fixture.store, store: fixture.store, configuration: configuration, holidays: holidays)
        let zone = configuration.city.timeZone
        func end(_ n: Int, after day: String) -> String {
            let due = desk.endOfWorkingDay(n, after: CivilDate(iso8601: day)!)
            return zone.local(due).date.description + " " + zone.formatTime(due)
        }
        // Tuesday 2026-11-24 + 3 → Friday 27th; Friday 2026-11-27 + 1 → Monday 30th (a weekend between).
        #expect(end(3, after: "2026-11-24") == "2026-11-27 23:59 WIT")
        #expect(end(1, after: "2026-11-27") == "2026-11-30 23:59 WIT")
        // Wednesday 2026-12-23 + 3: the 24th (cuti bersama) and 25th (Christmas) and the weekend do not count.
        #expect(end(3, after: "2026-12-23") == "2026-12-30 23:59 WIT")
        #expect(configuration.serviceStandards.tier(for: .cashRequested)?.workingDays == 14)
    }

    @Test(
        "the service standard page lists the components, the tariffs in force with their legal basis and the complaint times"
    )
    func serviceStandardPage() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let page = try await client.execute(uri: "/standar-pelayanan", method: .get)
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            for text in [
                "Persyaratan", "Maklumat pelayanan", "Dasar hukum", "Ringan</strong>: 3 hari kerja",
                "Berat</strong>: 14 hari kerja",
                "Diminta membayar tunai", "SP4N-LAPOR!", "Biaya/tarif",
            ] {
                #expect(html.contains(text), "\(text)")
            }
            let home = String(buffer: try await client.execute(uri: "/", method: .get).body)
            #expect(home.contains("href=\"/aduan\"") && home.contains("href=\"/standar-pelayanan\""))
        }
    }
}
