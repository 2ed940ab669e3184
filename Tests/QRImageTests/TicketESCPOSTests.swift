import Foundation
import Testing

@testable import QRImage

@Suite("Ticket as one ESC/POS job, checked byte by byte")
struct TicketESCPOSTests {
    /// One text line as documented: ESC a n, GS ! n, ESC E n, the ASCII text, LF.
    static func line(_ text: String, _ alignment: UInt8 = 1, large: Bool = false, bold: Bool = false) -> [UInt8] {
        [0x1B, 0x61, alignment, 0x1D, 0x21, large ? 0x11 : 0x00, 0x1B, 0x45, bold ? 1 : 0] + Array(text.utf8) + [0x0A]
    }

    static let rule: [UInt8] = line(String(repeating: "-", count: 32), 0)

    @Test("header, centred raster QR, amount, details, feed and cut")
    func jobBytes() async throws {
        let ticket = TicketFixture.parking()
        let job = try ticket.escposJob()

        let head: [UInt8] =
            [0x1B, 0x40]  // ESC @: initialise
            + Self.line("KARCIS PARKIR", large: true, bold: true)
            + Self.line("PEMERINTAH KOTA AMBON", bold: true)
            + Self.line("PARKIR KOTA AMBON")
            + Self.line("NMID: ID1022161397420")
            + Self.line("Terminal: A01")
            + [0x0A]
            + [0x1B, 0x61, 0x01]  // centre the raster
        #expect(Array(job.prefix(head.count)) == head)

        let raster = try #require(RasterReader.read(job, at: head.count), "a GS v 0 raster follows the header")
        #expect(raster.mode == 0)
        #expect(raster.bytesPerRow == 41)
        #expect(raster.rows == 325)

        let tail: [UInt8] =
            [0x0A]
            + Self.line("Rp5.000", large: true, bold: true)
            + Self.line("Bayar dengan QRIS")
            + Self.rule
            + Self.line("No. Tagihan: AMB2611230001", 0)
            + Self.line("Waktu: 23-11-2026 14:05 WIT", 0)
            + Self.line("Plat: DE 1234 AB", 0)
            + Self.line("Zona: Jl. A.Y. Patty", 0)
            + Self.line("Kendaraan: Motor", 0)
            + Self.line("Kode verifikasi:", 0)
            + Self.line("LNS-7Q2K-9XWD", 0, bold: true)
            + Self.rule
            + Self.line("Simpan karcis ini sebagai bukti")
            + [0x1B, 0x64, 0x04]  // ESC d 4: feed
            + [0x1D, 0x56, 0x42, 0x00]  // GS V 66 0: feed to cutter, partial cut
        #expect(job.count == head.count + raster.length + tail.count)
        #expect(Array(job.suffix(tail.count)) == tail)

        let directory = try TemporaryDirectory()
        let file = directory.file("ticket-qr.pgm")
        try raster.image.writePGM(to: file, scale: 2)
        try await expectDecodes(file, to: Array(Payloads.dynamicQRIS.utf8), ecLevel: "M")
    }

    @Test("optional lines are left out; native GS ( k replaces the raster when asked")
    func nativeWithoutOptionalLines() throws {
        var ticket = TicketFixture.parking()
        ticket.title = "RETRIBUSI SAMPAH"
        ticket.plate = nil
        ticket.zone = nil
        ticket.vehicleClass = nil
        let job = try ticket.escposJob(options: TicketPrintOptions(qrCodeMode: .native))
        #expect(RasterReader.first(in: job) == nil)
        let native = try ESCPOS.nativeQRCode(Array(Payloads.dynamicQRIS.utf8), moduleSize: 5)
        let qrPart: [UInt8] = [0x0A, 0x1B, 0x61, 0x01, 0x0A] + native + [0x0A, 0x0A]
        #expect(job.firstRange(of: qrPart) != nil)
        #expect(job.firstRange(of: Self.line("RETRIBUSI SAMPAH", large: true, bold: true)) != nil)
        #expect(job.firstRange(of: Array("Plat:".utf8)) == nil)
        #expect(job.firstRange(of: Array("Kendaraan:".utf8)) == nil)
    }

    @Test("text is folded to printable ASCII: accents dropped, CJK as ?, no smuggled ESC")
    func asciiSafe() throws {
        var ticket = TicketFixture.parking(payload: Payloads.cjkQRIS)
        ticket.merchantName = "Café Ümit\u{1B}@ 安汶"
        ticket.verificationCode = "ＡＢＣ-123"
        let job = try ticket.escposJob()
        #expect(job.firstRange(of: Self.line("Cafe Umit @ ??")) != nil)
        #expect(job.firstRange(of: Self.line("ABC-123", 0, bold: true)) != nil)
        // Outside the raster data, every byte is a command we wrote or printable ASCII.
        let raster = try #require(RasterReader.first(in: job))
        let outside = Array(job[..<raster.offset]) + Array(job[(raster.offset + raster.raster.length)...])
        #expect(!outside.contains { $0 >= 0x80 })
        // ESC @, ESC a + ESC E on each of 15 text lines and 2 rules, ESC a before the QR, ESC d 4:
        // the ESC in the merchant name became a space.
        #expect(outside.filter { $0 == 0x1B }.count == 1 + 2 * 17 + 1 + 1)
    }

    @Test("long text wraps at 32 characters (16 when large)")
    func wrapping() throws {
        var ticket = TicketFixture.parking()
        ticket.merchantName = "DINAS PERHUBUNGAN KOTA AMBON UNIT PARKIR TEPI JALAN"
        ticket.title = "KARCIS PARKIR TEPI JALAN UMUM"
        let job = try ticket.escposJob()
        #expect(job.firstRange(of: Self.line("DINAS PERHUBUNGAN KOTA AMBON")) != nil)
        #expect(job.firstRange(of: Self.line("UNIT PARKIR TEPI JALAN")) != nil)
        #expect(job.firstRange(of: Self.line("KARCIS PARKIR", large: true, bold: true)) != nil)
        #expect(job.firstRange(of: Self.line("TEPI JALAN UMUM", large: true, bold: true)) != nil)
    }

    @Test("missing fields and bad amounts are specific errors naming the field")
    func validation() throws {
        var ticket = TicketFixture.parking()
        ticket.nmid = "  "
        var error = try #require(throws: QRImageError.self) { try ticket.escposJob() }
        #expect(error.code == .invalidTicket)
        #expect(error.message.contains("nmid"))

        ticket = TicketFixture.parking()
        ticket.amount = 0
        error = try #require(throws: QRImageError.self) { try ticket.pngImage() }
        #expect(error.code == .invalidTicket)
        #expect(error.message.contains("amount"))

        ticket = TicketFixture.parking()
        ticket.zone = String(repeating: "Z", count: 257)
        error = try #require(throws: QRImageError.self) { try ticket.pngImage() }
        #expect(error.code == .invalidTicket)
        #expect(error.message.contains("zone"))
        #expect(error.message.contains("257"))

        ticket = TicketFixture.parking(payload: String(repeating: "9", count: 3000))
        error = try #require(throws: QRImageError.self) { try ticket.escposJob() }
        #expect(error.code == .payloadTooLong)
    }
}
