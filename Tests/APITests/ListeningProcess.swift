import Foundation
import Testing

/// Runs `lunas` with arguments that make it listen on a port it picks (`--port 0`), its output going
/// to a log file, and waits (up to 60 s, a time-out rather than a timing assertion) for the
/// "listening on 127.0.0.1:PORT" line.
enum ListeningProcess {
    static func start(_ arguments: [String], log: URL) async throws -> (process: Process, port: Int) {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = try DeviceCLITests.binary()
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        var port: Int?
        for _ in 0..<600 where port == nil {
            let text = String(decoding: try Data(contentsOf: log), as: UTF8.self)
            if let range = text.range(of: "listening on 127.0.0.1:") {
                port = Int(text[range.upperBound...].prefix { $0.isNumber })
            } else {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        let output = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        guard let port else {
            if process.isRunning { process.terminate() }
            Issue.record("no 'listening on' line in \(output)")
            throw CancellationError()
        }
        return (process, port)
    }
}
