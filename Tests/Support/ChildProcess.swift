import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A program the tests run as a real child process: the built `lunas`, `openssl`, `sqlite3`, `nginx`, a QR
/// decoder. The one process runner of every test target.
///
/// Standard output and standard error are read at the same time, each on a thread of its own, and
/// standard input is written on a third, so a child that fills one pipe while the test feeds or reads
/// another never dead-locks. Every wait has a time-out: it is a guard against a hung child, never a
/// timing assertion; when it passes, the child is killed (SIGKILL) and the wait throws a
/// ``Failure`` naming the command and what it printed so far.
///
/// Run a command to completion with `await` ``run(_:_:stdin:environment:directory:timeout:)``; start a
/// long-running one (a server) with ``start(_:_:stdin:environment:directory:log:)``, wait for the
/// line that says it is ready with ``line(containing:timeout:)``, signal it with ``send(_:)`` (its
/// ``pid`` is public too) and collect its end with ``finished(timeout:)`` or ``stop(timeout:)``.
/// A child still running when its `ChildProcess` goes away is killed.
public final class ChildProcess: Sendable {
    /// The child's process id, for `kill(2)`.
    public let pid: Int32
    /// The command line, for messages (`program arg1 arg2`).
    public let command: String
    private let output: ChildOutput

    private init(pid: Int32, command: String, output: ChildOutput) {
        self.pid = pid
        self.command = command
        self.output = output
    }

    deinit {
        if output.isRunning { _ = kill(pid, SIGKILL) }
    }

