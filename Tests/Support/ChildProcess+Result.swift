import Foundation

extension ChildProcess {
    /// How a child ended and what it printed.
    public struct Result: Sendable, CustomStringConvertible {
        /// The command line that ran.
        public var command: String
        /// The exit status, or the signal number when ``terminatedBySignal``.
        public var status: Int32
        /// Whether a signal ended the child (`status` is then the signal's number).
        public var terminatedBySignal: Bool
        /// Everything written to standard output.
        public var stdout: Data
        /// Everything written to standard error.
        public var stderr: Data

        /// Standard output as UTF-8 text.
        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        /// Standard error as UTF-8 text.
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
        /// Whether the child exited by itself with status 0.
        public var succeeded: Bool { !terminatedBySignal && status == 0 }

        /// The command, how it ended and its standard error (for `#expect` messages).
        public var description: String {
            let end = terminatedBySignal ? "killed by signal \(status)" : "exit \(status)"
            return "\(command): \(end); stderr: \(stderrText.suffix(2_000))"
        }
    }

    /// The environment a child runs with.
    public enum Environment: Sendable {
        /// The test process's own.
        case inherited
        /// The test process's own with these variables set (or replaced).
        case adding([String: String])
        /// Exactly these variables and no others.
        case exactly([String: String])
    }

    /// A child that could not be started, or that a wait gave up on.
    public struct Failure: Error, CustomStringConvertible {
        /// The command line.
        public var command: String
        /// What went wrong.
        public var reason: String
        /// What the child printed before (both streams).
        public var output: String

        /// Creates a value from its parts.
        public init(command: String, reason: String, output: String) {
            self.command = command
            self.reason = reason
            self.output = output
        }

        /// The command, the reason and the end of the output.
        public var description: String {
            "\(command): \(reason); it printed: \(output.suffix(4_000))"
        }
    }
}
