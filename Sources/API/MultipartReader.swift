import Foundation
import Ledger

/// A streaming reader of a `multipart/form-data` body (RFC 7578 over the multipart syntax of RFC 2046
/// §5.1.1): fed the body in chunks of any size, it reports each part's headers, its body bytes and its
/// end, holding at most one chunk, one header block and one delimiter's length in memory. A part of any
/// size can thus go straight to disk.
///
/// Every malformed input throws ``APIError`` 400 with a `multipart.*` code and the byte offset in the
/// body where it went wrong; nothing is reported after an error.
///
/// ```
/// multipart-body := [preamble CRLF] dash-boundary padding CRLF body-part
///                   *(CRLF dash-boundary padding CRLF body-part) CRLF dash-boundary "--" [epilogue]
/// ```
public struct MultipartReader: Sendable {
    /// What the reader found, in body order.
    public enum Event: Sendable, Equatable {
        /// A part begins: its `Content-Disposition` and `Content-Type`.
        case part(MultipartForm.PartHeader)
        /// The next bytes of the current part's body (possibly empty).
        case body(ArraySlice<UInt8>)
        /// The current part's body is complete.
        case partEnd
    }

    /// The bounds of a form.
    public struct Limits: Sendable, Equatable {
        /// The most parts a form may have (`multipart.tooManyParts`).
        public var maximumParts: Int
        /// The longest header block of one part, in bytes (`multipart.headersTooLong`).
        public var maximumHeaderBytes: Int
        /// The longest text before the first boundary, in bytes (`multipart.noOpeningBoundary`).
        public var maximumPreambleBytes: Int

        /// Creates limits; the defaults suit a form of a few fields and one file.
        public init(maximumParts: Int = 16, maximumHeaderBytes: Int = 8 << 10, maximumPreambleBytes: Int = 8 << 10) {
            self.maximumParts = maximumParts
            self.maximumHeaderBytes = maximumHeaderBytes
            self.maximumPreambleBytes = maximumPreambleBytes
        }
    }

    private enum State: Sendable {
        case preamble
        /// Just after a `--boundary`: `--` closes the form, padding and CRLF open a part.
        case afterBoundary
        /// In a part's header block, which began at this offset.
        case headers(start: Int, lines: [String])
        /// In a part's body, which began at this offset.
        case body(start: Int)
        case epilogue
        case failed
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let dash = UInt8(ascii: "-")

    /// `CRLF "--" boundary`.
    private let delimiter: [UInt8]
    private let limits: Limits
    private var state = State.preamble
    /// Bytes received but not yet consumed; `pending[0]` is at body offset `pendingOffset`.
    private var pending: [UInt8]
    private var pendingOffset: Int
    private var parts = 0

    /// Creates a reader for the parts separated by `boundary` (``MultipartForm/boundary(contentType:)``).
    /// - Throws: 400 `multipart.invalidBoundary` for a boundary RFC 2046 does not allow.
    public init(boundary: String, limits: Limits = Limits()) throws {
        try MultipartForm.validate(boundary: boundary)
        delimiter = [Self.cr, Self.lf, Self.dash, Self.dash] + Array(boundary.utf8)
        self.limits = limits
        // The first boundary may open the body without a CRLF before it: read as if one were there.
        pending = [Self.cr, Self.lf]
        pendingOffset = -2
    }

    /// Reads the next bytes of the body.
    /// - Throws: what `handle` throws; 400 `multipart.*` naming the byte offset for malformed input.
    public mutating func read(_ bytes: some Collection<UInt8>, _ handle: (Event) throws -> Void) throws {
        pending.append(contentsOf: bytes)
        do { try advance(atEnd: false, handle) } catch {
            state = .failed
            throw error
        }
    }

    /// Ends the body: it must have closed its last part.
    /// - Throws: 400 `multipart.noOpeningBoundary`, `multipart.unterminatedHeaders` or
    ///   `multipart.unterminatedPart` naming the offset.
    public mutating func finish(_ handle: (Event) throws -> Void) throws {
        do { try advance(atEnd: true, handle) } catch {
            state = .failed
            throw error
        }
        switch state {
        case .epilogue: return
        case .preamble:
            throw fail("multipart.noOpeningBoundary", "the body has no opening boundary line", at: end)
        case .afterBoundary:
            throw fail("multipart.unterminatedPart", "the body ends within a boundary line", at: end)
        case .headers(let start, _):
            throw fail(
                "multipart.unterminatedHeaders", "the body ends within the headers of the part at byte \(start)",
                at: end)
        case .body(let start):
            throw fail(
                "multipart.unterminatedPart", "the body ends before the part that began at byte \(start) is closed",
                at: end)
        case .failed:
            throw fail("multipart.failed", "the body was refused before", at: end)
        }
    }

    private var end: Int { pendingOffset + pending.count }

