import Foundation
import Testing

@testable import QRImage

@Suite("ESC/POS: GS v 0 raster for 384-dot printers, and native GS ( k")
struct ESCPOSRenderingTests {
    @Test("the raster prints back into a code both decoders read", arguments: Payloads.all.map(\.name))
    func rasterDecodes(name: String) async throws {
        let payload = try #require(Payloads.all.first { $0.name == name }).payload
        let matrix = try QRMatrix(payload: payload)
        let job = try matrix.escposJob()
        let found = try #require(RasterReader.first(in: job))
        let dots = 384 / (matrix.size + 8)
        #expect(found.raster.image.width <= 384 + 7)
        #expect(found.raster.rows == (matrix.size + 8) * dots)

        let directory = try TemporaryDirectory()
        let file = directory.file("\(name).pgm")
        // Thermal dots are square; 2 pixels per dot keeps small modules easy for zbar.
        try found.raster.image.writePGM(to: file, scale: 2)
        Artifacts.keep(file)
        try await expectDecodes(file, to: Array(payload.utf8))
        #expect(found.raster.image.hasLightBorder(4 * dots))
    }

    @Test("a version-10 code prints at 5 dots per module: header 1D 76 30 00 29 00 45 01")
    func version10Layout() throws {
        let matrix = try QRMatrix(payload: Payloads.dynamicQRIS)
        #expect(matrix.version == 10)
        #expect(try matrix.escposDotsPerModule() == 5)
        let raster = try matrix.escposRaster()
        // 65 modules × 5 dots = 325 dots: 41 bytes per row, 325 (0x145) rows.
        #expect(Array(raster.prefix(8)) == [0x1D, 0x76, 0x30, 0x00, 0x29, 0x00, 0x45, 0x01])
        #expect(raster.count == 8 + 41 * 325)
        // The job around it: ESC @, ESC a 1, the raster, ESC d 4.
        let job = try matrix.escposJob()
        #expect(Array(job.prefix(5)) == [0x1B, 0x40, 0x1B, 0x61, 0x01])
        #expect(Array(job[5..<(5 + raster.count)]) == raster)
        #expect(Array(job.suffix(3)) == [0x1B, 0x64, 0x04])
        #expect(job.count == 5 + raster.count + 3)
    }

    @Test("the largest whole dots per module that fit, from version 1 to 40", arguments: [1, 100, 500, 1000, 2331])
    func dotsPerModule(length: Int) throws {
        let matrix = try QRMatrix(bytes: [UInt8](repeating: 0x30, count: length))
        let dots = try matrix.escposDotsPerModule()
        #expect(dots * (matrix.size + 8) <= 384)
        #expect((dots + 1) * (matrix.size + 8) > 384)
        let raster = try #require(RasterReader.read(try matrix.escposRaster(), at: 0))
        #expect(raster.rows == dots * (matrix.size + 8))
        #expect(raster.image.hasLightBorder(4 * dots))
    }

    @Test("a module size that does not fit the head is refused")
    func tooWide() throws {
        let matrix = try QRMatrix(payload: Payloads.dynamicQRIS)
        let error = try #require(throws: QRImageError.self) { try matrix.escposRaster(dotsPerModule: 6) }
        #expect(error.code == .doesNotFit)
        #expect(error.message.contains("390 dots"))
    }

    @Test("native GS ( k matches the documented function 165/167/169/180/181 bytes")
    func nativeBytes() throws {
        let payload = Array("LUNAS".utf8)
        let bytes = try ESCPOS.nativeQRCode(payload, moduleSize: 6, errorCorrection: .quartile)
        let expected: [UInt8] =
            [0x1D, 0x28, 0x6B, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]
            + [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06]
            + [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x45, 0x32]
            + [0x1D, 0x28, 0x6B, 0x08, 0x00, 0x31, 0x50, 0x30, 0x4C, 0x55, 0x4E, 0x41, 0x53]
            + [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x51, 0x30]
        #expect(bytes == expected)
        // A 500-byte store: pL pH = 503 = 0x01F7, little-endian.
        let long = try ESCPOS.nativeQRCode(Array(Payloads.long500.utf8), moduleSize: 3)
        #expect(Array(long[25..<32]) == [0x1D, 0x28, 0x6B, 0xF7, 0x01, 0x31, 0x50])
    }

    @Test("the native job: ESC @, centre, blank line, GS ( k at the raster's module size, feed")
    func nativeJob() throws {
        let payload = Array(Payloads.dynamicQRIS.utf8)
        let matrix = try QRMatrix(bytes: payload)
        let job = try matrix.escposNativeJob(payload: payload)
        let expected =
            [0x1B, 0x40, 0x1B, 0x61, 0x01, 0x0A] + (try ESCPOS.nativeQRCode(payload, moduleSize: 5))
            + [0x0A, 0x1B, 0x64, 0x04]
        #expect(job == expected)
        let error = try #require(throws: QRImageError.self) {
            try matrix.escposNativeJob(payload: payload, moduleSize: 6)
        }
        #expect(error.code == .doesNotFit)
    }

    @Test("native QR options out of range are refused")
    func nativeErrors() {
        #expect { try ESCPOS.nativeQRCode([], moduleSize: 3) } throws: {
            ($0 as? QRImageError)?.code == .emptyPayload
        }
        #expect { try ESCPOS.nativeQRCode([0x41], moduleSize: 17) } throws: {
            ($0 as? QRImageError)?.code == .invalidOption
        }
    }
}
