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

// Complaints: photo sizes, the open figures, zoned supervisors and the refusals an attack pass found.

extension ComplaintTests {
    @Test(
        "a photo of almost 2 MB goes through the whole server (3 MiB body); one over 2 MB is refused naming the photo")
    func photoSizes() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            func file(photoBytes: Int) async throws -> TestResponse {
                let filler = [UInt8](repeating: 7, count: photoBytes - ComplaintPhotoTests.png().count - 12)
                let photo = ComplaintPhotoTests.png(extraChunks: [("IDAT", filler)])
                #expect(photo.count == photoBytes)
                let parts = [
                    MultipartForm.Part(name: "category", body: Array("qr_failed".utf8)),
                    MultipartForm.Part(name: "zone", body: Array("ayp-01".utf8)),
                    MultipartForm.Part(name: "description", body: Array("QRIS tidak terbaca".utf8)),
                    MultipartForm.Part(name: "photo", filename: "p.png", contentType: "image/png", body: photo),
                ]
                let form = try MultipartForm(parts: parts).encoded(boundary: "b0undary")
                var headers = HTTPFields()
                headers[.contentType] = form.contentType
                return try await client.execute(
                    uri: "/public/complaints", method: .post, headers: headers, body: ByteBuffer(bytes: form.body))
            }
            #expect(try await file(photoBytes: ComplaintPhoto.maximumBytes).status == .created)
            let large = try await file(photoBytes: ComplaintPhoto.maximumBytes + 1)
            #expect(large.status == .badRequest && String(buffer: large.body).contains("Foto harus JPEG atau PNG"))
        }
    }
}

extension ComplaintTests {
    @Test("the status page's access code never reaches the request log")
    func accessCodeNotLogged() async throws {
        let fixture = try await APIFixture.make()
        let arrivals = RequestArrivals()
        try await fixture.live(logger: arrivals.logger) { client in
            let filed = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil),
                body: ByteBuffer(string: #"{"category":"other","zone":"ayp-01","description":"x"}"#))
            let complaint = try #require(try jsonObject(filed)["complaint"] as? [String: Any])
            let code = try #require(complaint["accessCode"] as? String)
            let number = try #require(complaint["number"] as? String)
            let status = try await client.execute(uri: "/public/complaints/\(number)?code=\(code)", method: .get)
            #expect(status.status == .ok)
            #expect(await arrivals.arrival(of: "/public/complaints/\(number)"))
            #expect(!arrivals.uris.contains { $0.contains(code) }, "\(arrivals.uris)")
        }
    }
}

