import Foundation
import Testing

@testable import QRImage

@Suite("Terminal text: coloured half blocks and plain ASCII")
struct TerminalRenderingTests {
    /// Rebuilds the module picture from half-block text: each character is one module column and
    /// two module rows; light modules are the white foreground, dark ones the black background.
    static func modules(fromHalfBlocks text: String) throws -> PixelImage {
        var rows: [[Bool]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            var body = String(line)
            #expect(body.hasPrefix("\u{1B}[40;37;1m"), "each line sets black background, bright white text")
            #expect(body.hasSuffix("\u{1B}[0m"), "each line resets the colours")
            body = String(body.dropFirst("\u{1B}[40;37;1m".count).dropLast("\u{1B}[0m".count))
            var top: [Bool] = []
            var bottom: [Bool] = []
            for character in body {
                switch character {
                case "█": top.append(false); bottom.append(false)
                case "▀": top.append(false); bottom.append(true)
                case "▄": top.append(true); bottom.append(false)
                case " ": top.append(true); bottom.append(true)
                default: throw ExternalTool.Failure(description: "unexpected character \(character) in half-block text")
                }
            }
            rows.append(top)
            rows.append(bottom)
        }
        let width = rows.first?.count ?? 0
        return PixelImage(width: width, height: rows.count, dark: rows.flatMap { $0 })
    }

    @Test("half-block text decodes on pixels with its colours applied", arguments: Payloads.all.map(\.name))
    func halfBlocksDecode(name: String) async throws {
        let payload = try #require(Payloads.all.first { $0.name == name }).payload
        let matrix = try QRMatrix(payload: payload)
        let text = matrix.terminalText()
        let image = try Self.modules(fromHalfBlocks: text)
        #expect(image.width == matrix.size + 8)
        #expect(image.height == matrix.size + 9)  // odd size: one more light row at the bottom
        #expect(image.hasLightBorder(4))
        let directory = try TemporaryDirectory()
        let file = directory.file("\(name).pgm")
        try image.writePGM(to: file, scale: 6)
        try await expectDecodes(file, to: Array(payload.utf8))
    }

    @Test("ASCII fallback decodes when printed dark on light")
    func asciiDecodes() async throws {
        let matrix = try QRMatrix(payload: Payloads.dynamicQRIS)
        let text = matrix.terminalText(style: .ascii)
        #expect(text.allSatisfy { $0 == "#" || $0 == " " || $0 == "\n" })
        let lines = text.split(separator: "\n")
        #expect(lines.count == matrix.size + 8)
        let side = matrix.size + 8
        var dark: [Bool] = []
        for line in lines {
            let characters = Array(line)
            #expect(characters.count == side * 2)
            for column in 0..<side { dark.append(characters[column * 2] == "#") }
        }
        let image = PixelImage(width: side, height: side, dark: dark)
        #expect(image.hasLightBorder(4))
        let directory = try TemporaryDirectory()
        let file = directory.file("ascii.pgm")
        try image.writePGM(to: file, scale: 6)
        try await expectDecodes(file, to: Array(Payloads.dynamicQRIS.utf8))
    }
}
