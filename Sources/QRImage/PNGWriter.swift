import CZlib
import Foundation

/// Writes a ``MonochromeBitmap`` as a 1-bit greyscale PNG (PNG specification, 2nd edition).
///
/// The file is the signature, an `IHDR` (bit depth 1, colour type 0), one `IDAT` holding a
/// zlib stream of the scanlines, and `IEND`; chunk CRCs come from zlib's `crc32`. The default
/// stream comes from ``ScanlineDeflater``, which codes each repeated row (the rows inside one QR
/// module) as a copy of the row above.
public enum PNGWriter {
    /// How hard zlib works on the image data.
    public enum Compression: Sendable, Hashable {
        /// ``ScanlineDeflater``: repeated rows as copies of the row above, runs as copies of the
        /// previous byte, Huffman codes built for the image. Several times faster than zlib's
        /// fastest setting on QR images, and about as small as zlib's `Z_RLE` strategy (about
        /// 1.5 kB for a version-10 code at 8 pixels per module). The default.
        case fast
        /// zlib level 6 with the default strategy: the smallest files, for storage.
        case small
    }

    private static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Encodes the bitmap as PNG file bytes.
    /// - Parameters:
    ///   - bitmap: The image; set bits are written black.
    ///   - compression: ``Compression/fast`` (default) or ``Compression/small``.
    /// - Throws: ``QRImageError`` with code `compressionFailed` or `outOfMemory` if zlib fails.
    public static func encode(_ bitmap: MonochromeBitmap, compression: Compression = .fast) throws -> [UInt8] {
        let compressed: [UInt8]
        switch compression {
        case .fast:
            let scanlines = Self.scanlines(of: bitmap, up: false)
            compressed = scanlines.withUnsafeBufferPointer {
                ScanlineDeflater.deflate($0, lineLength: bitmap.bytesPerRow + 1)
            }
        case .small:
            compressed = try deflate(Self.scanlines(of: bitmap, up: true))
        }

        var header = [UInt8]()
        header.reserveCapacity(13)
        appendBigEndian(UInt32(bitmap.width), to: &header)
        appendBigEndian(UInt32(bitmap.height), to: &header)
        header += [1, 0, 0, 0, 0]  // bit depth 1, greyscale, deflate, adaptive filters, no interlace

        var png = [UInt8]()
        png.reserveCapacity(signature.count + 3 * 12 + header.count + compressed.count)
        png += signature
        appendChunk("IHDR", header, to: &png)
        appendChunk("IDAT", compressed, to: &png)
        appendChunk("IEND", [], to: &png)
        return png
    }

    /// The scanlines: one filter-type byte, then the row in PNG polarity (0 = black). With `up`,
    /// a row identical to the one above uses filter type 2 (Up), which turns it into zeros (what
    /// zlib's matcher compresses best); without, every row has filter type 0 (None), so repeated
    /// rows stay identical for ``ScanlineDeflater``, which copies whole rows.
    private static func scanlines(of bitmap: MonochromeBitmap, up: Bool) -> [UInt8] {
        let stride = bitmap.bytesPerRow
        let lineLength = stride + 1
        var raw = [UInt8](repeating: 0, count: lineLength * bitmap.height)
        bitmap.bits.withUnsafeBufferPointer { bits in
            raw.withUnsafeMutableBufferPointer { out in
                for row in 0..<bitmap.height {
                    let source = row * stride
                    let target = row * lineLength
                    let repeated =
                        row > 0 && memcmp(bits.baseAddress! + source, bits.baseAddress! + source - stride, stride) == 0
                    if repeated && up {
                        out[target] = 2  // Up: the differences to the row above are all zero.
                    } else if repeated {
                        (out.baseAddress! + target).update(
                            from: out.baseAddress! + target - lineLength, count: lineLength)
                    } else {
                        for index in 0..<stride {
                            out[target + 1 + index] = ~bits[source + index]
                        }
                    }
                }
            }
        }
        return raw
    }

    /// zlib at level 6, for ``Compression/small``.
    private static func deflate(_ input: [UInt8]) throws -> [UInt8] {
        var stream = z_stream()
        // deflateInit2 is a macro; this is its expansion. 15-bit window and memLevel 8 are zlib's defaults.
        let initialised = deflateInit2_(
            &stream, 6, Z_DEFLATED, MAX_WBITS, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size))
        guard initialised == Z_OK else { throw zlibError(initialised, stream: stream) }
        defer { deflateEnd(&stream) }

        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let status = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw zlibError(status, stream: stream) }
        output.removeLast(output.count - Int(stream.total_out))
        return output
    }

    private static func zlibError(_ status: Int32, stream: z_stream) -> QRImageError {
        let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
        if status == Z_MEM_ERROR {
            return QRImageError(code: .outOfMemory, message: "zlib ran out of memory compressing the PNG image data")
        }
        return QRImageError(code: .compressionFailed, message: "zlib failed to compress the PNG image data: \(detail)")
    }

    private static func appendChunk(_ type: String, _ data: [UInt8], to png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        appendBigEndian(UInt32(data.count), to: &png)
        png += typeBytes
        png += data
        var crc = typeBytes.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
        // zlib's crc32 returns the initial value for a NULL buffer, so an empty chunk skips the call.
        if !data.isEmpty {
            crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        }
        appendBigEndian(UInt32(truncatingIfNeeded: crc), to: &png)
    }

    private static func appendBigEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