extension ComplaintTests {
    @Test("a supervisor enrolled for zones sees and works only complaints of its zones")
    func zonedSupervisor() async throws {
        let fixture = try await APIFixture.make()
        let token = Device.generateToken()
        _ = try await fixture.store.enrolDevice(
            DeviceDraft(
                id: Device.ID("t-spv-smr"), name: "Pengawas SMR", role: .supervisor, zones: ["smr-01"],
                credentialHash: Device.credentialHash(forToken: token), enrolledAt: APIFixture.start,
                idempotencyKey: "enrol-spv-smr"))
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "application/json"
        let zoned = headers
        try await fixture.live { client in
            var numbers: [String: String] = [:]
            for zone in ["ayp-01", "smr-01"] {
                let filed = try await client.execute(
                    uri: "/public/complaints", method: .post, headers: fixture.headers(nil),
                    body: ByteBuffer(string: #"{"category":"no_ticket","zone":"\#(zone)","description":"x"}"#))
                numbers[zone] = try #require(
                    (try jsonObject(filed)["complaint"] as? [String: Any])?["number"] as? String)
            }
            let listed = try jsonObject(
                try await client.execute(uri: "/api/v1/complaints", method: .get, headers: zoned))
            #expect(
                (listed["complaints"] as? [[String: Any]])?.compactMap { $0["number"] as? String } == [
                    numbers["smr-01"]!
                ])
            let outside = try await client.execute(
                uri: "/api/v1/complaints/\(numbers["ayp-01"]!)", method: .get, headers: zoned)
            #expect(outside.status == .forbidden)
            let answer = try await client.execute(
                uri: "/api/v1/complaints/\(numbers["ayp-01"]!)/answer", method: .post, headers: zoned,
                body: ByteBuffer(string: #"{"message":"x"}"#))
            #expect(answer.status == .forbidden)
            let own = try await client.execute(
                uri: "/api/v1/complaints/\(numbers["smr-01"]!)/answer", method: .post, headers: zoned,
                body: ByteBuffer(string: #"{"message":"Kami periksa."}"#))
            #expect(own.status == .ok)
            let cityWide = try jsonObject(
                try await client.execute(uri: "/api/v1/complaints", method: .get, headers: fixture.headers(.supervisor))
            )
            #expect((cityWide["complaints"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test(
        "hidden characters, a form token reused for another complaint, a non-JSON media type: refused; pages are not framed"
    )
    func moreRefusals() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            for hidden in ["\u{202E}", "\u{0085}", "\u{200B}", "\u{FEFF}", "\u{2066}"] {
                let response = try await client.execute(
                    uri: "/public/complaints", method: .post, headers: fixture.headers(nil),
                    body: ByteBuffer(string: #"{"category":"other","zone":"ayp-01","description":"a\#(hidden)b"}"#))
                #expect(response.status == .badRequest)
                #expect(try errorObject(response)["field"] as? String == "description")
            }
            let first = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil, key: "shared-token-000001"),
                body: ByteBuffer(string: #"{"category":"other","zone":"ayp-01","description":"sama","plate":"DE 1 A"}"#)
            )
            #expect(first.status == .created)
            let moved = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil, key: "shared-token-000001"),
                body: ByteBuffer(string: #"{"category":"other","zone":"smr-01","description":"sama"}"#))
            #expect(moved.status == .conflict && !String(buffer: moved.body).contains("accessCode"))
            let shortKey = try await client.execute(
                uri: "/public/complaints", method: .post, headers: fixture.headers(nil, key: "short"),
                body: ByteBuffer(string: #"{"category":"other","zone":"ayp-01","description":"x"}"#))
            #expect(shortKey.status == .badRequest)
            #expect(try errorObject(shortKey)["field"] as? String == "Idempotency-Key")
            var jsonx = HTTPFields()
            jsonx[.contentType] = "application/jsonx"
            let odd = try await client.execute(
                uri: "/public/complaints", method: .post, headers: jsonx,
                body: ByteBuffer(string: #"{"category":"other","zone":"ayp-01","description":"x"}"#))
            #expect(odd.status == .unsupportedMediaType)
            let form = try await client.execute(uri: "/aduan", method: .get)
            #expect(form.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            #expect(form.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
        }
    }
}

extension ComplaintTests {
    @Test(
        "open figures count complaints: one resolved in time, one past its deadline shows late on /transparansi and in the open data"
    )
    func lateComplaintOnTransparency() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            var numbers: [String] = []
            for zone in ["ayp-01", "smr-01"] {
                let filed = try await client.execute(
                    uri: "/public/complaints", method: .post, headers: fixture.headers(nil),
                    body: ByteBuffer(string: #"{"category":"qr_failed","zone":"\#(zone)","description":"QRIS gagal"}"#))
                numbers.append(
                    try #require((try jsonObject(filed)["complaint"] as? [String: Any])?["number"] as? String))
            }
            // Filed Tuesday 2026-11-24 10:00 WIT; the first is resolved 5 hours later.
            fixture.clock.advance(by: 5 * 3600)
            let resolved = try await client.execute(
                uri: "/api/v1/complaints/\(numbers[0])/resolve", method: .post, headers: fixture.headers(.supervisor),
                body: ByteBuffer(
                    string: #"{"outcome":"not_substantiated","note":"QRIS berfungsi; pembayaran diterima."}"#))
            #expect(resolved.status == .ok)
            // Monday 2026-11-30: past the second one's deadline (Friday 27th, 23:59 WIT), still open.
            fixture.clock.advance(by: 6 * 86_400)
            let month = try jsonObject(try await client.execute(uri: "/public/transparency/2026-11.json", method: .get))
            let days = try #require(month["days"] as? [[String: Any]])
            let day = try #require(days.first { $0["date"] as? String == "2026-11-24" })
            let total = try #require(day["total"] as? [String: Any])
            #expect(total["complaints"] as? Int == 2 && total["complaintsInTime"] as? Int == 1)
            #expect(total["complaintsLate"] as? Int == 1 && total["complaintsInTimePercent"] as? Int == 50)
            #expect(total["resolutionHoursMedian"] as? Int == 5)
            let zones = try #require(day["zones"] as? [[String: Any]])
            #expect(zones.first { $0["zone"] as? String == "smr-01" }?["complaintsLate"] as? Int == 1)
            let monthTotal = try #require(month["total"] as? [String: Any])
            #expect(monthTotal["complaintsLate"] as? Int == 1 && monthTotal["complaintsInTimePercent"] as? Int == 50)
            let csv = String(
                buffer: try await client.execute(uri: "/public/transparency/2026-11.csv", method: .get).body)
            #expect(csv.split(separator: "\n").first?.contains("complaints,complaintsInTime,complaintsLate") == true)
            let page = String(buffer: try await client.execute(uri: "/transparansi?bulan=2026-11", method: .get).body)
            #expect(page.contains("Terlambat") && page.contains("Tepat waktu (%)") && page.contains("50 %"))
        }
    }
}
