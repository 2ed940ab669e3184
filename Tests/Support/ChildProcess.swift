import Dispatch
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
/// Run a command to completion with ``run(_:_:stdin:environment:directory:timeout:)``; start a
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
    /// Kept for the child's lifetime: Foundation reaps the child and calls the termination handler.
    private let process: Process

    private init(process: Process, command: String, output: ChildOutput) {
        self.pid = process.processIdentifier
        self.command = command
        self.output = output
        self.process = process
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
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        switch environment {
        case .inherited: break
        case .adding(let variables):
            process.environment = ProcessInfo.processInfo.environment.merging(variables) { $1 }
        case .exactly(let variables): process.environment = variables
        }
        if let directory { process.currentDirectoryURL = directory }
        var logHandle: FileHandle?
        if let log {
            guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
                throw Failure(command: command, reason: "cannot create the log file \(log.path)", output: "")
            }
            logHandle = try FileHandle(forWritingTo: log)
        }
        let output = ChildOutput(log: logHandle)
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        let standardInput = stdin.map { _ in Pipe() }
        process.standardInput = standardInput ?? FileHandle.nullDevice
        process.terminationHandler = { finished in
            output.terminated(
                status: finished.terminationStatus, bySignal: finished.terminationReason == .uncaughtSignal)
        }
        if let error = spawn(process) {
            throw Failure(command: command, reason: "cannot start it: \(error)", output: "")
        }
        let streams = [
            (standardOutput.fileHandleForReading, ChildOutput.Stream.standardOutput),
            (standardError.fileHandleForReading, ChildOutput.Stream.standardError),
        ]
        for (handle, stream) in streams {
            // The thread holds the handle, so its descriptor stays open until the thread has read to the end.
            Thread {
                let descriptor = handle.fileDescriptor
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
                output.closed(stream)
            }.start()
        }
        if let writing = standardInput?.fileHandleForWriting, let stdin {
            Thread {
                // A child that exits before reading all its input: the write fails with EPIPE, which is the
                // child's business, not the runner's. SIGPIPE is blocked on this thread only, so it cannot
                // end the tests (and the children keep its default action).
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                try? writing.write(contentsOf: stdin)
                try? writing.close()
            }.start()
        }
        return ChildProcess(process: process, command: command, output: output)
    }

    /// Runs `executable` with `arguments` to completion and returns its status and both streams.
    ///
    /// Blocks the calling thread until the child ends (its output is read on threads of its own).
    /// - Parameter timeout: how long the child may run before it is killed (a guard, not a measure).
    /// - Throws: ``Failure`` when the program cannot be started or runs past `timeout`.
    public static func run(
        _ executable: URL, _ arguments: [String] = [], stdin: Data? = nil, environment: Environment = .inherited,
        directory: URL? = nil, timeout: Duration = .seconds(300)
    ) throws -> Result {
        try start(executable, arguments, stdin: stdin, environment: environment, directory: directory)
            .waitForExit(timeout: timeout)
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

    /// ``finished(timeout:)`` blocking the calling thread.
    public func waitForExit(timeout: Duration = .seconds(300)) throws -> Result {
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

    /// Starts `process` from a thread of its own with no signal blocked, and returns the error, if any.
    ///
    /// A child inherits the signal mask of the thread that starts it, and Swift's task and Dispatch
    /// threads block most signals: a `sleep` started from one would ignore the test's SIGTERM.
    private static func spawn(_ process: Process) -> (any Error)? {
        let outcome = SpawnOutcome()
        let started = DispatchSemaphore(value: 0)
        Thread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            // One launch at a time: Foundation's `Process.run()` walks the parent's open descriptors
            // to close them in the child, and a full test run crashed inside it (a bad read in
            // `memmove`, 2026-12-06) while other launches were opening their pipes.
            spawnLock.lock()
            defer { spawnLock.unlock() }
            do { try process.run() } catch { outcome.error = error }
            started.signal()
        }.start()
        started.wait()
        return outcome.error
    }

    /// Serialises ``spawn(_:)`` across the test process.
    private static let spawnLock = NSLock()

    /// The error of a ``spawn(_:)``. `@unchecked Sendable`: written by the spawning thread before it
    /// signals the semaphore, read by the caller only after waiting on it.
    private final class SpawnOutcome: @unchecked Sendable {
        var error: (any Error)?
    }
}
