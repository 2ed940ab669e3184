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

    /// `lunas serve --demo` on a free port for a copy of the demo city whose `lunas.json` carries
    /// `settings` (for example `["http": ["idleTimeoutSeconds": 2]]`), in a fresh temporary folder.
    static func serveDemoCity(
        with settings: [String: Any], name: String
    ) async throws -> (process: Process, port: Int, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-\(name)-\(UUID().uuidString)")
        let config = folder.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: URL(fileURLWithPath: APIFixture.configDirectory), to: config)
        let file = config.appendingPathComponent("lunas.json")
        var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        root.merge(settings) { $1 }
        try JSONSerialization.data(withJSONObject: root).write(to: file)
        let (process, port) = try await start(
            [
                "serve", "--demo", "--port", "0", "--metrics-port", "0", "--data-dir",
                folder.appendingPathComponent("data").path, "--config", file.path,
            ], log: folder.appendingPathComponent("serve.log"))
        return (process, port, folder)
    }
}
