import Foundation
import Testing

@testable import QRImage

@Suite("SVG: one path of runs, rasterised by rsvg-convert and decoded")
struct SVGRenderingTests {
    @Test("every fixture payload decodes after rasterising", arguments: Payloads.all.map(\.name))
    func decodes(name: String) async throws {
        let payload = try #require(Payloads.all.first { $0.name == name }).payload
        let matrix = try QRMatrix(payload: payload)
        let directory = try TemporaryDirectory()
        let svg = directory.file("\(name).svg")
        let png = directory.file("\(name).png")
        try Data(matrix.svg().utf8).write(to: svg)
        let side = (matrix.size + 8) * 6
        let result = try await ExternalTool.run(
            "rsvg-convert", ["-w", "\(side)", "-h", "\(side)", "-o", png.path, svg.path])
        #expect(result.status == 0, "rsvg-convert failed: \(result.errorText)")
        try await expectDecodes(png, to: Array(payload.utf8))

        // The quiet zone, checked on the rasterised pixels: 4 modules of 6 px each, all white.
        let image = try await PixelImage.read(png)
        #expect(image.width == side)
        #expect(image.hasLightBorder(4 * 6))
        let bounds = try #require(image.inkBounds)
        #expect(bounds.0 == 24 && bounds.1 == 24)
        #expect(bounds.2 == side - 25 && bounds.3 == side - 25)
    }

    @Test("the document is one white rect and one black path with crisp edges")
    func structure() throws {
        let matrix = try QRMatrix(payload: Payloads.staticQRIS)
        let svg = try matrix.svg(scale: 4)
        let side = matrix.size + 8
        #expect(svg.contains("viewBox=\"0 0 \(side) \(side)\""))
        #expect(svg.contains("width=\"\(side * 4)\""))
        #expect(svg.contains("shape-rendering=\"crispEdges\""))
        #expect(svg.contains("<rect width=\"\(side)\" height=\"\(side)\" fill=\"#ffffff\"/>"))
        #expect(svg.components(separatedBy: "<path").count == 2)
        // The first run is the top row of the top-left finder: 7 dark modules at (4, 4).
        #expect(svg.contains("d=\"M4 4h7v1h-7z"))
    }
}
