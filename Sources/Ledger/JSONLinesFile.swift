import Foundation

/// An append-only JSON-lines file (one record a line, each line written with one `write(2)` and
/// fsynced before it is acknowledged): the X-EXTERNAL-ID store, the settlement import registry, and
/// any later log of the same kind.
///
/// **A torn last line is not damage.** A crash or a full disk during an append can leave the file
/// ending in part of a line (no final newline). That line was never acknowledged, so it is ignored:
/// ``read(path:warn:)`` reports it through `warn` (byte offset and length) and ``append(_:to:warn:)``
/// cuts it off before writing, so the next record starts on a line of its own. A line that does
/// not parse *before* the last newline is real damage; the callers refuse it, naming the line.
/// New files are created with mode 0600 whatever the umask (``PrivateFile``).
public enum JSONLinesFile {
    /// The unterminated bytes at the end of a file: the torn last line.
    public struct TornLine: Sendable, Hashable, CustomStringConvertible {
        /// The file.
        public var path: String
        /// The 1-based line number the torn line would have had.
        public var line: Int
        /// Where it starts, in bytes from the start of the file.
        public var byteOffset: Int
        /// How many bytes it holds.
        public var length: Int

        /// The warning to log: names the file, the line, the offset and the length.
        public var description: String {
            "\(path): ignoring a torn last line \(line) (\(length) bytes at byte offset \(byteOffset), no final newline)"
                + ": it was never acknowledged"
        }
    }

    /// The complete lines of a file.
    public struct Contents: Sendable {
        /// Every newline-terminated line that is not empty, with its 1-based line number (without the newline).
        public var lines: [(number: Int, bytes: ArraySlice<UInt8>)]
        /// The torn last line, when there is one.
        public var tornLine: TornLine?
    }

    /// Writes a warning line to standard error: the default `warn` of the readers, for callers without a
    /// logger.
    public static let standardErrorWarning: @Sendable (TornLine) -> Void = { torn in
        FileHandle.standardError.write(Data("warning: \(torn)\n".utf8))
    }

    /// Reads the complete lines of `path` (nil when the file does not exist); a torn last line is passed to
    /// `warn` and left out.
    /// - Throws: `LedgerError` `file.ioFailed` when the file exists but cannot be read.
    public static func read(
        path: String, warn: @Sendable (TornLine) -> Void = standardErrorWarning
    ) throws -> Contents? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError(.fileIOFailed, "cannot read \(path)", field: path)
        }
        let bytes = [UInt8](data)
        var lines: [(number: Int, bytes: ArraySlice<UInt8>)] = []
        var start = 0
        var number = 0
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            number += 1
            if end > start { lines.append((number, bytes[start..<end])) }
            start = end + 1
        }
        var torn: TornLine?
        if start < bytes.count {
            torn = TornLine(path: path, line: number + 1, byteOffset: start, length: bytes.count - start)
            warn(torn!)
        }
        return Contents(lines: lines, tornLine: torn)
    }

    /// Appends `record` and a newline in one write and fsyncs the file, creating it (0600) when missing.
    /// A torn last line left by an earlier crash is cut off first (and passed to `warn`).
    /// - Throws: `LedgerError` `file.ioFailed` naming the file and the system's reason.
    public static func append(
        _ record: some Collection<UInt8>, to path: String, warn: @Sendable (TornLine) -> Void = standardErrorWarning
    ) throws {
        var line = Array(record)
        line.append(0x0A)
        let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, PrivateFile.fileMode)
        guard fd >= 0 else { throw PrivateFile.failure("open", path, errno) }
        defer { close(fd) }
        try cutTornLine(fd, path: path, warn: warn)
        try PrivateFile.writeAll(line, to: fd, path: path)
        guard fsync(fd) == 0 else { throw PrivateFile.failure("fsync", path, errno) }
    }

    /// Truncates an unterminated tail off the open file `fd` (after its last newline).
    static func cutTornLine(_ fd: Int32, path: String, warn: @Sendable (TornLine) -> Void) throws {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return }
        var last: UInt8 = 0
        guard pread(fd, &last, 1, size - 1) == 1 else { throw PrivateFile.failure("read", path, errno) }
        if last == 0x0A { return }
        // Walk back in blocks to the last newline.
        var end = size
        var keep: off_t = 0
        var block = [UInt8](repeating: 0, count: 4096)
        var lineCount = 0
        search: while end > 0 {
            let start = max(0, end - off_t(block.count))
            let count = Int(end - start)
            let read = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, start) }
            guard read == count else { throw PrivateFile.failure("read", path, errno) }
            for index in stride(from: count - 1, through: 0, by: -1) where block[index] == 0x0A {
                keep = start + off_t(index) + 1
                break search
            }
            end = start
        }
        if keep > 0 {
            // Count the complete lines before the torn one, for the warning (files are small logs).
            var offset: off_t = 0
            while offset < keep {
                let count = Int(min(off_t(block.count), keep - offset))
                let read = block.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, offset) }
                guard read == count else { throw PrivateFile.failure("read", path, errno) }
                lineCount += block[0..<count].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                offset += off_t(count)
            }
        }
        warn(TornLine(path: path, line: lineCount + 1, byteOffset: Int(keep), length: Int(size - keep)))
        guard ftruncate(fd, keep) == 0 else { throw PrivateFile.failure("truncate", path, errno) }
    }
}
