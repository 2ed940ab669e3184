import Foundation

/// The two independent QR decoders used as the oracle: zbar (`zbarimg`) and zxing-cpp (PyPI).
///
/// Both return the payload bytes exactly (`-Sbinary`; zxing's `bytes`), so a test compares bytes,
/// never pixels. zxing runs with `try_invert=False`, so an inverted (white on black) code fails.
enum QRDecoders {
    struct ZXingResult: Decodable {
        var file: String
        var found: Bool
        var hex: String?
        var ecLevel: String?
        var error: String?
    }

    /// Decodes with `zbarimg -q --raw --nodbus -Sbinary` and returns the bytes.
    static func zbar(_ image: URL) async throws -> [UInt8] {
        let result = try await ExternalTool.run("zbarimg", ["-q", "--raw", "--nodbus", "-Sbinary", image.path])
        guard result.status == 0 else {
            throw ExternalTool.Failure(
                description: "zbarimg found no QR code in \(image.lastPathComponent) "
                    + "(exit \(result.status)) \(result.errorText)")
        }
        return Array(result.output)
    }

    /// The Python program that reads images with Pillow and decodes them with zxing-cpp.
    static let zxingScript = """
        import json, sys
        try:
            import zxingcpp
            from PIL import Image
        except ImportError as error:
            sys.exit("zxing-cpp or Pillow missing (%s); run scripts/setup.sh --test" % error)
        out = []
        for path in sys.argv[1:]:
            try:
                found = zxingcpp.read_barcodes(Image.open(path).convert("L"), try_invert=False)
                qr = [b for b in found if "QR" in str(b.format)]
                if qr:
                    out.append({"file": path, "found": True, "hex": qr[0].bytes.hex(), "ecLevel": qr[0].ec_level})
                else:
                    out.append({"file": path, "found": False})
            except Exception as error:
                out.append({"file": path, "found": False, "error": str(error)})
        print(json.dumps(out))
        """

    /// Decodes each image with zxing-cpp in one Python process.
    static func zxing(_ images: [URL]) async throws -> [ZXingResult] {
        let result = try await ExternalTool.run("python3", ["-c", zxingScript] + images.map(\.path))
        guard result.status == 0 else {
            throw ExternalTool.Failure(description: "python3 zxing-cpp decoder failed: \(result.errorText)")
        }
        return try JSONDecoder().decode([ZXingResult].self, from: result.output)
    }

    /// Decodes one image with zxing-cpp and returns the bytes and EC level.
    static func zxing(_ image: URL) async throws -> (bytes: [UInt8], ecLevel: String) {
        guard let first = try await zxing([image]).first, first.found, let hex = first.hex else {
            throw ExternalTool.Failure(description: "zxing-cpp found no QR code in \(image.lastPathComponent)")
        }
        return (hexBytes(hex), first.ecLevel ?? "")
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
