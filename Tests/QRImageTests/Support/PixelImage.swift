import Foundation

/// A black-and-white picture as read back from a file by an independent reader (Pillow), or
/// rebuilt by a test from printer bytes or terminal text.
struct PixelImage {
    var width: Int
    var height: Int
    /// Row-major, true for a dark pixel.
    var dark: [Bool]
    /// Pillow's mode for the file (`1` for a 1-bit image); empty for rebuilt images.
    var mode = ""

    init(width: Int, height: Int, dark: [Bool], mode: String = "") {
        self.width = width
        self.height = height
        self.dark = dark
        self.mode = mode
    }

    func isDark(_ x: Int, _ y: Int) -> Bool { dark[y * width + x] }

    /// Whether every pixel within `margin` of each edge is light.
    func hasLightBorder(_ margin: Int) -> Bool {
        for y in 0..<height {
            for x in 0..<width where x < margin || y < margin || x >= width - margin || y >= height - margin {
                if isDark(x, y) { return false }
            }
        }
        return true
    }

    /// The bounding box of the dark pixels: (minX, minY, maxX, maxY).
    var inkBounds: (Int, Int, Int, Int)? {
        var bounds: (Int, Int, Int, Int)?
        for y in 0..<height {
            for x in 0..<width where isDark(x, y) {
                if let b = bounds {
                    bounds = (min(b.0, x), min(b.1, y), max(b.2, x), max(b.3, y))
                } else {
                    bounds = (x, y, x, y)
                }
            }
        }
        return bounds
    }

    /// Reads an image file with Pillow (greyscale, dark below 128).
    static func read(_ file: URL) async throws -> PixelImage {
        let script = """
            import sys
            from PIL import Image
            image = Image.open(sys.argv[1])
            mode = image.mode
            image.load()
            grey = image.convert("L") if image.mode != "RGBA" else Image.alpha_composite(
                Image.new("RGBA", image.size, (255, 255, 255, 255)), image).convert("L")
            data = grey.tobytes()
            sys.stdout.write("%s %d %d\\n" % (mode, grey.width, grey.height))
            sys.stdout.write("".join("1" if b < 128 else "0" for b in data))
            """
        let result = try await ExternalTool.run("python3", ["-c", script, file.path])
        guard result.status == 0 else {
            throw ExternalTool.Failure(
                description: "Pillow could not read \(file.lastPathComponent): \(result.errorText)")
        }
        let text = String(decoding: result.output, as: UTF8.self)
        let parts = text.split(separator: "\n", maxSplits: 1)
        let header = parts[0].split(separator: " ")
        let width = Int(header[1])!
        let height = Int(header[2])!
        let pixels = parts.count > 1 ? parts[1].utf8.map { $0 == UInt8(ascii: "1") } : []
        return PixelImage(width: width, height: height, dark: pixels, mode: String(header[0]))
    }

    /// Writes the picture as a binary PGM (P5) file, `scale` pixels per picture pixel, with a
    /// white border of `border` pixels, for the decoders.
    func writePGM(to file: URL, scale: Int = 1, border: Int = 0) throws {
        let outWidth = width * scale + 2 * border
        let outHeight = height * scale + 2 * border
        var data = Data("P5\n\(outWidth) \(outHeight)\n255\n".utf8)
        var pixels = [UInt8](repeating: 255, count: outWidth * outHeight)
        for y in 0..<height {
            for x in 0..<width where isDark(x, y) {
                for dy in 0..<scale {
                    for dx in 0..<scale {
                        pixels[(border + y * scale + dy) * outWidth + border + x * scale + dx] = 0
                    }
                }
            }
        }
        data.append(contentsOf: pixels)
        try data.write(to: file)
    }
}
