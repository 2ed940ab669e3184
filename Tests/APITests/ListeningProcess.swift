import Foundation
import LunasTestSupport
import Testing

/// Runs `lunas` with arguments that make it listen on a port it picks (`--port 0`), its output also
/// going to a log file, and waits (up to 60 s, a time-out rather than a timing assertion) for the
/// "listening on 127.0.0.1:PORT" line.
enum ListeningProcess {
    static func start(_ arguments: [String], log: URL) async throws -> (process: ChildProcess, port: Int) {
        let process = try ChildProcess.start(TestExecutable.lunas(), arguments, log: log)
        let line = try await process.line(containing: "listening on 127.0.0.1:")
        guard let line, let port = port(after: "listening on 127.0.0.1:", in: line) else {
            Issue.record("no 'listening on' line from \(process.command): \(process.printed)")
            throw CancellationError()
        }
        return (process, port)
    }

    /// The port number right after `marker` in `line`.
    static func port(after marker: String, in line: String) -> Int? {
        guard let range = line.range(of: marker) else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }

    /// `lunas serve --demo` on a free port for a copy of the demo city whose `lunas.json` carries
    /// `settings` (for example `["http": ["idleTimeoutSeconds": 2]]`), in a fresh temporary folder.
    static func serveDemoCity(
        with settings: [String: Any], name: String
    ) async throws -> (process: ChildProcess, port: Int, folder: URL) {
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
