import Foundation

/// A citizen's photo made safe to keep: a JPEG or PNG with every metadata segment removed byte by
/// byte (EXIF with its GPS position and camera serial, XMP, comments, text chunks, embedded
/// thumbnails), and nothing after the image's end. No image library: the image data itself is
/// copied unchanged, so the picture is the one the citizen took.
///
/// - JPEG: only the markers a decoder needs are kept — SOF0–SOF15 (not C8), DHT, DAC, DQT, DRI, DNL,
///   SOS and the scans with their restart markers, EOI — and an APP14 `Adobe` segment of its
///   standard 12 bytes (it says how colours are stored); every other segment (APPn, COM, JPGn,
///   reserved markers) is dropped. A scan before any frame header is refused.
/// - PNG: kept are IHDR, PLTE, IDAT, IEND and the chunks that change how pixels look (tRNS, gAMA,
///   cHRM, sRGB, sBIT, pHYs); every other chunk (tEXt, zTXt, iTXt, eXIf, tIME, iCCP, private
///   chunks) is dropped.
public struct ComplaintPhoto: Sendable, Hashable {
    /// The largest photo accepted, in bytes (2 MiB).
    public static let maximumBytes = 2 * 1024 * 1024

    /// `image/jpeg` or `image/png`.
    public let contentType: String
    /// The image without metadata.
    public let bytes: Data

    /// Reads and cleans a photo.
    /// - Throws: ``IssuingError`` `complaint.photoInvalid` (field `photo`) naming what is wrong and
    ///   at which byte offset: too large, neither JPEG nor PNG, a truncated or malformed segment.
    public init(_ data: Data) throws {
        guard data.count <= Self.maximumBytes else {
            throw Self.invalid("is \(data.count) bytes; at most \(Self.maximumBytes) (2 MB) are accepted")
        }
        let input = [UInt8](data)
        if input.starts(with: [0xFF, 0xD8]) {
            contentType = "image/jpeg"
            bytes = Data(try Self.cleanJPEG(input))
        } else if input.starts(with: Self.pngSignature) {
            contentType = "image/png"
            bytes = Data(try Self.cleanPNG(input))
        } else {
            throw Self.invalid("is neither a JPEG nor a PNG image (its first bytes are not FF D8 or the PNG signature)")
        }
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    private static let pngKept: Set<String> = ["IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "pHYs"]

    private static func invalid(_ what: String) -> IssuingError {
        IssuingError(.invalid, "complaint.photoInvalid", "photo \(what)", field: "photo")
    }

    private static func cleanPNG(_ input: [UInt8]) throws -> [UInt8] {
        var output = pngSignature
        var offset = pngSignature.count
        var first = true
        while true {
            guard offset + 12 <= input.count else {
                throw invalid("is truncated: a PNG chunk header at byte offset \(offset) runs past the end")
            }
            let length = input[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= 0x7FFF_FFFF, offset + 12 + length <= input.count else {
                throw invalid("has a PNG chunk at byte offset \(offset) whose length \(length) runs past the end")
            }
            let typeBytes = input[offset + 4..<offset + 8]
            guard typeBytes.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) else {
                throw invalid("has a PNG chunk at byte offset \(offset) whose type is not four letters")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            if first, type != "IHDR" {
                throw invalid("does not start with an IHDR chunk (found \(type) at byte offset \(offset))")
            }
            first = false
            let end = offset + 12 + length
            if pngKept.contains(type) { output += input[offset..<end] }
            if type == "IEND" { return output }
            offset = end
        }
    }

    private static func cleanJPEG(_ input: [UInt8]) throws -> [UInt8] {
        var output: [UInt8] = [0xFF, 0xD8]
        var offset = 2
        var sawScan = false
        var sawFrame = false
        while true {
            guard offset + 1 < input.count else {
                throw invalid("is truncated: no end-of-image marker (FF D9) before byte offset \(input.count)")
            }
            guard input[offset] == 0xFF else {
                throw invalid("has \(hex(input[offset])) at byte offset \(offset) where a JPEG marker (FF xx) belongs")
            }
            let marker = input[offset + 1]
            switch marker {
            case 0xFF:
                offset += 1  // fill byte before a marker
                continue
            case 0xD9:
                guard sawScan else { throw invalid("ends (FF D9 at byte offset \(offset)) before any image scan") }
                return output + [0xFF, 0xD9]
            case 0x01, 0xD0...0xD7:
                output += [0xFF, marker]
                offset += 2
                continue
            case 0xD8, 0x00:
                throw invalid("has marker FF \(hex(marker)) at byte offset \(offset), which cannot occur here")
            default: break
            }
            guard offset + 4 <= input.count else {
                throw invalid("is truncated: the segment at byte offset \(offset) has no length")
            }
            let length = Int(input[offset + 2]) << 8 | Int(input[offset + 3])
            let end = offset + 2 + length
            guard length >= 2, end <= input.count else {
                throw invalid("has a segment FF \(hex(marker)) at byte offset \(offset) whose length \(length) runs past the end")
            }
            if keeps(marker, input[offset + 4..<end]) { output += input[offset..<end] }
            if Self.frames.contains(marker) { sawFrame = true }
            if marker == 0xDA, !sawFrame {
                throw invalid("has a scan (FF DA at byte offset \(offset)) before any frame header (SOF)")
            }
            offset = end
            if marker == 0xDA {
                sawScan = true
                // Entropy-coded data: FF is followed by 00 (a stuffed FF) or a restart marker inside it.
                let start = offset
                while offset + 1 < input.count,
                    !(input[offset] == 0xFF && input[offset + 1] != 0x00 && !(0xD0...0xD7).contains(input[offset + 1]))
                {
                    offset += 1
                }
                if offset + 1 >= input.count { offset = input.count }
                output += input[start..<offset]
            }
        }
    }

    /// The frame headers SOF0–SOF15 (C4 is DHT, C8 reserved, CC DAC).
    private static let frames: Set<UInt8> = Set(0xC0...0xCF).subtracting([0xC4, 0xC8, 0xCC])
    /// The tables and markers a decoder needs besides the frames: DHT, DAC, DQT, DNL, DRI, SOS.
    private static let tables: Set<UInt8> = [0xC4, 0xCC, 0xDB, 0xDC, 0xDD, 0xDA]

    /// Whether a JPEG segment stays: frames, tables and scans, and a standard APP14 `Adobe`.
    private static func keeps(_ marker: UInt8, _ body: ArraySlice<UInt8>) -> Bool {
        if marker == 0xEE { return body.count == 12 && body.starts(with: Array("Adobe".utf8)) }
        return frames.contains(marker) || tables.contains(marker)
    }

    private static func hex(_ byte: UInt8) -> String { String(format: "%02X", byte) }
}
