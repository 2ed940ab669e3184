import Foundation

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

    /// The `lunas` executable next to the test bundle (built by `swift build --build-tests`).
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let path = ProcessInfo.processInfo.environment["LUNAS_BINARY"] {
            candidates.append(URL(fileURLWithPath: path))
        }
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argv0.deletingLastPathComponent().appendingPathComponent("lunas"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lunas"))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("lunas"))
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        candidates.append(cwd.appendingPathComponent(".build/debug/lunas"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw Failure(
            description: "the lunas binary was not found (looked in \(candidates.map(\.path))); "
                + "build it with `swift build --build-tests` first")
    }

    /// Runs `lunas` with `arguments`, feeding `input` to standard input.
    static func lunas(_ arguments: [String], input: Data = Data()) throws -> Result {
        try run(binary(), arguments, input: input)
    }

    static func run(_ executable: URL, _ arguments: [String], input: Data = Data()) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        // stderr goes to a file, so reading stdout to its end can never block on a full stderr pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-qr-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = errorHandle
        process.standardInput = stdin
        _ = ignoreBrokenPipes
        try process.run()
        // A child that exits before reading all its input must not kill the test with SIGPIPE.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errorText = String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        return Result(status: process.terminationStatus, stdout: output, stderr: errorText)
    }

    /// Ignores SIGPIPE once for the test process: a write to a child that already exited then
    /// fails with EPIPE (which the runner tolerates) instead of killing the process.
    static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

    /// Finds `program` on PATH or fails with an install hint.
    static func tool(_ program: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw Failure(description: "\(program) is not installed (a real test oracle); run scripts/setup.sh --test")
    }

    /// Decodes an image with zbar (`-Sbinary`, exact bytes).
    static func zbar(_ image: URL) throws -> [UInt8] {
        let result = try run(tool("zbarimg"), ["-q", "--raw", "--nodbus", "-Sbinary", image.path])
        guard result.status == 0 else {
            throw Failure(description: "zbarimg found no QR code in \(image.lastPathComponent): \(result.stderr)")
        }
        return Array(result.stdout)
    }

    /// Decodes an image with zxing-cpp (Pillow reads it; inverted codes are not tried).
    static func zxing(_ image: URL) throws -> [UInt8] {
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
        let result = try run(tool("python3"), ["-c", script, image.path])
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
