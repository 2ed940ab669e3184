import Foundation
import Testing

@Suite("lunas qr ticket, run as a real process")
struct QRTicketCommandTests {
    static let base = [
        "qr", "ticket", "--payload", QRRenderCommandTests.payload, "--city", "PEMERINTAH KOTA AMBON",
        "--merchant", "PARKIR AMBON", "--nmid", "ID1022161397420", "--terminal", "A01", "--amount", "5000",
        "--bill", "AMB2611230001", "--code", "LNS-7Q2K-9XWD", "--issued-at", "2026-11-23T05:05:00Z",
        "--plate", "DE 1234 AB",
    ]

    @Test("an ESC/POS ticket starts with ESC @, carries the labels and ends with feed and cut")
    func escpos() async throws {
        let result = try await QRCLI.lunas(Self.base)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let job = Array(result.stdout)
        #expect(Array(job.prefix(2)) == [0x1B, 0x40])
        #expect(Array(job.suffix(7)) == [0x1B, 0x64, 0x04, 0x1D, 0x56, 0x42, 0x00])
        for text in [
            "KARCIS PARKIR", "Rp5.000", "Bayar dengan QRIS", "Waktu: 23-11-2026 14:05 WIT", "Plat: DE 1234 AB",
        ] {
            #expect(job.firstRange(of: Array(text.utf8)) != nil, "missing \(text)")
        }
        // The raster QR: GS v 0 with 41 bytes × 325 rows for this version-10 payload.
        #expect(job.firstRange(of: [0x1D, 0x76, 0x30, 0x00, 0x29, 0x00, 0x45, 0x01]) != nil)
    }

    @Test("a PNG ticket decodes to the payload with both decoders")
    func png() async throws {
        let directory = try QRCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("ticket.png")
        let result = try await QRCLI.lunas(Self.base + ["--format", "png", "--out", file.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(try await QRCLI.zbar(file) == Array(QRRenderCommandTests.payload.utf8))
        #expect(try await QRCLI.zxing(file) == Array(QRRenderCommandTests.payload.utf8))
    }

    @Test("bad ticket content exits 65, bad options 2 (usage error), with the field named")
    func errors() async throws {
        let zero = try await QRCLI.lunas(Self.base + ["--amount", "0"])
        #expect(zero.status == 65)
        #expect(zero.stderr.contains("qr.invalid_ticket"))
        #expect(zero.stderr.contains("amount"))
        #expect(zero.stdout.isEmpty)

        let zone = try await QRCLI.lunas(Self.base + ["--time-zone", "Mars/Olympus"])
        #expect(zone.status == 2)
        #expect(zone.stderr.contains("Mars/Olympus"))

        let time = try await QRCLI.lunas(Self.base + ["--issued-at", "yesterday"])
        #expect(time.status == 2)
        #expect(time.stderr.contains("ISO 8601"))
    }
}
