import Foundation
import LunasTestSupport
import Testing

/// One handheld of the end-to-end test: `lunas handheld …` with its own state directory and a
/// printer file, every command's printed bytes checked as ESC/POS.
struct HandheldTerminal {
    let name: String
    let stateDirectory: URL
    let printerFile: URL

    init(_ name: String, in root: URL) {
        self.name = name
        stateDirectory = root.appendingPathComponent(name)
        printerFile = root.appendingPathComponent("\(name)-printer.bin")
    }

    /// Runs a command with `--json` and returns its status and output.
    func run(_ arguments: [String], extra: [String] = []) async throws -> ChildProcess.Result {
        try await ChildProcess.run(
            TestExecutable.lunas(),
            ["handheld"] + arguments + ["--state-dir", stateDirectory.path, "--printer", printerFile.path, "--json"]
                + extra, timeout: .seconds(120))
    }

    /// Starts a command without waiting for it.
    func start(_ arguments: [String], log: URL) throws -> ChildProcess {
        try ChildProcess.start(
            TestExecutable.lunas(),
            ["handheld"] + arguments + ["--state-dir", stateDirectory.path, "--printer", printerFile.path, "--json"],
            log: log)
    }

    /// Runs a command that must succeed and returns its JSON object.
    @discardableResult
    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let result = try await run(arguments)
        try #require(result.succeeded, "\(name) \(arguments): \(result)", sourceLocation: sourceLocation)
        return try #require(
            try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any], "\(result.stdoutText)",
            sourceLocation: sourceLocation)
    }

    /// Runs a ticket command that must succeed and print exactly one valid ESC/POS job naming the
    /// plate (and the bill number, with a QR, for a bill); returns the command's ticket object.
    func ticket(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any]
    {
        let before = (try? FileManager.default.attributesOfItem(atPath: printerFile.path)[.size] as? Int) ?? 0
        let answer = try await json(arguments, sourceLocation: sourceLocation)
        let bytes = Array(try Data(contentsOf: printerFile))
        let (job, end) = try ESCPOSJobReader.read(bytes, from: before)
        #expect(end == bytes.count, "\(name) \(arguments): one job, nothing after it", sourceLocation: sourceLocation)
        #expect(job.cuts, sourceLocation: sourceLocation)
        let ticket = try #require(answer["ticket"] as? [String: Any], sourceLocation: sourceLocation)
        let plate = try #require(ticket["plate"] as? String)
        #expect(job.lines.contains { $0.contains(plate) }, "\(job.lines)", sourceLocation: sourceLocation)
        if ticket["state"] as? String == "billed", answer["operation"] as? String != "void" {
            let bill = try #require(ticket["billNumber"] as? String)
            #expect(job.rasters == 1, "\(name) \(arguments): a bill prints its QR", sourceLocation: sourceLocation)
            #expect(job.lines.contains { $0.contains(bill) }, "\(job.lines)", sourceLocation: sourceLocation)
        }
        return answer
    }
}
