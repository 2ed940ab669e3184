import Foundation

/// What one ``ChildProcess`` printed and how it ended, filled by its reader threads and its
/// termination handler, waited on by the test.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is locked
/// (the `locked` helper), and the log handle is written only there too.
final class ChildOutput: @unchecked Sendable {
    enum Stream { case standardOutput, standardError }

    /// The outcome of waiting for a line.
    enum LineWait {
        case found(String)
        case ended
        case timedOut
    }

    private let condition = NSCondition()
    private let log: FileHandle?
    private var standardOutput = Data()
    private var standardError = Data()
    /// Both streams, interleaved in arrival order (what a terminal would show).
    private var combined = Data()
    private var openStreams = 2
    private var termination: (status: Int32, bySignal: Bool)?

    init(log: FileHandle?) {
        self.log = log
    }

    private func locked<Value>(_ body: () -> Value) -> Value {
        condition.lock()
        defer { condition.unlock() }
        return body()
    }

    func append(_ bytes: ArraySlice<UInt8>, from stream: Stream) {
        locked {
            switch stream {
            case .standardOutput: standardOutput.append(contentsOf: bytes)
            case .standardError: standardError.append(contentsOf: bytes)
            }
            combined.append(contentsOf: bytes)
            try? log?.write(contentsOf: Data(bytes))
            condition.broadcast()
        }
    }

    func closed(_ stream: Stream) {
        locked {
            openStreams -= 1
            if openStreams == 0 { try? log?.close() }
            condition.broadcast()
        }
    }

    func terminated(status: Int32, bySignal: Bool) {
        locked {
            termination = (status, bySignal)
            condition.broadcast()
        }
    }

    var isRunning: Bool { locked { termination == nil } }

    var printed: String { locked { String(decoding: combined, as: UTF8.self) } }

    /// Blocks until a whole line containing `needle` was printed, the output ended, or `deadline`.
    func wait(for needle: Data, until deadline: Date) -> LineWait {
        condition.lock()
        defer { condition.unlock() }
        var searchFrom = 0
        while true {
            let start = max(0, searchFrom - needle.count)
            if let range = combined.range(of: needle, in: start..<combined.count) {
                let lineStart = combined[..<range.lowerBound].lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0
                if let lineEnd = combined[range.upperBound...].firstIndex(of: UInt8(ascii: "\n")) {
                    return .found(String(decoding: combined[lineStart..<lineEnd], as: UTF8.self))
                }
                if openStreams == 0 {
                    return .found(String(decoding: combined[lineStart...], as: UTF8.self))
                }
                searchFrom = range.lowerBound  // seen, but its line is not complete yet
            } else {
                if openStreams == 0 { return .ended }
                searchFrom = combined.count
            }
            if !condition.wait(until: deadline) { return .timedOut }
        }
    }

    /// Blocks until the child has exited and closed both streams, or `deadline` (nil then).
    func result(command: String, until deadline: Date) -> ChildProcess.Result? {
        condition.lock()
        defer { condition.unlock() }
        while termination == nil || openStreams > 0 {
            if !condition.wait(until: deadline) { return nil }
        }
        guard let termination else { return nil }
        return ChildProcess.Result(
            command: command, status: termination.status, terminatedBySignal: termination.bySignal,
            stdout: standardOutput, stderr: standardError)
    }
}
