import CZlib
import Foundation
import LunasTestSupport
import Testing

@testable import QRImage

/// ``ScanlineDeflater`` writes its own zlib streams; zlib's inflater is the judge: it checks the
/// Huffman tables, every back-reference and the Adler-32.
@Suite("ScanlineDeflater: zlib streams that zlib's inflate reads back exactly")
struct ScanlineDeflaterTests {
    static func inflate(_ stream: [UInt8], expectedCount: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: expectedCount + 64)
        var length = uLongf(output.count)
        let status = output.withUnsafeMutableBufferPointer { out in
            stream.withUnsafeBufferPointer { uncompress(out.baseAddress, &length, $0.baseAddress, uLong($0.count)) }
        }
        try #require(status == Z_OK, "zlib's uncompress returned \(status)")
        return Array(output[0..<Int(length)])
    }

    /// Rows in one of four styles: noise, black/white bytes, rows mostly copied from the row above,
    /// and stripes.
    static func rows(_ rng: inout SeededGenerator, style: Int, count: Int, lineLength: Int) -> [UInt8] {
        var data = [UInt8](repeating: 0, count: count * lineLength)
        for row in 0..<count {
            for column in 0..<lineLength {
                let index = row * lineLength + column
                data[index] =
                    switch style {
                    case 0: UInt8.random(in: 0...255, using: &rng)
                    case 1: Bool.random(using: &rng) ? 0x00 : 0xFF
                    case 2:
                        row > 0 && Int.random(in: 0..<4, using: &rng) > 0
                            ? data[index - lineLength] : UInt8.random(in: 0...3, using: &rng)
                    default: UInt8(column / 7 % 2 * 255)
                    }
            }
        }
        return data
    }

    @Test("random rows of every style and width round-trip through zlib's inflate", arguments: 0..<4)
    func roundTrip(style: Int) throws {
        var rng = SeededGenerator(seed: 0xDEF1_A7E0 + UInt64(style))
        for _ in 0..<250 {
            let lineLength = Int.random(in: 1...300, using: &rng)
            let data = Self.rows(&rng, style: style, count: Int.random(in: 1...60, using: &rng), lineLength: lineLength)
            let stream = data.withUnsafeBufferPointer { ScanlineDeflater.deflate($0, lineLength: lineLength) }
            #expect(try Self.inflate(stream, expectedCount: data.count) == data, "style \(style), line \(lineLength)")
        }
    }

    @Test("long runs of identical rows become matches of at most 258 bytes, never a 1- or 2-byte tail")
    func repeatedRows() throws {
        for lineLength in [1, 2, 3, 66, 257, 258, 259, 600] {
            for count in [1, 2, 3, 9, 40] {
                let row = (0..<lineLength).map { UInt8(truncatingIfNeeded: $0 &* 37) }
                let data = Array([[UInt8]](repeating: row, count: count).joined())
                let stream = data.withUnsafeBufferPointer { ScanlineDeflater.deflate($0, lineLength: lineLength) }
                #expect(try Self.inflate(stream, expectedCount: data.count) == data, "\(count) × \(lineLength)")
            }
        }
    }

    @Test("an empty input and a single byte make valid streams")
    func tinyInputs() throws {
        for data in [[UInt8](), [0x42]] {
            let stream = data.withUnsafeBufferPointer { ScanlineDeflater.deflate($0, lineLength: max(1, data.count)) }
            #expect(try Self.inflate(stream, expectedCount: data.count) == data)
        }
    }

    @Test("a QR code's PNG data is as small as zlib's level 6 within 10 %")
    func compressesLikeZlib() throws {
        let matrix = try QRMatrix(payload: Payloads.dynamicQRIS)
        let fast = try matrix.png(compression: .fast)
        let small = try matrix.png(compression: .small)
        #expect(
            Double(fast.count) <= Double(small.count) * 1.1, "fast \(fast.count) bytes, zlib level 6 \(small.count)")
    }
}
