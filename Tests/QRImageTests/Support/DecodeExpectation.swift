import Foundation
import Testing

/// Decodes an image file with both real decoders and expects exactly `payload`'s bytes.
func expectDecodes(
    _ image: URL, to payload: [UInt8], ecLevel: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    let zbar = try await QRDecoders.zbar(image)
    #expect(
        zbar == payload, "zbar decoded \(zbar.count) bytes, expected \(payload.count)", sourceLocation: sourceLocation)
    let zxing = try await QRDecoders.zxing(image)
    #expect(
        zxing.bytes == payload, "zxing decoded \(zxing.bytes.count) bytes, expected \(payload.count)",
        sourceLocation: sourceLocation)
    if let ecLevel {
        #expect(zxing.ecLevel == ecLevel, sourceLocation: sourceLocation)
    }
}
