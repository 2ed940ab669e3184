import Foundation
import Testing

@testable import QRImage

@Suite("Ticket as a 384-pixel 1-bit PNG")
struct TicketImageTests {
    @Test("the image is 384 px wide, 1-bit, and its QR decodes", arguments: ["dynamic", "cjk", "long500"])
    func decodes(name: String) async throws {
        let payload = try #require(Payloads.all.first { $0.name == name }).payload
        let ticket = TicketFixture.parking(payload: payload)
        let directory = try TemporaryDirectory()
        let file = directory.file("ticket-\(name).png")
        try Data(ticket.pngImage()).write(to: file)
        Artifacts.keep(file)
        let image = try await PixelImage.read(file)
        #expect(image.mode == "1")
        #expect(image.width == 384)
        try await expectDecodes(file, to: Array(payload.utf8))
    }

    @Test("the QR sits centred with its quiet zone clear of text")
    func quietZone() throws {
        let ticket = TicketFixture.parking()
        let bitmap = try ticket.bitmap()
        let matrix = try QRMatrix(payload: ticket.qrPayload)
        let dots = 384 / (matrix.size + 8)
        let side = dots * (matrix.size + 8)
        let left = (384 - side) / 2
        // Find the QR: the top-left dark module of the finder is 4 modules in from the box.
        var top: Int?
        for y in 0..<bitmap.height where bitmap.isBlack(x: left + 4 * dots, y: y) {
            if (0..<(7 * dots)).allSatisfy({ bitmap.isBlack(x: left + 4 * dots + $0, y: y) }) {
                top = y - 4 * dots
                break
            }
        }
        let boxTop = try #require(top)
        for y in boxTop..<(boxTop + side) {
            for x in left..<(left + side) {
                let module = matrix.isDark(x: (x - left) / dots - 4, y: (y - boxTop) / dots - 4)
                if bitmap.isBlack(x: x, y: y) != module {
                    Issue.record("pixel (\(x), \(y)) differs from its module")
                    return
                }
            }
        }
    }
}
