import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

@Suite("Public tariffs and receipts")
struct PublicTests {
    @Test("tariffs as JSON with legal basis, and as an Indonesian HTML page")
    func tariffs() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let json = try await client.execute(uri: "/public/tariffs", method: .get)
            #expect(json.status == .ok)
            let object = try jsonObject(json)
            #expect(object["nmid"] as? String == "ID1026000097126")
            let sets = try #require(object["tariffSets"] as? [[String: Any]])
            #expect(!sets.isEmpty)
            #expect(sets.allSatisfy { $0["legalBasis"] is [String: Any] })

            var accept = HTTPFields()
            accept[.accept] = "text/html,application/xhtml+xml"
            let html = try await client.execute(uri: "/public/tariffs", method: .get, headers: accept)
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            let page = String(buffer: html.body)
            #expect(page.contains("<html lang=\"id\">"))
            #expect(page.contains("Dasar hukum"))
            #expect(page.contains("Jl. A.Y. Patty"))
        }
    }

    @Test("a receipt is genuine and says whether it is paid; forged and malformed codes are refused")
    func receipts() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let created = try await client.execute(
                uri: "/api/v1/invoices", method: .post, headers: fixture.headers(.kiosk, key: "r1"),
                body: ByteBuffer(string: #"{"fee":"TERMINAL-BUS","payerReference":"BUS-DE7"}"#))
            let invoice = try #require(try jsonObject(created)["invoice"] as? [String: Any])
            let code = try #require(invoice["receiptCode"] as? String)

            let unpaid = try await client.execute(uri: "/public/receipts/\(code)", method: .get)
            #expect(unpaid.status == .ok)
            #expect(try jsonObject(unpaid)["genuine"] as? Bool == true)
            #expect(try jsonObject(unpaid)["paid"] as? Bool == false)

            _ = try await fixture.store.recordPayment(
                PaymentDraft(
                    billNumber: try BillNumber(invoice["billNumber"] as! String), rrn: "111122223333",
                    issuer: "GOPAY", amount: Rupiah(5000), paidAt: APIFixture.start, recordedAt: APIFixture.start,
                    source: .acquirerNotification))
            let paid = try await client.execute(uri: "/public/receipts/\(code)", method: .get)
            #expect(try jsonObject(paid)["paid"] as? Bool == true)
            var accept = HTTPFields()
            accept[.accept] = "text/html"
            let page = try await client.execute(uri: "/public/receipts/\(code)", method: .get, headers: accept)
            #expect(String(buffer: page.body).contains("ASLI dan SUDAH DIBAYAR"))

            // One character changed: the signature no longer verifies.
            var characters = Array(code)
            let index = characters.count - 10
            characters[index] = characters[index] == "A" ? "B" : "A"
            let forged = try await client.execute(uri: "/public/receipts/\(String(characters))", method: .get)
            #expect(forged.status == .notFound)
            #expect(try errorObject(forged)["field"] as? String == "code")
            let forgedPage = try await client.execute(
                uri: "/public/receipts/\(String(characters))", method: .get, headers: accept)
            #expect(String(buffer: forgedPage.body).contains("TIDAK SAH"))

            let malformed = try await client.execute(uri: "/public/receipts/hello", method: .get)
            #expect(malformed.status.code >= 400 && malformed.status.code < 500)
            #expect(try errorObject(malformed)["field"] as? String == "code")

            let keys = try await client.execute(uri: "/public/receipt-keys", method: .get)
            #expect(keys.status == .ok)
            let published = try String(
                contentsOf: fixture.directory.appendingPathComponent(ReceiptKeyFile.publicKeyName), encoding: .utf8)
            let ring = try #require(try jsonObject(keys)["keys"] as? [[String: Any]])
            let publicKey = try #require(ring.first?["publicKey"] as? String)
            #expect(published.contains(publicKey))
            let attributes = try FileManager.default.attributesOfItem(
                atPath: fixture.directory.appendingPathComponent(ReceiptKeyFile.privateKeyName).path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }
}
