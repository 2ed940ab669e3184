import Foundation
import Testing

@testable import QRImage

@Suite("PNG: 1-bit greyscale, decoded by zbar and zxing-cpp")
struct PNGRenderingTests {
    @Test("every fixture payload decodes back to its exact bytes", arguments: Payloads.all.map(\.name))
    func decodes(name: String) async throws {
        let payload = try #require(Payloads.all.first { $0.name == name }).payload
        let directory = try TemporaryDirectory()
        let file = directory.file("\(name).png")
        let matrix = try QRMatrix(payload: payload)
        try Data(matrix.png()).write(to: file)
        Artifacts.keep(file)
        try await expectDecodes(file, to: Array(payload.utf8), ecLevel: "M")
    }

    @Test(
        "the file is a 1-bit greyscale PNG whose pixels are the modules plus a white quiet zone",
        arguments: [1, 3, 8])
    func pixels(scale: Int) async throws {
        let matrix = try QRMatrix(payload: Payloads.dynamicQRIS)
        let png = try matrix.png(scale: scale)
        // Signature, then IHDR: width, height, bit depth 1, colour type 0 (PNG spec 11.2.2).
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        #expect(png[24] == 1)
        #expect(png[25] == 0)
        #expect(Array(png.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])

        let directory = try TemporaryDirectory()
        let file = directory.file("qr.png")
        try Data(png).write(to: file)
        let image = try await PixelImage.read(file)
        let side = (matrix.size + 8) * scale
        #expect(image.mode == "1")
        #expect(image.width == side && image.height == side)
        // Decoders accept codes without a quiet zone, so check it on the pixels themselves.
        #expect(image.hasLightBorder(4 * scale))
        var mismatches = 0
        for y in 0..<side {
            for x in 0..<side where image.isDark(x, y) != matrix.isDark(x: x / scale - 4, y: y / scale - 4) {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
        // Black on white, never inverted: the top-left finder pattern's corner module is dark.
        #expect(image.isDark(4 * scale, 4 * scale))
        #expect(!image.isDark(4 * scale - 1, 4 * scale - 1))
    }

    @Test("Pillow verifies every chunk CRC and the zlib stream")
    func verifies() async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("qr.png")
        try Data(QRMatrix(payload: Payloads.staticQRIS).png()).write(to: file)
        let script =
            "import sys\nfrom PIL import Image\nImage.open(sys.argv[1]).verify()\nImage.open(sys.argv[1]).load()"
        let result = try await ExternalTool.run("python3", ["-c", script, file.path])
        #expect(result.status == 0, "Pillow rejected the PNG: \(result.errorText)")
    }

    @Test("a scale outside 1...64 is a specific error", arguments: [0, -1, 65])
    func badScale(scale: Int) throws {
        let matrix = try QRMatrix(payload: "LUNAS")
        let error = try #require(throws: QRImageError.self) { try matrix.png(scale: scale) }
        #expect(error.code == .invalidOption)
        #expect(error.message.contains("scale \(scale)"))
    }

    @Test("an image wider than 8192 px is refused, not allocated")
    func tooLarge() throws {
        let matrix = try QRMatrix(bytes: [UInt8](repeating: 0x41, count: 2331))
        #expect(matrix.version == 40)
        let error = try #require(throws: QRImageError.self) { try matrix.png(scale: 45) }
        #expect(error.code == .invalidOption)
        #expect(error.message.contains("8325 px"))
        #expect(try matrix.png(scale: 44).count > 0)
    }

    @Test("EC levels are honoured: zxing-cpp reports the level we asked for", arguments: QRErrorCorrection.allCases)
    func ecLevel(level: QRErrorCorrection) async throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("qr.png")
        try Data(QRMatrix(payload: Payloads.dynamicQRIS, errorCorrection: level).png(scale: 4)).write(to: file)
        try await expectDecodes(file, to: Array(Payloads.dynamicQRIS.utf8), ecLevel: level.rawValue)
    }
}
