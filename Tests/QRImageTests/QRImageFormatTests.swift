import Foundation
import Testing

@testable import QRImage

@Suite("QRImageFormat: one entry point per format for the CLI and the API")
struct QRImageFormatTests {
    @Test("render(format:) gives each renderer's output with its defaults")
    func renderMatchesRenderers() throws {
        let matrix = try QRMatrix(payload: Payloads.dynamicQRIS)
        #expect(try matrix.render(.png) == matrix.png(scale: 8))
        #expect(try matrix.render(.png, scale: 3) == matrix.png(scale: 3))
        #expect(try matrix.render(.svg) == Array(matrix.svg().utf8))
        #expect(try matrix.render(.escpos) == matrix.escposJob())
        #expect(try matrix.render(.escpos, scale: 2) == matrix.escposJob(dotsPerModule: 2))
        #expect(try matrix.render(.text) == Array(matrix.terminalText().utf8))
    }

    @Test("media types and extensions")
    func mediaTypes() {
        #expect(QRImageFormat.png.mediaType == "image/png")
        #expect(QRImageFormat.svg.mediaType == "image/svg+xml")
        #expect(QRImageFormat.text.mediaType == "text/plain; charset=utf-8")
        #expect(QRImageFormat.allCases.map(\.rawValue) == ["png", "svg", "escpos", "text"])
        #expect(QRImageFormat.escpos.fileExtension == "bin")
    }
}
