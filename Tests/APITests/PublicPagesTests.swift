import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import NIOCore
import Testing

/// The citizens' pages read as a citizen would (issue #17's "public pages a citizen understands",
/// first part): the start page, the receipt check, an Indonesian 404 for browsers, the tariff page
/// and the receipt of a cancelled or twice-paid invoice.
@Suite("Public pages a citizen understands (real HTTP)")
struct PublicPagesTests {
    static var browser: HTTPFields {
        var fields = HTTPFields()
        fields[.accept] = "text/html,application/xhtml+xml"
        return fields
    }

    @Test(
        "/ is an Indonesian start page; /cek opens a receipt; an unknown address is an Indonesian 404 for browsers, JSON for programs"
    )
    func startPageAndNotFound() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let home = try await client.execute(uri: "/", method: .get, headers: Self.browser)
            #expect(home.status == .ok)
            let page = String(buffer: home.body)
            #expect(page.contains("<html lang=\"id\">") && page.contains("Cek bukti pembayaran"))
            #expect(page.contains("<form method=\"get\" action=\"/cek\">") && page.contains("href=\"/public/tariffs\""))
            let check = try await client.execute(uri: "/cek?code=+LR1-ABC%2F..+", method: .get)
            #expect(check.status == .seeOther)
            #expect(check.headers[.location] == "/public/receipts/LR1-ABC%2F..")
            let form = try await client.execute(uri: "/cek", method: .get)  // the one-field form (issue 16)
            #expect(form.status == .ok && String(buffer: form.body).contains("<form method=\"get\" action=\"/cek\">"))

            let missing = try await client.execute(uri: "/parkir/apa", method: .get, headers: Self.browser)
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).contains("Halaman tidak ditemukan"))
            let program = try await client.execute(uri: "/parkir/apa", method: .get)
            #expect(try errorObject(program)["code"] as? String == "route.notFound")
            let api = try await client.execute(uri: "/api/v1/nothing", method: .get, headers: Self.browser)
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true, "the API stays JSON")
        }
    }

    @Test(
        "tariffs: the one in force first, earlier ones folded, placeholders explained once, one word for zones, no 'gratis: gratis'"
    )
    func tariffPage() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let page = String(
                buffer: try await client.execute(uri: "/public/tariffs", method: .get, headers: Self.browser).body)
            let current = try #require(page.range(of: "<h2>"))
            let folded = try #require(page.range(of: "<summary>Tarif sebelumnya</summary>"))
            #expect(current.lowerBound < folded.lowerBound, "the tariff in force comes first")
            #expect(page.components(separatedBy: "belum dasar hukum resmi").count == 2, "explained once")
            #expect(page.contains("<strong>(contoh)</strong>"))
            #expect(page.contains("<h2>Kawasan parkir</h2>") && !page.contains("Zona"))
            #expect(!page.contains("gratis: gratis") && !page.contains("gratis (22:00–06:00): gratis"))
        }
    }

    @Test("?lang=en: the start page, the tariff page and the 404 in English, links keeping the language")
    func englishOnRequest() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let home = String(
                buffer: try await client.execute(uri: "/?lang=en", method: .get, headers: Self.browser).body)
            #expect(home.contains("<html lang=\"en\">") && home.contains("Check a payment receipt"))
            #expect(home.contains("Do not pay cash.") && !home.contains("Jangan bayar tunai"))
            #expect(home.contains("href=\"/public/tariffs?lang=en\"") && home.contains("href=\"/aduan?lang=en\""))
            #expect(
                home.contains("<input type=\"hidden\" name=\"lang\" value=\"en\">"),
                "the receipt check answers in English")
            #expect(home.contains("href=\"/?lang=id\""), "a link back to Indonesian")
            let indonesian = String(
                buffer: try await client.execute(uri: "/", method: .get, headers: Self.browser).body)
            #expect(indonesian.contains("href=\"/?lang=en\"") && !indonesian.contains("Do not pay cash"))

            let tariffs = String(
                buffer: try await client.execute(uri: "/public/tariffs?lang=en", method: .get, headers: Self.browser)
                    .body)
            #expect(tariffs.contains("<h1>Tariffs of Pemerintah Kota Ambon</h1>"))
            #expect(tariffs.contains("Rp3.000 the first hour, Rp2.000 each further hour"))
            #expect(
                tariffs.contains("<summary>Earlier tariffs</summary>") && tariffs.contains("<h2>Parking zones</h2>"))
            #expect(tariffs.contains("<strong>(example)</strong>") && !tariffs.contains("jam pertama"))

            let missing = try await client.execute(uri: "/parkir/apa?lang=en", method: .get, headers: Self.browser)
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("Page not found"))
            let json = try await client.execute(uri: "/public/tariffs?lang=en", method: .get)
            #expect(String(buffer: json.body).contains("jam pertama"), "the JSON publication is the city's own text")
        }
    }

    @Test(
        "receipt of a cancelled invoice says JANGAN DIBAYAR; one paid twice says the second payment will be refunded; no English"
    )
    func receiptWording() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            var codes: [String] = []
            var bills: [String] = []
            for key in ["w1", "w2"] {
                let created = try await client.execute(
                    uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: key),
                    body: ByteBuffer(string: #"{"fee":"TERMINAL-BUS","payerReference":"BUS-DE7"}"#))
                let invoice = try #require(try jsonObject(created)["invoice"] as? [String: Any])
                codes.append(try #require(invoice["receiptCode"] as? String))
                bills.append(try #require(invoice["billNumber"] as? String))
            }
            let invoice = try #require(try await fixture.store.invoice(billNumber: try BillNumber(bills[0])))
            _ = try await fixture.store.cancelInvoice(invoice.id, reason: "salah cetak", at: APIFixture.start)
            let cancelled = String(
                buffer: try await client.execute(
                    uri: "/public/receipts/\(codes[0])", method: .get, headers: Self.browser
                ).body)
            #expect(cancelled.contains("JANGAN DIBAYAR — tagihan dibatalkan"))
            #expect(!cancelled.contains("BELUM DIBAYAR"))

            for (index, rrn) in ["111122223333", "444455556666"].enumerated() {
                _ = try await fixture.store.recordPayment(
                    PaymentDraft(
                        billNumber: try BillNumber(bills[1]), rrn: rrn, issuer: "GOPAY", amount: Rupiah(5000),
                        paidAt: APIFixture.start.addingTimeInterval(Double(index)), recordedAt: APIFixture.start,
                        source: .acquirerNotification))
            }
            let twice = String(
                buffer: try await client.execute(
                    uri: "/public/receipts/\(codes[1])", method: .get, headers: Self.browser
                ).body)
            #expect(twice.contains("ASLI dan SUDAH DIBAYAR"))
            #expect(twice.contains("Pembayaran kedua akan dikembalikan"))
            #expect(!twice.contains("Genuine") && !twice.contains("refunded"))
        }
    }
}
