import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Receipt short codes over real HTTP: in the issue answer and the receipt JSON, typed at `/cek`
/// (any case, spaces, hyphens, a mistyped character refused), printed on the ticket beside the check
/// URL, and accepted by the complaint form.
@Suite("Receipt short codes over HTTP")
struct ShortCodeTests {
    static let flatTicket = #"{"plate":"de 1234 ab","vehicleClass":"motorcycle","zone":"ayp-01"}"#

    static func issue(
        _ fixture: APIFixture, _ client: some TestClientProtocol, key: String
    ) async throws
        -> [String: Any]
    {
        let issued = try await client.execute(
            uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: key),
            body: ByteBuffer(string: flatTicket))
        #expect(issued.status == .created)
        return try #require(try jsonObject(issued)["invoice"] as? [String: Any])
    }

    @Test("/cek takes the short code as typed and opens the receipt; a mistyped one is refused in Indonesian")
    func check() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let invoice = try await Self.issue(fixture, client, key: "short-1")
            let short = try #require(invoice["shortCode"] as? String)
            let long = try #require(invoice["receiptCode"] as? String)
            #expect(short.count == 11 && short.dropFirst(5).first == "-")
            let stored = try #require(try await fixture.store.invoice(id: .init(invoice["id"] as! String)))
            #expect(stored.shortCode.grouped == short)

            let typed = short.lowercased().replacingOccurrences(of: "-", with: "+").replacingOccurrences(
                of: "0", with: "o")
            let found = try await client.execute(uri: "/cek?code=" + typed, method: .get)
            #expect(found.status == .seeOther)
            #expect(found.headers[.location] == "/public/receipts/" + long)

            let receipt = try await client.execute(uri: "/public/receipts/" + long, method: .get)
            #expect(receipt.status == .ok)
            #expect(try jsonObject(receipt)["shortCode"] as? String == short)
            #expect(try jsonObject(receipt)["receiptCode"] as? String == long)
            let page = try await client.execute(
                uri: "/public/receipts/" + long, method: .get, headers: [.accept: "text/html"])
            #expect(String(buffer: page.body).contains(short))

            // One character changed: the check character refuses it.
            var symbols = Array(short.replacingOccurrences(of: "-", with: ""))
            symbols[3] = symbols[3] == "A" ? "B" : "A"
            let mistyped = try await client.execute(uri: "/cek?code=" + String(symbols), method: .get)
            #expect(mistyped.status == .badRequest)
            #expect(String(buffer: mistyped.body).contains("salah ketik"))

            // A well-formed code of no invoice.
            let other = ReceiptShortCode(billNumber: try BillNumber("AMB999999999999999999999"))
            let unknown = try await client.execute(uri: "/cek?code=" + other.text, method: .get)
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains("tidak ditemukan"))

            let form = try await client.execute(uri: "/cek", method: .get)
            #expect(form.status == .ok)
            #expect(String(buffer: form.body).contains("Kode cek pada karcis"))

            // The long code still goes to its receipt page.
            let longCheck = try await client.execute(uri: "/cek?code=" + long, method: .get)
            #expect(longCheck.headers[.location] == "/public/receipts/" + long)
        }
    }

    @Test("the printed ticket carries the short code and the city's check URL, not the long code")
    func printed() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let invoice = try await Self.issue(fixture, client, key: "short-print")
            let short = try #require(invoice["shortCode"] as? String)
            let long = try #require(invoice["receiptCode"] as? String)
            let id = try #require(invoice["id"] as? String)
            let job = try await client.execute(
                uri: "/api/v1/invoices/\(id)/ticket.escpos", method: .get, headers: fixture.headers(.attendant))
            #expect(job.status == .ok)
            let bytes = Array(job.body.readableBytesView)
            #expect(bytes.firstRange(of: Array(short.utf8)) != nil)
            #expect(bytes.firstRange(of: Array("parkir.ambon.go.id/cek".utf8)) != nil)
            #expect(bytes.firstRange(of: Array(long.prefix(20).utf8)) == nil)
            let png = try await client.execute(
                uri: "/api/v1/invoices/\(id)/ticket.png", method: .get, headers: fixture.headers(.attendant))
            #expect(png.status == .ok)
            #expect(Array(png.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        }
    }

    @Test("a complaint filed with the short code links to the invoice")
    func complaint() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let invoice = try await Self.issue(fixture, client, key: "short-complaint")
            let short = try #require(invoice["shortCode"] as? String)
            let typed = short.lowercased().replacingOccurrences(of: "-", with: " ")
            let body = """
                {"category":"overcharged","receiptCode":"\(typed)","description":"Juru parkir minta Rp5.000",\
                "occurredAt":"2026-11-24T09:55"}
                """
            let filed = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil, key: "form-token-short-000001"),
                body: ByteBuffer(string: body))
            #expect(filed.status == .created)
            let queue = try await client.execute(
                uri: "/api/v1/complaints?state=open", method: .get, headers: fixture.headers(.supervisor))
            let listed = try #require(try jsonObject(queue)["complaints"] as? [[String: Any]])
            #expect(listed.count == 1)
            #expect(listed.first?["invoiceId"] as? String == invoice["id"] as? String)
        }
    }
}