    /// Starts `executable` with `arguments`.
    /// - Parameters:
    ///   - stdin: bytes written to the child's standard input, which is then closed; `nil` gives it an
    ///     empty standard input (`/dev/null`).
    ///   - environment: the child's environment (``Environment/inherited`` by default).
    ///   - directory: the child's working directory (the test process's own when `nil`).
    ///   - log: a file that receives everything the child prints on both streams, as it arrives (for
    ///     reading after a failure); created or truncated.
    /// - Throws: when the program cannot be started.
    public static func start(
        _ executable: URL, _ arguments: [String] = [], stdin: Data? = nil, environment: Environment = .inherited,
        directory: URL? = nil, log: URL? = nil
    ) throws -> ChildProcess {
        let command = ([executable.path] + arguments).joined(separator: " ")
        let variables: [String: String]
        switch environment {
        case .inherited: variables = ProcessInfo.processInfo.environment
        case .adding(let added): variables = ProcessInfo.processInfo.environment.merging(added) { $1 }
        case .exactly(let exact): variables = exact
        }
        var logHandle: FileHandle?
        if let log {
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
                throw Failure(command: command, reason: "cannot create the log file \(log.path)", output: "")
            }
            logHandle = try FileHandle(forWritingTo: log)
        }
        let output = ChildOutput(log: logHandle)
        let launched: ChildLaunch.Launched
        do {
            launched = try ChildLaunch(
                program: executable.path, arguments: arguments, environment: variables,
                directory: directory?.path, feedsStandardInput: stdin != nil
            ).spawn()
        } catch {
            throw Failure(command: command, reason: "cannot start it: \(error)", output: "")
        }
        let pid = launched.pid
        Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
            // The wait(2) status word: the low 7 bits are the ending signal, 0 for a normal exit,
            // whose code is the next byte.
            let signal = status & 0x7f
            output.terminated(status: signal == 0 ? (status >> 8) & 0xff : signal, bySignal: signal != 0)
        }.start()
        for (descriptor, stream) in [
            (launched.standardOutput, ChildOutput.Stream.standardOutput),
            (launched.standardError, ChildOutput.Stream.standardError),
        ] {
            // The thread owns the descriptor and closes it after reading to the end.
            Thread {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count > 0 {
                        output.append(buffer[0..<count], from: stream)
                    } else if count < 0, errno == EINTR {
                        continue
                    } else {
                        break
                    }
                }
                close(descriptor)
                output.closed(stream)
            }.start()
        }
        if let descriptor = launched.standardInput, let stdin {
            Thread {
                // A child that exits before reading all its input: the write fails with EPIPE, which is the
                // child's business, not the runner's. SIGPIPE is blocked on this thread only, so it cannot
                // end the tests (and the children get its default action back at exec).
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                stdin.withUnsafeBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if written > 0 {
                            offset += written
                        } else if written < 0, errno == EINTR {
                            continue
                        } else {
                            break
                        }
                    }
                }
                close(descriptor)
            }.start()
        }
        return ChildProcess(pid: pid, command: command, output: output)
    }

    /// Runs `executable` with `arguments` to completion and returns its status and both streams.
    ///
    /// The wait happens on a thread of its own, never on Swift's cooperative pool (two threads on a
    /// two-core machine): a test awaiting a slow child leaves the pool to the other tests' tasks.
    /// There is no blocking form: a synchronous test or helper would hold a cooperative thread for
    /// the child's whole run (Swift Testing runs synchronous tests on that pool too).
    /// - Parameter timeout: how long the child may run before it is killed (a guard, not a measure).
    /// - Throws: ``Failure`` when the program cannot be started or runs past `timeout`.
    public static func run(
        _ executable: URL, _ arguments: [String] = [], stdin: Data? = nil, environment: Environment = .inherited,
        directory: URL? = nil, timeout: Duration = .seconds(300)
    ) async throws -> Result {
        try await start(executable, arguments, stdin: stdin, environment: environment, directory: directory)
            .finished(timeout: timeout)
    }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { output.isRunning }

    /// Everything the child printed so far on both streams, interleaved as it arrived.
    public var printed: String { output.printed }

    /// Sends `signal` (for example `SIGTERM`, `SIGKILL`) to the child; nothing when it has already exited.
    public func send(_ signal: Int32) {
        if output.isRunning { _ = kill(pid, signal) }
    }

    /// Waits until the child has printed a whole line (ended by a newline, or the last one) containing
    /// `text`, on either stream.
    /// - Returns: that line; `nil` when the child's output ended without one (it exited).
    /// - Throws: ``Failure`` after `timeout` with neither, having killed the child.
    public func line(containing text: String, timeout: Duration = .seconds(60)) async throws -> String? {
        try await detached { [self] in
            switch output.wait(for: Data(text.utf8), until: Self.deadline(after: timeout)) {
            case .found(let line): return line
            case .ended: return nil
            case .timedOut:
                send(SIGKILL)
                throw Failure(
                    command: command, reason: "printed no line containing \"\(text)\" within \(timeout); killed",
                    output: output.printed)
            }
        }
    }

    /// Waits until the child has exited and closed both streams.
    /// - Throws: ``Failure`` when it runs past `timeout` (it is killed).
    public func finished(timeout: Duration = .seconds(300)) async throws -> Result {
        try await detached { [self] in try waitForExit(timeout: timeout) }
    }

    /// Sends SIGTERM and waits until the child has exited.
    /// - Throws: ``Failure`` when it is still running after `timeout` (it is then killed).
    @discardableResult
    public func stop(timeout: Duration = .seconds(60)) async throws -> Result {
        send(SIGTERM)
        return try await finished(timeout: timeout)
    }

    /// ``finished(timeout:)`` blocking the calling thread: only ever on a thread of its own.
    private func waitForExit(timeout: Duration = .seconds(300)) throws -> Result {
        if let result = output.result(command: command, until: Self.deadline(after: timeout)) { return result }
        send(SIGKILL)
        let printed = output.printed
        // The kill ends the child at once; its streams close with it unless a grandchild holds them.
        _ = output.result(command: command, until: Self.deadline(after: .seconds(10)))
        throw Failure(command: command, reason: "still running after \(timeout); killed", output: printed)
    }

    private static func deadline(after timeout: Duration) -> Date {
        let (seconds, attoseconds) = timeout.components
        return Date().addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Runs a blocking wait on a thread of its own, never on Swift's cooperative pool.
    private func detached<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
        }
    }
}
