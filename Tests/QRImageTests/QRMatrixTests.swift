import Foundation
import Testing

@testable import QRImage

@Suite("QRMatrix: byte-mode encoding on libqrencode")
struct QRMatrixTests {
    @Test("a ~180-char dynamic QRIS is version 10 at M, which only byte mode gives")
    func byteModeVersion() throws {
        let payload = Payloads.dynamicQRIS
        #expect((170...213).contains(payload.utf8.count))
        let matrix = try QRMatrix(payload: payload)
        // Mixed-mode encoding would fit this payload in version 7; EMVCo requires byte mode.
        #expect(matrix.version == 10)
        #expect(matrix.size == 57)
        #expect(matrix.errorCorrection == .medium)
        #expect(!matrix.hasUTF8ECI)
    }

    @Test(
        "higher error-correction levels need larger versions",
        arguments: [
            (QRErrorCorrection.low, 7), (.medium, 8), (.quartile, 10), (.high, 12),
        ])
    func levels(level: QRErrorCorrection, version: Int) throws {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 150)
        // ISO/IEC 18004 Table 7, byte mode: v7-L holds 154, v8-M 152, v10-Q 151, v12-H 155.
        let matrix = try QRMatrix(bytes: bytes, errorCorrection: level)
        #expect(matrix.version == version)
        #expect(matrix.size == 17 + 4 * version)
    }

    @Test("the smallest version is chosen: capacity edges at M")
    func smallestVersion() throws {
        #expect(try QRMatrix(bytes: [UInt8](repeating: 0x41, count: 213)).version == 10)
        #expect(try QRMatrix(bytes: [UInt8](repeating: 0x41, count: 214)).version == 11)
        #expect(try QRMatrix(bytes: [0x41]).version == 1)
    }

    @Test("an ECI 26 header only when the payload has non-ASCII bytes")
    func eciOnlyForNonASCII() throws {
        #expect(try QRMatrix(payload: Payloads.staticQRIS).hasUTF8ECI == false)
        #expect(try QRMatrix(payload: Payloads.cjkQRIS).hasUTF8ECI == true)
        #expect(try QRMatrix(bytes: [0x00, 0x7F]).hasUTF8ECI == false)
    }

    @Test("an empty payload is a specific error")
    func empty() {
        #expect { try QRMatrix(bytes: []) } throws: { ($0 as? QRImageError)?.code == .emptyPayload }
    }

    @Test("a payload too long for version 40 is payloadTooLong at every level", arguments: QRErrorCorrection.allCases)
    func tooLong(level: QRErrorCorrection) throws {
        let fits = try QRMatrix(bytes: [UInt8](repeating: 0x41, count: level.byteCapacity), errorCorrection: level)
        #expect(fits.version == 40)
        let error = try #require(throws: QRImageError.self) {
            try QRMatrix(bytes: [UInt8](repeating: 0x41, count: level.byteCapacity + 1), errorCorrection: level)
        }
        #expect(error.code == .payloadTooLong)
        #expect(error.message.contains("\(level.byteCapacity + 1) bytes"))
    }

    @Test("libqrencode's ERANGE becomes payloadTooLong: an ECI payload just under the limit")
    func erangeFromLibrary() throws {
        // 2331 bytes fit at M, but not with the 12-bit ECI header in front; libqrencode says ERANGE.
        var bytes = [UInt8](repeating: 0x41, count: QRErrorCorrection.medium.byteCapacity)
        bytes[0] = 0xC3
        let error = try #require(throws: QRImageError.self) { try QRMatrix(bytes: bytes) }
        #expect(error.code == .payloadTooLong)
    }

    @Test("error-correction levels parse from L/M/Q/H and reject anything else")
    func parseLevel() throws {
        #expect(try QRErrorCorrection(parsing: "q") == .quartile)
        #expect(try QRErrorCorrection(parsing: "H") == .high)
        let error = try #require(throws: QRImageError.self) { try QRErrorCorrection(parsing: "X") }
        #expect(error.code == .invalidOption)
        #expect(error.message.contains("'X'"))
    }

    @Test("concurrent encodes from many tasks give the same matrices as serial ones")
    func concurrentEncoding() async throws {
        let payloads = (0..<32).map { "\(Payloads.dynamicQRIS)-\($0)" }
        let serial = try payloads.map { try QRMatrix(payload: $0) }
        let parallel = try await withThrowingTaskGroup(of: (Int, QRMatrix).self) { group in
            for (index, payload) in payloads.enumerated() {
                group.addTask {
                    var last = try QRMatrix(payload: payload)
                    for _ in 0..<20 { last = try QRMatrix(payload: payload) }
                    return (index, last)
                }
            }
            var results = [QRMatrix?](repeating: nil, count: payloads.count)
            for try await (index, matrix) in group { results[index] = matrix }
            return results
        }
        #expect(parallel == serial.map { Optional($0) })
    }
}
