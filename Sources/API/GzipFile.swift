import CZlib
import Foundation
import Ledger

/// Streams a file into a gzip file (RFC 1952) with the system zlib, in 1 MiB blocks, so a 256 MiB
/// settlement file is archived without holding it in memory. `gzip -dc FILE` gives the original bytes.
enum GzipFile {
    /// Compresses `source` into a new file `destination` (mode 0600), fsynced.
    /// - Returns: the compressed size in bytes.
    /// - Throws: `LedgerError` `file.ioFailed` naming the file, or a zlib failure.
    static func compress(_ source: String, to destination: String) throws -> Int64 {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw PrivateFile.failure("open", source, errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PrivateFile.fileMode)
        guard output >= 0 else { throw PrivateFile.failure("create", destination, errno) }
        defer { close(output) }
        guard fchmod(output, PrivateFile.fileMode) == 0 else {
            throw PrivateFile.failure("set the mode of", destination, errno)
        }

        var stream = z_stream()
        // deflateInit2 is a macro; this is its expansion. Window bits 15 + 16 ask for a gzip wrapper;
        // memLevel 8 and level 6 are zlib's defaults.
        let initialised = deflateInit2_(
            &stream, 6, Z_DEFLATED, MAX_WBITS + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else { throw zlibFailure(initialised, destination) }
        defer { deflateEnd(&stream) }

        let blockSize = 1 << 20
        var inBuffer = [UInt8](repeating: 0, count: blockSize)
        var outBuffer = [UInt8](repeating: 0, count: blockSize)
        var written: Int64 = 0
        var finished = false
        while !finished {
            let count = inBuffer.withUnsafeMutableBytes { read(input, $0.baseAddress, blockSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw PrivateFile.failure("read", source, errno)
            }
            let flush = count == 0 ? Z_FINISH : Z_NO_FLUSH
            var status: Int32 = Z_OK
            try inBuffer.withUnsafeMutableBufferPointer { inPointer in
                stream.next_in = inPointer.baseAddress
                stream.avail_in = uInt(count)
                repeat {
                    let produced: Int = outBuffer.withUnsafeMutableBufferPointer { outPointer in
                        stream.next_out = outPointer.baseAddress
                        stream.avail_out = uInt(blockSize)
                        status = deflate(&stream, flush)
                        return blockSize - Int(stream.avail_out)
                    }
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                        throw zlibFailure(status, destination)
                    }
                    try PrivateFile.writeAll(outBuffer[0..<produced], to: output, path: destination)
                    written += Int64(produced)
                } while stream.avail_out == 0
            }
            finished = status == Z_STREAM_END
            if count == 0, !finished { throw zlibFailure(status, destination) }
        }
        guard fsync(output) == 0 else { throw PrivateFile.failure("fsync", destination, errno) }
        return written
    }

    /// Decompresses the gzip file `source` into a new file `destination` (mode 0600): the archived
    /// original of a settlement file, read again to apply it.
    /// - Throws: `LedgerError` `file.ioFailed` naming the file (missing, unreadable or corrupt).
    static func decompress(_ source: String, to destination: String) throws {
        guard let input = gzopen(source, "rb") else { throw PrivateFile.failure("open", source, errno) }
        defer { gzclose(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PrivateFile.fileMode)
        guard output >= 0 else { throw PrivateFile.failure("create", destination, errno) }
        defer { close(output) }
        let whole = try readBlocks(input) { try PrivateFile.writeAll($0, to: output, path: destination) }
        guard whole else {
            throw LedgerError(.fileIOFailed, "cannot decompress \(source): it is not a whole gzip file", field: source)
        }
    }

    /// Reads an open gzip file to its end in 1 MiB blocks, handing each decompressed block to `block`.
    /// - Returns: false when the file is not a whole gzip file (truncated or corrupt); the blocks
    ///   before the damage have been handed over.
    /// - Throws: what `block` throws.
    static func readBlocks(_ input: gzFile, _ block: (ArraySlice<UInt8>) throws -> Void) rethrows -> Bool {
        let blockSize = 1 << 20
        var buffer = [UInt8](repeating: 0, count: blockSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { gzread(input, $0.baseAddress, UInt32(blockSize)) }
            guard count >= 0 else { return false }
            if count == 0 { return true }
            try block(buffer[0..<Int(count)])
        }
    }

    static func zlibFailure(_ status: Int32, _ path: String) -> LedgerError {
        LedgerError(.fileIOFailed, "cannot compress into \(path): zlib status \(status)", field: path)
    }
}
