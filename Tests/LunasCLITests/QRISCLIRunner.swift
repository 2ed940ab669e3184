import Foundation
import Testing

/// Runs the built `lunas` binary as a real process, with files for its standard streams so a
/// large input can never dead-lock on a pipe.
enum LunasBinary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] {
            stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }

    /// `.build/<triple>/debug/lunas`, next to the test bundle; the test fails when it is missing.
    static func url(filePath: String = #filePath) throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("lunas"))
            candidates.append(
                executable.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lunas"))
        }
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/lunas"))
        let found = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "the lunas binary was not built; looked in \(candidates.map(\.path))")
    }

    static func run(_ arguments: [String], stdin: Data = Data()) throws -> Output {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("stdin")
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        try stdin.write(to: input)
        #expect(FileManager.default.createFile(atPath: output.path, contents: nil))
        #expect(FileManager.default.createFile(atPath: errors.path, contents: nil))

        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "lunas crashed on \(arguments.map { $0.prefix(60) })")
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: output), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errors), as: UTF8.self))
    }
}

/// Payloads for the CLI tests, sealed with CRCs computed by Python (see QRISTests/Fixtures).
enum CLISamples {
    static let staticPayload =
        "00020101021126680018ID.CO.BANKDEMO.WWW01189360999900000123450213DEMO0000123450303UMI51440014ID.CO.QRIS.WWW"
        + "0215ID10260000000010303UMI5204752353033605802ID5916PARKIR DEMO KOTA6005AMBON61059712662070703A0163047C97"
    static let badCRC = String(staticPayload.dropLast(4)) + "0000"
}
