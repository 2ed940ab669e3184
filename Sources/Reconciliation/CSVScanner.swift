import Foundation

/// One record of a delimited file: the fields of one logical row, valid only inside the callback.
struct CSVRecord {
    let base: UnsafeMutablePointer<UInt8>
    let bounds: UnsafeMutablePointer<Int>
    /// The number of fields.
    var count: Int
    /// The 1-based line where the record starts.
    var line: Int
    /// The raw bytes of the whole record (before unquoting), for prefix checks.
    var raw: UnsafeRawBufferPointer

    /// The bytes of field `index` (0-based), quotes removed, surrounding spaces trimmed.
    @inline(__always)
    func field(_ index: Int) -> UnsafeRawBufferPointer {
        var start = bounds[2 * index]
        var end = bounds[2 * index + 1]
        while start < end, base[start] == 32 { start += 1 }
        while end > start, base[end - 1] == 32 { end -= 1 }
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    /// Field `index` as a `String` (errors and headers only).
    func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }
}

/// Streams a delimited file (RFC 4180 quoting, CRLF or LF) in fixed-size chunks, handing each record to a
/// closure without allocating per field. Quoted fields may contain delimiters, doubled quotes and newlines.
struct CSVScanner {
    static let maxFields = 256

    let delimiter: UInt8
    let quote: UInt8
    var chunkSize = 4 << 20

