import Foundation

/// Runs a real program (a QR decoder, a rasteriser) and reports what it did.
///
/// A missing program is a test failure with a message that says how to install it, never a skip.
struct ExternalTool {
    struct Result {
        var status: Int32
        var output: Data
        var errorText: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `program` found on PATH with `arguments`, feeding `input` to standard input.
    static func run(_ program: String, _ arguments: [String], input: Data? = nil) throws -> Result {
        guard let path = locate(program) else {
            throw Failure(
                description: "\(program) is not installed (needed as a real test oracle); "
                    + "run scripts/setup.sh --test")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // stderr goes to a file, so reading stdout to its end can never block on a full stderr pipe.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "qrimage-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = errorHandle
        process.standardInput = stdin
        _ = BrokenPipes.ignoreBrokenPipes
        try process.run()
        // A child that exits before reading all its input must not kill the test with SIGPIPE.
        if let input { try? stdin.fileHandleForWriting.write(contentsOf: input) }
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let errorText = String(decoding: try Data(contentsOf: errorFile), as: UTF8.self)
        return Result(status: process.terminationStatus, output: output, errorText: errorText)
    }

    static func locate(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// A fresh temporary directory, removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("qrimage-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Ignores SIGPIPE once for the test process, so a write to a child that already exited fails
/// with EPIPE instead of killing the tests.
enum BrokenPipes {
    static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}
