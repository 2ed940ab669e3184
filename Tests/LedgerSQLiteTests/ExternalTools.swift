import Foundation
import Testing

/// Real programs the tests drive: the built `lunas` binary and the `sqlite3` shell (as an attacker
/// would use it). A missing program fails the test; nothing is skipped.
enum ExternalTools {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The `lunas` executable built next to the test bundle (`.build/<triple>/debug/lunas`).
    static func lunas() throws -> URL {
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["LUNAS_BINARY"] {
            candidates.append(URL(fileURLWithPath: override))
        }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(runner.deletingLastPathComponent().appendingPathComponent("lunas"))
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("lunas"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/lunas"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw Failure(
            description: "the lunas binary was not found (looked at \(candidates.map(\.path))); run swift build")
    }

    /// The `sqlite3` shell from PATH.
    static func sqlite3() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("sqlite3")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Failure(description: "sqlite3 is not installed (apt-get install sqlite3; scripts/setup.sh --test does)")
    }

    /// Runs a program to completion and returns its exit status, standard output and standard error.
    static func run(
        _ program: URL, _ arguments: [String], input: String? = nil
    ) throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// Runs SQL against a database file with the sqlite3 shell; the SQL goes in on standard input.
    @discardableResult
    static func sql(_ database: String, _ statements: String) throws -> (status: Int32, output: String, error: String) {
        try run(sqlite3(), ["-bail", database], input: statements)
    }
}