    /// Reads the file at `path`, calling `onBytes` with every chunk read (for hashing and progress) and `body`
    /// with every record. Empty lines are skipped.
    /// - Throws: ``ReconciliationError`` `csv.malformed` naming the line and column, or what `body` throws.
    func scan(
        path: String, onBytes: (UnsafeRawBufferPointer) -> Void, body: (CSVRecord) throws -> Void
    ) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw ReconciliationError(.io, "cannot open \(path): \(String(cString: strerror(errno)))", value: path)
        }
        defer { close(fd) }
        var capacity = chunkSize
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 2 * Self.maxFields)
        defer { bounds.deallocate() }
        var filled = 0
        var eof = false
        var line = 1
        while !eof {
            if filled == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: buffer, count: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                throw ReconciliationError(.io, "cannot read \(path): \(String(cString: strerror(errno)))", value: path)
            }
            if n == 0 {
                eof = true
            } else {
                onBytes(UnsafeRawBufferPointer(start: buffer + filled, count: n))
                filled += n
            }
            var pos = 0
            while pos < filled {
                // Fast path: one pass for a record without quotes. Nothing is modified, so an incomplete record
                // at the end of the chunk is simply scanned again after the next read.
                var i = pos
                var count = 0
                var start = pos
                var sawQuote = false
                var sawNewline = false
                while i < filled {
                    let c = buffer[i]
                    if c == delimiter {
                        guard count < Self.maxFields - 1 else {
                            throw ReconciliationError(
                                .csvMalformed, "line \(line): more than \(Self.maxFields) columns",
                                position: .init(line: line))
                        }
                        bounds[2 * count] = start
                        bounds[2 * count + 1] = i
                        count += 1
                        start = i + 1
                    } else if c == 10 {
                        sawNewline = true
                        break
                    } else if c == quote {
                        sawQuote = true
                        break
                    }
                    i += 1
                }
                if !sawQuote {
                    guard sawNewline || eof else { break }
                    let end = i > pos && buffer[i - 1] == 13 ? i - 1 : i
                    if end > pos {
                        bounds[2 * count] = min(start, end)
                        bounds[2 * count + 1] = end
                        let record = CSVRecord(
                            base: buffer, bounds: bounds, count: count + 1, line: line,
                            raw: UnsafeRawBufferPointer(start: buffer + pos, count: end - pos))
                        try body(record)
                    }
                    if sawNewline { line += 1 }
                    pos = sawNewline ? i + 1 : filled
                    continue
                }
                guard let (end, next, newlines) = findRecordEnd(buffer, from: pos, limit: filled, eof: eof) else {
                    break
                }
                if end > pos {
                    let count = try split(buffer, from: pos, to: end, bounds: bounds, line: line)
                    let record = CSVRecord(
                        base: buffer, bounds: bounds, count: count, line: line,
                        raw: UnsafeRawBufferPointer(start: buffer + pos, count: end - pos))
                    try body(record)
                }
                line += newlines
                pos = next
            }
            if eof, pos < filled {
                throw ReconciliationError(
                    .csvMalformed, "line \(line): quoted field is not closed before the end of the file",
                    position: .init(line: line))
            }
            if pos > 0 {
                memmove(buffer, buffer + pos, filled - pos)
                filled -= pos
            }
        }
    }

    /// Finds the end of the record starting at `from`: returns the end of its content (before CR/LF), the
    /// start of the next record and the number of line breaks consumed; nil if the record is incomplete.
    @inline(__always)
    private func findRecordEnd(
        _ p: UnsafeMutablePointer<UInt8>, from: Int, limit: Int, eof: Bool
    ) -> (Int, Int, Int)? {
        var i = from
        var inQuotes = false
        var atFieldStart = true
        var newlines = 0
        let quote = self.quote
        let delimiter = self.delimiter
        while i < limit {
            let c = p[i]
            if inQuotes {
                if c == quote {
                    // A doubled quote is an escaped quote; a single one closes the field.
                    if i + 1 < limit {
                        if p[i + 1] == quote {
                            i += 2
                            continue
                        }
                        inQuotes = false
                    } else if !eof {
                        return nil
                    } else {
                        inQuotes = false
                    }
                } else if c == 10 {
                    newlines += 1
                }
            } else if c == 10 {
                newlines += 1
                let end = i > from && p[i - 1] == 13 ? i - 1 : i
                return (end, i + 1, newlines)
            } else if c == quote, atFieldStart {
                // Only a quote at the start of a field opens a quoted field; a stray one is reported by split.
                inQuotes = true
            } else {
                atFieldStart = c == delimiter
                i += 1
                continue
            }
            atFieldStart = false
            i += 1
        }
        if eof, !inQuotes, limit > from {
            let end = p[limit - 1] == 13 ? limit - 1 : limit
            return (end, limit, newlines)
        }
        return nil
    }

    /// Splits a complete record into fields, removing quotes in place.
    @inline(__always)
    private func split(
        _ p: UnsafeMutablePointer<UInt8>, from: Int, to end: Int, bounds: UnsafeMutablePointer<Int>, line: Int
    ) throws -> Int {
        var count = 0
        var i = from
        let delimiter = self.delimiter
        let quote = self.quote
        while true {
            guard count < Self.maxFields else {
                throw ReconciliationError(
                    .csvMalformed, "line \(line): more than \(Self.maxFields) columns", position: .init(line: line))
            }
            if i < end, p[i] == quote {
                var read = i + 1
                var write = i
                var closed = false
                while read < end {
                    let c = p[read]
                    if c == quote {
                        if read + 1 < end, p[read + 1] == quote {
                            p[write] = quote
                            write += 1
                            read += 2
                            continue
                        }
                        closed = true
                        read += 1
                        break
                    }
                    p[write] = c
                    write += 1
                    read += 1
                }
                guard closed else {
                    throw ReconciliationError(
                        .csvMalformed, "line \(line), column \(count + 1): quoted field is not closed",
                        position: .init(line: line, column: count + 1))
                }
                bounds[2 * count] = i
                bounds[2 * count + 1] = write
                count += 1
                if read == end { return count }
                guard p[read] == delimiter else {
                    throw ReconciliationError(
                        .csvMalformed,
                        "line \(line), column \(count): unexpected character \"\(Character(Unicode.Scalar(p[read])))\" after a closing quote",
                        position: .init(line: line, column: count))
                }
                i = read + 1
                continue
            }
            let start = i
            while i < end {
                let c = p[i]
                if c == delimiter { break }
                if c == quote {
                    throw ReconciliationError(
                        .csvMalformed, "line \(line), column \(count + 1): quote inside an unquoted field",
                        position: .init(line: line, column: count + 1))
                }
                i += 1
            }
            bounds[2 * count] = start
            bounds[2 * count + 1] = i
            count += 1
            if i >= end { return count }
            i += 1
        }
    }
}
