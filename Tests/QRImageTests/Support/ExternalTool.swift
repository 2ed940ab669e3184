import Foundation
import LunasTestSupport

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

    /// Runs `program` found on PATH with `arguments` (through ``ChildProcess``), feeding `input` to
    /// standard input.
    static func run(_ program: String, _ arguments: [String], input: Data? = nil) async throws -> Result {
        let result = try await ChildProcess.run(TestExecutable.onPath(program), arguments, stdin: input ?? Data())
        return Result(status: result.status, output: result.stdout, errorText: result.stderrText)
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
