import Foundation
import LunasTestSupport
import Testing

/// The tests' one process runner (`Tests/Support`), on `/bin/sh` children.
@Suite("ChildProcess: the tests' process runner")
struct ChildProcessTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("a child that fills both pipes while its input is still being written does not dead-lock")
    func fullPipes() async throws {
        // 1 MiB on each stream (16 times a pipe's buffer) before it reads a byte of its 1 MiB input.
        let input = Data(repeating: UInt8(ascii: "i"), count: 1 << 20)
        let result = try await ChildProcess.run(
            Self.shell,
            ["-c", "head -c 1048576 /dev/zero; head -c 1048576 /dev/zero >&2; wc -c"],
            stdin: input, timeout: .seconds(120))
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout.count == (1 << 20) + "1048576\n".utf8.count)
        #expect(result.stdoutText.hasSuffix("1048576\n"))
        #expect(result.stderr.count == 1 << 20)
    }

    @Test("environment and working directory reach the child; exit status and signals are reported")
    func environmentDirectoryStatus() async throws {
        let directory = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let result = try await ChildProcess.run(
            Self.shell, ["-c", "echo \"$LUNAS_PROBE\"; pwd; exit 3"], environment: .exactly(["LUNAS_PROBE": "x y"]),
            directory: directory)
        #expect(result.status == 3 && !result.terminatedBySignal && !result.succeeded)
        #expect(result.stdoutText == "x y\n\(directory.path)\n", "\(result.stdoutText)")
        let killed = try await ChildProcess.run(Self.shell, ["-c", "kill -9 $$"])
        #expect(killed.terminatedBySignal && killed.status == SIGKILL, "\(killed)")
    }

    @Test("a child past its time-out is killed and the run throws, naming the command")
    func timeout() async throws {
        do {
            let result = try await ChildProcess.run(
                Self.shell, ["-c", "echo started; exec sleep 600"], timeout: .seconds(1))
            Issue.record("the run returned \(result)")
        } catch let failure as ChildProcess.Failure {
            #expect(failure.command.contains("sleep 600"))
            #expect(failure.reason.contains("killed"))
            #expect(failure.output.contains("started"))
        }
    }

    @Test("a long-running child: its ready line, a signal by pid, its end; a child that exits before the line")
    func longRunning() async throws {
        let server = try ChildProcess.start(
            Self.shell, ["-c", "echo warming up >&2; echo 'ready on port 4242'; exec sleep 600"])
        let line = try await server.line(containing: "ready on port")
        #expect(line == "ready on port 4242")
        #expect(server.isRunning)
        #expect(kill(server.pid, SIGTERM) == 0)
        let stopped = try await server.finished(timeout: .seconds(60))
        #expect(stopped.terminatedBySignal && stopped.status == SIGTERM, "\(stopped)")
        #expect(!server.isRunning)
        #expect(server.printed.contains("warming up"))

        let quitter = try ChildProcess.start(Self.shell, ["-c", "echo giving up; exit 4"])
        #expect(try await quitter.line(containing: "ready on port") == nil)
        let result = try await quitter.finished()
        #expect(result.status == 4 && result.stdoutText == "giving up\n")
    }
}
