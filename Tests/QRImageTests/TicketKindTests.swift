import Foundation
import Testing

@testable import QRImage

/// The ticket kinds of the attendant's shift: the bill with the short check code and the
/// attendant, the entry ticket without QR or amount, the free ticket at Rp0.
@Suite("Ticket kinds: bill with short code, entry ticket, free ticket")
struct TicketKindTests {
    static func has(_ job: [UInt8], _ text: String) -> Bool { job.firstRange(of: Array(text.utf8)) != nil }

    @Test("a bill prints the attendant, the check URL and the short code instead of the long code")
    func billWithShortCode() throws {
        var ticket = TicketFixture.parking()
        ticket.attendant = "Budi Latuconsina"
        ticket.shortCode = "7K3QX-9M2PA"
        ticket.checkURL = "parkir.ambon.go.id/cek"
        ticket.timeLabel = "Keluar"
        ticket.details = ["Masuk: 23-11-2026 12:00 WIT", "Lama parkir: 2 jam 5 menit"]
        let job = try ticket.escposJob()
        #expect(Self.has(job, "Petugas: Budi Latuconsina"))
        #expect(!Self.has(job, "Terminal:"))
        #expect(Self.has(job, "parkir.ambon.go.id/cek"))
        #expect(job.firstRange(of: TicketESCPOSTests.line("7K3QX-9M2PA", large: true, bold: true)) != nil)
        #expect(!Self.has(job, "LNS-7Q2K-9XWD"))
        #expect(Self.has(job, "Keluar: 23-11-2026 14:05 WIT"))
        #expect(!Self.has(job, "Waktu:"))
        #expect(Self.has(job, "Lama parkir: 2 jam 5 menit"))
        #expect(Self.has(job, "Rp5.000"))
        _ = try ticket.pngImage()
    }

    @Test("an entry ticket has no QR, no amount and no bill number, and says to pay at the exit")
    func entry() throws {
        var ticket = TicketFixture.parking(payload: "")
        ticket.kind = .entry
        ticket.amount = 0
        ticket.billNumber = ""
        ticket.verificationCode = ""
        ticket.ticketNumber = "tkt_01M84P47RV"
        ticket.timeLabel = "Masuk"
        ticket.notice = "BAYAR SAAT KELUAR"
        ticket.details = ["Tarif: Rp3.000 jam pertama, Rp2.000 tiap jam berikutnya"]
        ticket.attendant = "Siti"
        let job = try ticket.escposJob()
        #expect(Self.has(job, "BAYAR SAAT KELUAR"))
        #expect(Self.has(job, "No. Karcis:") && Self.has(job, "tkt_01M84P47RV"))
        #expect(Self.has(job, "Masuk: 23-11-2026 14:05 WIT"))
        #expect(Self.has(job, "Petugas: Siti"))
        #expect(!Self.has(job, "No. Tagihan"))
        #expect(!Self.has(job, "Rp0"))
        #expect(job.firstRange(of: [0x1D, 0x76, 0x30]) == nil, "no GS v 0 raster")
        let png = try ticket.pngImage()
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
    }

    @Test("a free ticket prints Rp0 and no QR; a payable one still needs a positive amount")
    func free() throws {
        var ticket = TicketFixture.parking(payload: "")
        ticket.kind = .free
        ticket.amount = 0
        let job = try ticket.escposJob()
        #expect(Self.has(job, "Rp0"))
        #expect(Self.has(job, "Tidak ada biaya"))
        #expect(job.firstRange(of: [0x1D, 0x76, 0x30]) == nil)
        ticket.amount = 100
        #expect(throws: QRImageError.self) { try ticket.escposJob() }
        var payable = TicketFixture.parking(payload: "")
        payable.kind = .payable
        #expect(throws: QRImageError.self) { try payable.escposJob() }
    }
}