    private mutating func advance(atEnd: Bool, _ handle: (Event) throws -> Void) throws {
        var cursor = 0
        defer {
            pending.removeFirst(min(cursor, pending.count))
            pendingOffset += cursor
        }
        loop: while true {
            switch state {
            case .failed:
                throw fail("multipart.failed", "the body was refused before", at: pendingOffset + cursor)
            case .epilogue:
                cursor = pending.count
                break loop
            case .preamble:
                if let found = find(delimiter, from: cursor) {
                    if found + pendingOffset > limits.maximumPreambleBytes { throw preambleTooLong() }
                    cursor = found + delimiter.count
                    state = .afterBoundary
                } else {
                    cursor = max(cursor, pending.count - (delimiter.count - 1))
                    if pendingOffset + cursor > limits.maximumPreambleBytes { throw preambleTooLong() }
                    break loop
                }
            case .afterBoundary:
                guard let next = try boundaryLineEnd(from: cursor, atEnd: atEnd) else { break loop }
                if parts > 0 { try handle(.partEnd) }
                if next.closing {
                    state = .epilogue
                } else {
                    parts += 1
                    if parts > limits.maximumParts {
                        throw fail(
                            "multipart.tooManyParts", "a form may have at most \(limits.maximumParts) parts",
                            at: pendingOffset + cursor)
                    }
                    state = .headers(start: pendingOffset + next.end, lines: [])
                }
                cursor = next.end
            case .headers(let start, var lines):
                guard let lineEnd = find([Self.cr, Self.lf], from: cursor) else {
                    if end - start > limits.maximumHeaderBytes { throw headersTooLong(start) }
                    break loop
                }
                if pendingOffset + lineEnd + 2 - start > limits.maximumHeaderBytes { throw headersTooLong(start) }
                let line = pending[cursor..<lineEnd]
                let lineOffset = pendingOffset + cursor
                cursor = lineEnd + 2
                if line.isEmpty {
                    let header = try MultipartForm.PartHeader(lines: lines, at: start)
                    try handle(.part(header))
                    state = .body(start: pendingOffset + cursor)
                    continue loop
                }
                guard let text = String(validating: line, as: UTF8.self) else {
                    throw fail("multipart.malformedHeader", "a part header is not UTF-8", at: lineOffset)
                }
                if text.first == " " || text.first == "\t" {
                    // An obsolete folded line (RFC 5322 §3.2.2) continues the header before it.
                    guard !lines.isEmpty else {
                        throw fail("multipart.malformedHeader", "a part header starts with white space", at: lineOffset)
                    }
                    lines[lines.count - 1] += " " + text.trimmingCharacters(in: .whitespaces)
                } else {
                    guard text.contains(":") else {
                        throw fail(
                            "multipart.malformedHeader", "a part header line has no colon: \"\(text.prefix(40))\"",
                            at: lineOffset)
                    }
                    lines.append(text)
                }
                state = .headers(start: start, lines: lines)
            case .body:
                if let found = find(delimiter, from: cursor) {
                    try handle(.body(pending[cursor..<found]))
                    cursor = found + delimiter.count
                    state = .afterBoundary
                } else {
                    // The last bytes may be the start of a delimiter: keep them for the next chunk.
                    let safe = max(cursor, pending.count - (delimiter.count - 1))
                    if safe > cursor { try handle(.body(pending[cursor..<safe])) }
                    cursor = safe
                    break loop
                }
            }
        }
    }

    /// After `--boundary`: `--` (the close), or optional padding (space, tab) and CRLF.
    /// - Returns: where the line ends and whether it closes the form; nil when more bytes are needed.
    private func boundaryLineEnd(from cursor: Int, atEnd: Bool) throws -> (end: Int, closing: Bool)? {
        var index = cursor
        if index + 2 <= pending.count, pending[index] == Self.dash, pending[index + 1] == Self.dash {
            return (index + 2, true)
        }
        if index + 1 == pending.count, pending[index] == Self.dash, !atEnd { return nil }
        while index < pending.count, pending[index] == UInt8(ascii: " ") || pending[index] == UInt8(ascii: "\t") {
            index += 1
            if index - cursor > 64 { break }
        }
        if index - cursor <= 64 {
            if index == pending.count || (index + 1 == pending.count && pending[index] == Self.cr) {
                return atEnd ? try malformedBoundaryLine(cursor) : nil
            }
            if pending[index] == Self.cr, pending[index + 1] == Self.lf { return (index + 2, false) }
        }
        return try malformedBoundaryLine(cursor)
    }

    private func malformedBoundaryLine(_ cursor: Int) throws -> (end: Int, closing: Bool)? {
        if cursor == pending.count { return nil }
        let got = pending[cursor..<min(cursor + 8, pending.count)].ledgerHex
        throw fail(
            "multipart.malformedBoundaryLine",
            "a boundary must be followed by \"--\" or a line break; got bytes \(got)", at: pendingOffset + cursor)
    }

    /// The index in `pending` of the first `needle` at or after `start`.
    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, pending.count - start >= needle.count else { return nil }
        var index = start
        let last = pending.count - needle.count
        while index <= last {
            guard let candidate = pending[index...last].firstIndex(of: first) else { return nil }
            var matched = true
            for offset in 1..<needle.count where pending[candidate + offset] != needle[offset] {
                matched = false
                break
            }
            if matched { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private func preambleTooLong() -> APIError {
        fail(
            "multipart.noOpeningBoundary",
            "no opening boundary line within the first \(limits.maximumPreambleBytes) bytes",
            at: limits.maximumPreambleBytes)
    }

    private func headersTooLong(_ start: Int) -> APIError {
        fail(
            "multipart.headersTooLong",
            "the headers of the part at byte \(start) are longer than \(limits.maximumHeaderBytes) bytes", at: start)
    }

    private func fail(_ code: String, _ message: String, at offset: Int) -> APIError {
        MultipartForm.error(code, message, at: max(offset, 0))
    }
}
