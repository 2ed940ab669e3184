import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import NIOCore
import Testing

@testable import API

/// The citizens' pages in Indonesian and, with `?lang=en`, in English (real HTTP over loopback):
/// the complaint form and its refusals, the filed page, the status page, the service standard, the
/// receipt check and the receipt page. Each page says its language in `<html lang>`, links to the
/// other language keeping its other query parameters, and a form carries the language in a hidden
/// field; data (zone names, what the citizen typed) is never translated and JSON does not change.
@Suite("Citizens' pages in Indonesian and English (real HTTP)")
struct CitizenLanguageTests {
    static var browser: HTTPFields {
        var fields = HTTPFields()
        fields[.accept] = "text/html,application/xhtml+xml"
        return fields
    }

    static func page(_ response: TestResponse) -> String { String(buffer: response.body) }

    /// A multipart complaint form with `fields`, as a browser sends it.
    static func form(_ fields: [(String, String)]) throws -> (HTTPFields, ByteBuffer) {
        let encoded = try MultipartForm(parts: fields.map { MultipartForm.Part(name: $0.0, body: Array($0.1.utf8)) })
            .encoded(boundary: "l4ngu4ge")
        var headers = HTTPFields()
        headers[.contentType] = encoded.contentType
        return (headers, ByteBuffer(bytes: encoded.body))
    }

    @Test(
        "/aduan: Indonesian by default, English with ?lang=en; a refused form answers in the language it was filled in")
    func complaintForm() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let indonesian = Self.page(try await client.execute(uri: "/aduan", method: .get))
            #expect(indonesian.contains("<html lang=\"id\">") && indonesian.contains("<h1>Sampaikan aduan</h1>"))
            #expect(indonesian.contains("<a href=\"/aduan?lang=en\" lang=\"en\" hreflang=\"en\">English</a>"))
            #expect(!indonesian.contains("name=\"lang\"") && indonesian.contains("action=\"/public/complaints\""))

