import Foundation
import LunasTestSupport

/// Runs the built `lunas` binary and the QR decoders as real processes, for the `qr` CLI tests.
enum QRCLI {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `lunas` with `arguments`, feeding `input` to standard input.
    static func lunas(_ arguments: [String], input: Data = Data()) async throws -> Result {
        try await run(TestExecutable.lunas(), arguments, input: input)
    }

    static func run(_ executable: URL, _ arguments: [String], input: Data = Data()) async throws -> Result {
        let result = try await ChildProcess.run(executable, arguments, stdin: input)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderrText)
    }

    /// Finds `program` on PATH or fails with an install hint.
    static func tool(_ program: String) throws -> URL { try TestExecutable.onPath(program) }

    /// Decodes an image with zbar (`-Sbinary`, exact bytes).
    static func zbar(_ image: URL) async throws -> [UInt8] {
        let result = try await run(tool("zbarimg"), ["-q", "--raw", "--nodbus", "-Sbinary", image.path])
        guard result.status == 0 else {
            throw Failure(description: "zbarimg found no QR code in \(image.lastPathComponent): \(result.stderr)")
        }
        return Array(result.stdout)
    }

    /// Decodes an image with zxing-cpp (Pillow reads it; inverted codes are not tried).
    static func zxing(_ image: URL) async throws -> [UInt8] {
        let script = """
            import sys
            try:
                import zxingcpp
                from PIL import Image
            except ImportError as error:
                sys.exit("zxing-cpp or Pillow missing (%s); run scripts/setup.sh --test" % error)
            found = zxingcpp.read_barcodes(Image.open(sys.argv[1]).convert("L"), try_invert=False)
            if not found:
                sys.exit("zxing-cpp found no code")
            sys.stdout.write(found[0].bytes.hex())
            """
        let result = try await run(tool("python3"), ["-c", script, image.path])
        guard result.status == 0 else { throw Failure(description: "zxing-cpp: \(result.stderr)") }
        let hex = String(decoding: result.stdout, as: UTF8.self)
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-qr-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
