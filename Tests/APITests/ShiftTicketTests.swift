import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// The printed tickets of an hourly stay over real HTTP: the entry ticket (no QR, "bayar saat
/// keluar", the tariff, the attendant) and the exit bill with entry, exit, duration and breakdown.
@Suite("Entry and exit tickets over HTTP")
struct ShiftTicketTests {
    static func has(_ bytes: [UInt8], _ text: String) -> Bool { bytes.firstRange(of: Array(text.utf8)) != nil }

    @Test("an hourly entry answers a printable entry ticket; the exit bill shows the stay and its breakdown")
    func hourlyStay() async throws {
        let fixture = try await APIFixture.make()
        let attendantID = try #require(fixture.deviceIDs[.attendant]).rawValue
        _ = try await fixture.store.setAttendant(
            .init(attendantID), attendant: "Budi Latuconsina", actor: .serverOperator, at: APIFixture.start)
        try await fixture.live { client in
            let opened = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "car-e1"),
                body: ByteBuffer(string: #"{"plate":"DE 77 XY","vehicleClass":"car"}"#))
            #expect(opened.status == .created)
            let object = try jsonObject(opened)
            #expect(object["invoice"] is NSNull)
            let ticket = try #require(object["ticket"] as? [String: Any])
            let id = try #require(ticket["id"] as? String)
            let links = try #require(object["links"] as? [String: Any])
            #expect(Set(links.keys) == ["ticketEscpos", "ticketPng"])
            let escposLink = try #require(links["ticketEscpos"] as? String)
            #expect(escposLink == "/api/v1/parking/tickets/\(id)/ticket.escpos")

            let entry = try await client.execute(uri: escposLink, method: .get, headers: fixture.headers(.attendant))
            #expect(entry.status == .ok)
            let entryBytes = Array(entry.body.readableBytesView)
            #expect(Self.has(entryBytes, "BAYAR SAAT KELUAR"))
            #expect(Self.has(entryBytes, "No. Karcis:") && Self.has(entryBytes, id))
            #expect(Self.has(entryBytes, "Plat: DE77XY"))
            #expect(Self.has(entryBytes, "Masuk: 24-11-2026 10:00 WIT"))
            #expect(Self.has(entryBytes, "Tarif:"))
            #expect(Self.has(entryBytes, "jam pertama"))
            #expect(Self.has(entryBytes, "Petugas: Budi Latuconsina"))
            #expect(!Self.has(entryBytes, "No. Tagihan"))
            #expect(entryBytes.firstRange(of: [0x1D, 0x76, 0x30]) == nil, "no QR raster")
            let png = try await client.execute(
                uri: try #require(links["ticketPng"] as? String), method: .get, headers: fixture.headers(.attendant))
            #expect(png.status == .ok)
            #expect(Array(png.body.readableBytesView.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])

            fixture.clock.advance(by: 2 * 3600 + 5 * 60)  // 2 h 5 min: Rp3.000 + 2 × Rp2.000
            let exit = try await client.execute(
                uri: "/api/v1/parking/tickets/\(id)/exit", method: .post, headers: fixture.headers(.attendant))
            #expect(exit.status == .created)
            let closed = try jsonObject(exit)
            let invoice = try #require(closed["invoice"] as? [String: Any])
            let amount = try #require(invoice["amount"] as? Int)
            let exitLinks = try #require(closed["links"] as? [String: Any])
            let bill = try await client.execute(
                uri: try #require(exitLinks["ticketEscpos"] as? String), method: .get,
                headers: fixture.headers(.attendant))
            #expect(bill.status == .ok)
            let billBytes = Array(bill.body.readableBytesView)
            #expect(Self.has(billBytes, "Masuk: 24-11-2026 10:00 WIT"))
            #expect(Self.has(billBytes, "Keluar: 24-11-2026 12:05 WIT"))
            #expect(!Self.has(billBytes, "Waktu:"))
            #expect(Self.has(billBytes, "Lama parkir: 2 jam 5 menit"))
            #expect(Self.has(billBytes, "Rincian"))
            #expect(Self.has(billBytes, "Jumlah: Rp\(amount / 1000).000"))
            #expect(Self.has(billBytes, "Petugas: Budi Latuconsina"))
            #expect(Self.has(billBytes, try #require(invoice["shortCode"] as? String)))
            // The ticket's own print link now prints the bill.
            let sameLink = try await client.execute(uri: escposLink, method: .get, headers: fixture.headers(.attendant))
            #expect(Array(sameLink.body.readableBytesView) == billBytes)

            let unknown = try await client.execute(
                uri: "/api/v1/parking/tickets/tkt_nope/ticket.escpos", method: .get,
                headers: fixture.headers(.attendant))
            #expect(unknown.status == .notFound)
            let anonymous = try await client.execute(uri: escposLink, method: .get, headers: fixture.headers(nil))
            #expect(anonymous.status == .unauthorized)
        }
        #expect(try await fixture.store.verify().isIntact)
    }

    @Test("a flat ticket's time is its entry")
    func flatTicketTime() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let issued = try await client.execute(
                uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: "flat-t"),
                body: ByteBuffer(string: #"{"plate":"DE 1 A","vehicleClass":"motorcycle"}"#))
            let links = try #require(try jsonObject(issued)["links"] as? [String: Any])
            let job = try await client.execute(
                uri: try #require(links["ticketEscpos"] as? String), method: .get, headers: fixture.headers(.attendant))
            let bytes = Array(job.body.readableBytesView)
            #expect(Self.has(bytes, "Masuk: 24-11-2026 10:00 WIT"))
            #expect(Self.has(bytes, "Terminal: t-attendant"))
        }
    }
}