            let english = Self.page(try await client.execute(uri: "/aduan?lang=en", method: .get))
            #expect(english.contains("<html lang=\"en\">") && english.contains("<h1>File a complaint</h1>"))
            #expect(english.contains("<a href=\"/aduan?lang=id\" lang=\"id\" hreflang=\"id\">Bahasa Indonesia</a>"))
            #expect(english.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"))
            #expect(english.contains("action=\"/public/complaints?lang=en\""))
            #expect(english.contains("The attendant&#39;s behaviour") || english.contains("The attendant's behaviour"))
            #expect(english.contains("href=\"/standar-pelayanan?lang=en\""))
            // The demo city's standard: acknowledged in 1 working day, resolved in 3 or 14.
            #expect(english.contains("replies within 1 working day and resolves a complaint within 3 working days"))
            #expect(indonesian.contains("menanggapi dalam 1 hari kerja dan menyelesaikan aduan dalam 3 hari kerja"))
            #expect(!english.contains("Ceritakan") && !english.contains("Kirim aduan"))
            let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory))
            let zone = try #require(configuration.zones.first { $0.id.rawValue == "smr-01" }).name
            #expect(english.contains(zone), "zone names are data, not translated")
            #expect(
                Self.page(try await client.execute(uri: "/aduan?lang=fr", method: .get)).contains("<html lang=\"id\">"))

            let token = try #require(english.firstMatch(of: /name="formToken" value="([A-Za-z0-9_-]+)"/)?.1)
            let fields = [
                ("formToken", String(token)), ("lang", "en"), ("category", "cash_requested"), ("zone", "smr-01"),
                ("plate", "DE 77 XY"),
            ]
            let (headers, body) = try Self.form(fields)
            let refused = try await client.execute(
                uri: "/public/complaints", method: .post, headers: headers, body: body)
            let refusedPage = Self.page(refused)
            #expect(refused.status == .badRequest && refusedPage.contains("<html lang=\"en\">"))
            #expect(
                refusedPage.contains("The complaint was not sent.")
                    && refusedPage.contains("Tell what happened (1–2,000"))
            #expect(refusedPage.contains("value=\"DE 77 XY\"") && refusedPage.contains("name=\"lang\" value=\"en\""))

            let (idHeaders, idBody) = try Self.form(fields.filter { $0.0 != "lang" })
            let refusedID = Self.page(
                try await client.execute(uri: "/public/complaints", method: .post, headers: idHeaders, body: idBody))
            #expect(
                refusedID.contains("<html lang=\"id\">") && refusedID.contains("Ceritakan kejadiannya (1–2.000 huruf).")
            )

            let urlencoded = try await client.execute(
                uri: "/public/complaints", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "formToken=\(token)&lang=en&category=other&zone=nowhere&description=Hello"))
            #expect(urlencoded.status == .badRequest)
            #expect(Self.page(urlencoded).contains("Choose the zone if there is no receipt code"))
        }
    }

    @Test("filed and status pages in both languages: the links keep the access code and the language; JSON unchanged")
    func filedAndStatus() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let form = Self.page(try await client.execute(uri: "/aduan?lang=en", method: .get))
            let token = try #require(form.firstMatch(of: /name="formToken" value="([A-Za-z0-9_-]+)"/)?.1)
            let (headers, body) = try Self.form([
                ("formToken", String(token)), ("lang", "en"), ("category", "no_ticket"), ("zone", "smr-01"),
                ("description", "Tidak diberi karcis di depan pasar"),
            ])
            let filed = try await client.execute(uri: "/public/complaints", method: .post, headers: headers, body: body)
            #expect(filed.status == .created)
            let filedPage = Self.page(filed)
            #expect(filedPage.contains("<html lang=\"en\">") && filedPage.contains("<h1>Complaint received</h1>"))
            let number = try #require(filedPage.firstMatch(of: /ADU-[0-9]{6}-[0-9A-Z]{5}/).map { String($0.0) })
            let code = try #require(filedPage.firstMatch(of: /Access code: <strong>([A-Za-z0-9]+)</)?.1)
            #expect(filedPage.contains("href=\"/public/complaints/\(number)?code=\(code)&amp;lang=en\""))
            #expect(filedPage.contains("href=\"/public/complaints/\(number)?code=\(code)&amp;lang=id\" lang=\"id\""))

            let english = Self.page(
                try await client.execute(
                    uri: "/public/complaints/\(number)?code=\(code)&lang=en", method: .get, headers: Self.browser))
            #expect(english.contains("<html lang=\"en\">") && english.contains("Complaint status \(number)"))
            #expect(english.contains("Received, waiting for an answer") && english.contains("Not given a ticket"))
            #expect(english.contains("No answer yet.") && english.contains("href=\"/aduan?lang=en\""))
            #expect(english.contains("href=\"/public/complaints/\(number)?code=\(code)&amp;lang=id\""))

            let indonesian = Self.page(
                try await client.execute(
                    uri: "/public/complaints/\(number)?code=\(code)", method: .get, headers: Self.browser))
            #expect(indonesian.contains("<html lang=\"id\">") && indonesian.contains("Diterima, menunggu jawaban"))
            #expect(indonesian.contains("href=\"/public/complaints/\(number)?code=\(code)&amp;lang=en\" lang=\"en\""))

            let wrong = try await client.execute(
                uri: "/public/complaints/\(number)?code=WRONG&lang=en", method: .get, headers: Self.browser)
            #expect(wrong.status == .notFound && Self.page(wrong).contains("<h1>Complaint not found</h1>"))
            #expect(Self.page(wrong).contains("href=\"/public/complaints/\(number)?code=WRONG&amp;lang=id\""))

            let json = try await client.execute(uri: "/public/complaints/\(number)?code=\(code)&lang=en", method: .get)
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            let complaint = try #require(try jsonObject(json)["complaint"] as? [String: Any])
            #expect(complaint["category"] as? String == "no_ticket" && complaint["status"] as? String == "open")
        }
    }

    @Test("/standar-pelayanan in English: the labels translated, the city's configured names as they are")
    func serviceStandard() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let english = Self.page(try await client.execute(uri: "/standar-pelayanan?lang=en", method: .get))
            #expect(english.contains("<html lang=\"en\">") && english.contains("<h1>Service standard</h1>"))
            for text in [
                "Requirements", "Service pledge", "Legal basis", "Cost/tariff", "Berat</strong>: 14 working days", "replied to within 1 working day and",
                "Asked to pay in cash", "SP4N-LAPOR!", "href=\"/aduan?lang=en\"",
                "href=\"/standar-pelayanan?lang=id\"",
            ] {
                #expect(english.contains(text), "\(text)")
            }
            // The city's configured texts (a service's components) stay Indonesian; the labels do not.
            #expect(!english.contains("Persyaratan") && !english.contains("</strong>: 14 hari kerja"))
            #expect(!english.contains("Penanganan aduan") && !english.contains("Maklumat pelayanan"))
            let indonesian = Self.page(try await client.execute(uri: "/standar-pelayanan", method: .get))
            #expect(indonesian.contains("<html lang=\"id\">") && indonesian.contains("Berat</strong>: 14 hari kerja"))
            #expect(indonesian.contains("href=\"/standar-pelayanan?lang=en\""))
        }
    }

    @Test(
        "/cek and the receipt page in English: the form keeps the language, the redirect too; a forged code says NOT GENUINE"
    )
    func receiptCheck() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let created = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "lang-1"),
                body: ByteBuffer(string: #"{"fee":"TERMINAL-BUS","payerReference":"BUS-DE7"}"#))
            let invoice = try #require(try jsonObject(created)["invoice"] as? [String: Any])
            let receiptCode = try #require(invoice["receiptCode"] as? String)
            let shortCode = try #require(invoice["shortCode"] as? String)

            let form = Self.page(try await client.execute(uri: "/cek?lang=en", method: .get))
            #expect(form.contains("<html lang=\"en\">") && form.contains("<h1>Check a payment receipt</h1>"))
            #expect(form.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"))
            #expect(form.contains("href=\"/cek?lang=id\""))
            let indonesianForm = Self.page(try await client.execute(uri: "/cek", method: .get))
            #expect(
                indonesianForm.contains("<h1>Cek bukti pembayaran</h1>") && !indonesianForm.contains("name=\"lang\""))

            let redirect = try await client.execute(uri: "/cek?code=\(shortCode)&lang=en", method: .get)
            #expect(redirect.status == .seeOther)
            #expect(redirect.headers[.location] == "/public/receipts/\(receiptCode.urlComponentEncoded)?lang=en")
            let plain = try await client.execute(uri: "/cek?code=\(shortCode)", method: .get)
            #expect(plain.headers[.location] == "/public/receipts/\(receiptCode.urlComponentEncoded)")

            var typo = Array(shortCode.replacingOccurrences(of: "-", with: ""))
            typo[0] = typo[0] == "A" ? "B" : "A"
            let mistyped = try await client.execute(uri: "/cek?code=\(String(typo))&lang=en", method: .get)
            let mistypedPage = Self.page(mistyped)
            #expect(mistyped.status == .badRequest || mistyped.status == .notFound)
            #expect(mistypedPage.contains("is mistyped") || mistypedPage.contains("was not found"))
            #expect(mistypedPage.contains("href=\"/cek?code=\(String(typo))&amp;lang=id\""))

            let english = Self.page(
                try await client.execute(
                    uri: "/public/receipts/\(receiptCode)?lang=en", method: .get, headers: Self.browser))
            #expect(english.contains("<html lang=\"en\">") && english.contains("<h1>Payment receipt</h1>"))
            #expect(
                english.contains("This receipt is GENUINE, but NOT PAID") && english.contains("waiting for payment"))
            #expect(english.contains("href=\"/public/receipts/\(receiptCode.urlComponentEncoded)?lang=id\""))
            #expect(!english.contains("Nomor tagihan") && english.contains("Invoice number"))
            let indonesian = Self.page(
                try await client.execute(
                    uri: "/public/receipts/\(receiptCode)", method: .get, headers: Self.browser))
            #expect(indonesian.contains("BELUM DIBAYAR") && indonesian.contains("menunggu pembayaran"))
            #expect(indonesian.contains("?lang=en\" lang=\"en\""))

            let forged = try await client.execute(
                uri: "/public/receipts/LR1-FORGED0000?lang=en", method: .get, headers: Self.browser)
            #expect(forged.status == .notFound && Self.page(forged).contains("NOT GENUINE."))
            #expect(Self.page(forged).contains("href=\"/public/receipts/LR1-FORGED0000?lang=id\""))
            let json = try await client.execute(uri: "/public/receipts/\(receiptCode)?lang=en", method: .get)
            #expect(try jsonObject(json)["genuine"] as? Bool == true)
        }
    }

    @Test("past the per-address limit, a form sent from the English page is told so in English (429)")
    func limitedInEnglish() async throws {
        var limited = try await APIFixture.make()
        limited.settings.complaintsPerAddressPerHour = 1
        let fixture = limited
        try await fixture.live { client in
            let body = ByteBuffer(
                string: #"{"category":"no_ticket","description":"Tidak diberi karcis","zone":"ayp-01"}"#)
            let accepted = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil), body: body)
            #expect(accepted.status == .created)
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            let english = try await client.execute(
                uri: "/public/complaints?lang=en", method: .post, headers: form,
                body: ByteBuffer(string: "lang=en&category=other&description=x&zone=ayp-01"))
            let page = Self.page(english)
            #expect(english.status == .tooManyRequests && page.contains("<h1>Too many complaints</h1>"))
            #expect(page.contains("<html lang=\"en\">") && page.contains("Please try again in 60 minutes."))
            let indonesian = try await client.execute(
                uri: "/public/complaints", method: .post, headers: form,
                body: ByteBuffer(string: "category=other&description=x&zone=ayp-01"))
            #expect(Self.page(indonesian).contains("<h1>Terlalu banyak aduan</h1>"))
        }
    }

    @Test("every {{t.key}} of the citizens' templates has its words in both languages")
    func everyKeyHasWords() {
        func keys(_ template: String) -> Set<String> {
            Set(template.matches(of: /\{\{t\.([A-Za-z]+)\}\}/).map { String($0.1) })
        }
        let complaintTemplates = [
            ComplaintTemplates.form, ComplaintTemplates.filed, ComplaintTemplates.status, ComplaintTemplates.notFound,
            ComplaintTemplates.limited, ServiceStandardPage.template,
        ]
        let complaintKeys = complaintTemplates.map(keys).reduce(Set(), { $0.union($1) })
        #expect(complaintKeys.count > 30)
        #expect(complaintKeys.subtracting(ComplaintText.words.english.keys).isEmpty, "\(complaintKeys)")
        let receiptKeys = [PublicTemplates.receipt, PublicTemplates.check, PublicTemplates.receiptRejected].map(keys)
            .reduce(Set(), { $0.union($1) })
        #expect(receiptKeys.count > 20)
        #expect(receiptKeys.subtracting(ReceiptText.words.english.keys).isEmpty, "\(receiptKeys)")
        for (key, indonesian, english) in ComplaintText.entries + ReceiptText.entries {
            #expect(!indonesian.isEmpty && !english.isEmpty, "\(key)")
        }
        #expect(Set(ComplaintText.entries.map(\.0)).count == ComplaintText.entries.count, "no key twice")
        #expect(Set(ReceiptText.entries.map(\.0)).count == ReceiptText.entries.count, "no key twice")
        #expect(PublicLanguage.of("en") == .en && PublicLanguage.of("EN") == .id && PublicLanguage.of(nil) == .id)
    }
}
