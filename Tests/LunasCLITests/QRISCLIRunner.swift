import Foundation
import LunasTestSupport
import Testing

/// Runs the built `lunas` binary as a real process through ``ChildProcess`` (both streams read at
/// once, so a large input or output can never dead-lock on a pipe).
enum LunasBinary {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutLines: [String] {
            stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
    }

    /// Runs `lunas ARGUMENTS` with `stdin` on its standard input, in `directory` (the test process's
    /// own when nil); a crash (a signal) fails the test.
    static func run(_ arguments: [String], stdin: Data = Data(), in directory: URL? = nil) async throws -> Output {
        let result = try await ChildProcess.run(TestExecutable.lunas(), arguments, stdin: stdin, directory: directory)
        #expect(!result.terminatedBySignal, "lunas crashed on \(arguments.map { $0.prefix(60) }): \(result)")
        return Output(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }
}

/// Payloads for the CLI tests, sealed with CRCs computed by Python (see QRISTests/Fixtures).
enum CLISamples {
    static let staticPayload =
        "00020101021126680018ID.CO.BANKDEMO.WWW01189360999900000123450213DEMO0000123450303UMI51440014ID.CO.QRIS.WWW"
        + "0215ID10260000000010303UMI5204752353033605802ID5916PARKIR DEMO KOTA6005AMBON61059712662070703A0163047C97"
    static let badCRC = String(staticPayload.dropLast(4)) + "0000"
}
