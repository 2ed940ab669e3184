import Foundation
import Testing

@Suite("lunas qr render, run as a real process")
struct QRRenderCommandTests {
    /// A payload shaped like a dynamic QRIS (not a valid CRC: the renderer does not care), mixed case.
    static let payload =
        "00020101021226350015ID.CO.BPDMALUKU0116936001310000123451440014ID.CO.QRIS.WWW"
        + "0215ID10221613974200303UMI5204752353033605404500058"
        + "02ID5912Parkir Ambon6005Ambon62160112AMB2611230016304ABCD"

    @Test("--format png --out writes a PNG both decoders read back exactly")
    func pngToFile() async throws {
        let directory = try QRCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("qr.png")
        let result = try await QRCLI.lunas(["qr", "render", "--format", "png", "--out", file.path, Self.payload])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        let png = try Data(contentsOf: file)
        #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        // Scale 8 by default: a version-10 code with quiet zone is 65 × 8 = 520 px (IHDR width).
        #expect(Array(png[16..<20]) == [0, 0, 0x02, 0x08])
        #expect(try await QRCLI.zbar(file) == Array(Self.payload.utf8))
        #expect(try await QRCLI.zxing(file) == Array(Self.payload.utf8))
    }

    @Test("the payload can come from standard input ('-' or nothing), one trailing newline dropped")
    func stdinPayload() async throws {
        let directory = try QRCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [["-"], []] {
            let result = try await QRCLI.lunas(
                ["qr", "render", "--format", "png", "--scale", "4"] + arguments, input: Data((Self.payload + "\n").utf8)
            )
            #expect(result.status == 0, "stderr: \(result.stderr)")
            let file = directory.appendingPathComponent("stdin.png")
            try result.stdout.write(to: file)
            #expect(try await QRCLI.zbar(file) == Array(Self.payload.utf8))
        }
    }

    @Test("--format svg writes SVG to standard output that decodes after rsvg-convert")
    func svg() async throws {
        let result = try await QRCLI.lunas(["qr", "render", "--format", "svg", "--ec", "Q", Self.payload])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let text = String(decoding: result.stdout, as: UTF8.self)
        #expect(text.hasPrefix("<?xml"))
        let directory = try QRCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let svg = directory.appendingPathComponent("qr.svg")
        let png = directory.appendingPathComponent("qr.png")
        try result.stdout.write(to: svg)
        let raster = try await QRCLI.run(QRCLI.tool("rsvg-convert"), ["-z", "1", "-o", png.path, svg.path])
        #expect(raster.status == 0, "rsvg-convert: \(raster.stderr)")
        #expect(try await QRCLI.zxing(png) == Array(Self.payload.utf8))
        #expect(try await QRCLI.zbar(png) == Array(Self.payload.utf8))
    }

    @Test("--format escpos writes ESC @, ESC a 1 and a GS v 0 raster at 5 dots per module")
    func escpos() async throws {
        let result = try await QRCLI.lunas(["qr", "render", "--format", "escpos", Self.payload])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let bytes = Array(result.stdout)
        #expect(
            Array(bytes.prefix(13)) == [0x1B, 0x40, 0x1B, 0x61, 0x01, 0x1D, 0x76, 0x30, 0x00, 0x29, 0x00, 0x45, 0x01])
        let expectedCount: Int = 13 + 41 * 325 + 3  // header, 41 rows of 325 bytes, feed and cut
        #expect(bytes.count == expectedCount)

        let native = try await QRCLI.lunas(["qr", "render", "--format", "escpos", "--native", "--scale", "6", "LUNAS"])
        #expect(native.status == 0, "stderr: \(native.stderr)")
        let store: [UInt8] = [0x1D, 0x28, 0x6B, 0x08, 0x00, 0x31, 0x50, 0x30] + Array("LUNAS".utf8)
        #expect(Array(native.stdout).firstRange(of: store) != nil)
        #expect(Array(native.stdout).firstRange(of: [0x1D, 0x28, 0x6B, 0x03, 0x00, 0x31, 0x43, 0x06]) != nil)
    }

    @Test("--format text prints coloured half blocks, or ASCII with --ascii")
    func text() async throws {
        let blocks = try await QRCLI.lunas(["qr", "render", "--format", "text", "LUNAS"])
        #expect(blocks.status == 0)
        let text = String(decoding: blocks.stdout, as: UTF8.self)
        #expect(text.hasPrefix("\u{1B}[40;37;1m"))
        #expect(text.contains("▀") || text.contains("▄"))
        // Version 1: 21 + 8 = 29 module rows, two per line: 15 lines.
        #expect(text.split(separator: "\n").count == 15)

        let ascii = try await QRCLI.lunas(["qr", "render", "--format", "text", "--ascii", "LUNAS"])
        #expect(ascii.status == 0)
        #expect(String(decoding: ascii.stdout, as: UTF8.self).split(separator: "\n").count == 29)
    }

    @Test(
        "bad options exit 2 (usage error) with a clear message and write nothing",
        arguments: [
            (["--format", "gif", "X"], "gif"),
            (["--format", "png", "--ec", "X", "X"], "--ec must be L, M, Q or H"),
            (["--format", "png", "--scale", "0", "X"], "--scale must be 1 to 64"),
            (["--format", "text", "--scale", "2", "X"], "--scale does not apply"),
            (["--format", "png", "--ascii", "X"], "--ascii applies only"),
            (["--format", "escpos", "--scale", "9", String(repeating: "A", count: 200)], "qr.does_not_fit"),
        ])
    func badOptions(arguments: [String], message: String) async throws {
        let directory = try QRCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("out.img")
        let result = try await QRCLI.lunas(["qr", "render", "--out", file.path] + arguments)
        #expect(result.status == 2, "stderr: \(result.stderr)")
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test("a payload too long for any version, or empty, exits 65 and writes nothing")
    func badPayloads() async throws {
        let directory = try QRCLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("out.png")
        let long = String(repeating: "A", count: 2332)
        let tooLong = try await QRCLI.lunas(["qr", "render", "--format", "png", "--out", file.path, long])
        #expect(tooLong.status == 65)
        #expect(tooLong.stderr.contains("qr.payload_too_long"))
        #expect(tooLong.stderr.contains("2332 bytes"))
        #expect(!FileManager.default.fileExists(atPath: file.path))

        let atH = try await QRCLI.lunas(
            ["qr", "render", "--format", "png", "--ec", "H", "-"], input: Data(String(repeating: "A", count: 1274).utf8)
        )
        #expect(atH.status == 65)
        #expect(atH.stderr.contains("level H"))

        let huge = try await QRCLI.lunas(["qr", "render", "--format", "png"], input: Data(count: 1_000_000))
        #expect(huge.status == 65)
        #expect(huge.stderr.contains("more than 2955 bytes"))
        #expect(huge.stdout.isEmpty)

        let empty = try await QRCLI.lunas(["qr", "render", "--format", "svg", "-"], input: Data())
        #expect(empty.status == 65)
        #expect(empty.stderr.contains("qr.empty_payload"))
    }

    @Test("an output file that cannot be written exits 74 with the path in the message")
    func unwritableOutput() async throws {
        let path = "/nonexistent-lunas-dir/qr.png"
        let result = try await QRCLI.lunas(["qr", "render", "--format", "png", "--out", path, "LUNAS"])
        #expect(result.status == 74)
        #expect(result.stderr.contains(path))
    }
}
