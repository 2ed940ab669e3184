import Foundation

/// A zlib stream (RFC 1950) of one dynamic-Huffman deflate block (RFC 1951) for image scanlines,
/// written by Lunas instead of zlib's general matcher.
///
/// QR images are rows repeated `scale` times and long runs of one byte. The matcher looks at just
/// two distances: the row above (a whole repeated row, or several, becomes one or two matches of
/// up to 258 bytes each) and the previous byte (runs). That finds what zlib's `Z_RLE` finds in a
/// fraction of the time, because a repeated row costs one `memcmp` instead of a scan of its bytes,
/// and the Adler-32 of a repeated row is carried forward arithmetically. The Huffman codes are
/// built for the image (length-limited to 15 bits; a block that would need longer codes falls
/// back to the fixed codes).
///
/// Why it stays beside zlib (STYLE.md "one code path per concern"): payload → PNG of the
/// benchmarks' 183-character dynamic QRIS costs 187–257 µs of CPU with it against 300–390 µs with
/// zlib at its fastest level (1, Up filters), 30–40 % less in three alternating rounds of 3,000
/// images on 2026-12-06, and the file is 1,103 bytes against 1,542; by instruction count the two
/// are within 2 % (1.73 M against 1.77 M): zlib's matcher spends its time in cache misses and
/// branches, not instructions. Command: `Benchmarks/qrimage/compare-paths.sh` (modes `png` and
/// `png-zlib`).
enum ScanlineDeflater {
    /// Compresses `data`, made of rows of `lineLength` bytes, as a zlib stream.
    static func deflate(_ data: UnsafeBufferPointer<UInt8>, lineLength: Int) -> [UInt8] {
        var tokens = [UInt32]()
        tokens.reserveCapacity(data.count / 8)
        let adler = tokenize(data, lineLength: lineLength, into: &tokens)
        var writer = DeflateBitWriter()
        writer.bytes.reserveCapacity(data.count / 16 + 64)
        writer.bytes += [0x78, 0x01]  // CM 8 (deflate), 32 KiB window, FLEVEL 0; (0x7801) % 31 == 0
        DeflateBlock.write(tokens, to: &writer)
        writer.flush()
        for shift in stride(from: 24, through: 0, by: -8) {
            writer.bytes.append(UInt8(truncatingIfNeeded: adler >> UInt32(shift)))
        }
        return writer.bytes
    }

    /// A token is a literal byte (`< 256`) or a match: `1 << 31 | length << 16 | distance`.
    static func match(length: Int, distance: Int) -> UInt32 {
        1 << 31 | UInt32(length) << 16 | UInt32(distance)
    }

    private static let adlerModulus: UInt64 = 65521

    /// Splits `data` into tokens and returns its Adler-32.
    private static func tokenize(
        _ data: UnsafeBufferPointer<UInt8>, lineLength: Int, into tokens: inout [UInt32]
    ) -> UInt32 {
        guard let base = data.baseAddress, lineLength > 0 else { return 1 }
        let rows = data.count / lineLength
        var a: UInt64 = 1
        var b: UInt64 = 0
        var rowSum: UInt64 = 0
        var rowWeighted: UInt64 = 0
        let n = UInt64(lineLength) % adlerModulus
        var row = 0
        while row < rows {
            let start = row * lineLength
            if row > 0 && memcmp(base + start, base + start - lineLength, lineLength) == 0 {
                // Copies of the row above: one match per 258 bytes, Adler-32 from the row's sums.
                var copies = 1
                while row + copies < rows
                    && memcmp(base + start + copies * lineLength, base + start - lineLength, lineLength) == 0
                {
                    copies += 1
                }
                var remaining = copies * lineLength
                while remaining >= 3 {
                    // A match must leave at least 3 bytes for the next one, or take all of them.
                    var length = min(remaining, 258)
                    if (1..<3).contains(remaining - length) { length = remaining - 3 }
                    tokens.append(match(length: length, distance: lineLength))
                    remaining -= length
                }
                // Rows of one or two bytes are too short for a match: literals.
                for offset in (copies * lineLength - remaining)..<(copies * lineLength) {
                    tokens.append(UInt32(base[start + offset]))
                }
                for _ in 0..<copies {
                    b = (b + n * a + rowWeighted) % adlerModulus
                    a = (a + rowSum) % adlerModulus
                }
                row += copies
                continue
            }
            rowSum = 0
            rowWeighted = 0
            // No overflow: a row is at most a few thousand bytes, so both sums stay far below 2⁶⁴.
            for index in 0..<lineLength {
                let byte = UInt64(base[start + index])
                rowSum &+= byte
                rowWeighted &+= UInt64(lineLength - index) &* byte
            }
            rowSum %= adlerModulus
            rowWeighted %= adlerModulus
            b = (b + n * a + rowWeighted) % adlerModulus
            a = (a + rowSum) % adlerModulus
            tokenizeRow(base, start: start, lineLength: lineLength, into: &tokens)
            row += 1
        }
        return UInt32(b << 16 | a)
    }

    /// Literals and matches for one row that is not a copy of the row above; matches stay inside
    /// the row and look back one byte (a run) or one row.
    private static func tokenizeRow(
        _ base: UnsafePointer<UInt8>, start: Int, lineLength: Int, into tokens: inout [UInt32]
    ) {
        let end = start + lineLength
        var position = start
        while position < end {
            let limit = min(end - position, 258)
            var run = 0
            if position > 0 {
                while run < limit && base[position + run] == base[position - 1] { run += 1 }
            }
            var above = 0
            if position >= lineLength {
                while above < limit && base[position + above] == base[position - lineLength + above] { above += 1 }
            }
            if max(run, above) >= 3 {
                let length = max(run, above)
                tokens.append(match(length: length, distance: run >= above ? 1 : lineLength))
                position += length
            } else {
                tokens.append(UInt32(base[position]))
                position += 1
            }
        }
    }
}
