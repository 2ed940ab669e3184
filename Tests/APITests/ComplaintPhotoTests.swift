import Foundation
import Issuing
import LunasTestSupport
import Testing

/// The complaint photo cleaner: metadata segments removed byte-wise from JPEG and PNG, the image
/// data kept unchanged, malformed files refused with the byte offset; checked on hand-built files,
/// on random well-formed ones (property) and on random damage (fuzz).
@Suite("Complaint photos")
struct ComplaintPhotoTests {
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let length = UInt32(data.count)
        let typed = Array(type.utf8) + data
        let crc = crc32(typed)
        return [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: length >> $0) } + typed
            + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: crc >> $0) }
    }

    /// A valid 1×1 grey PNG with `extraChunks` between IHDR and IDAT.
    static func png(extraChunks: [(String, [UInt8])] = []) -> [UInt8] {
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
            + extraChunks.flatMap { chunk($0.0, $0.1) }
            + chunk("IDAT", [0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]) + chunk("IEND", [])
    }

    static func segment(_ marker: UInt8, _ body: [UInt8]) -> [UInt8] {
        let length = body.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + body
    }

    static let scanHeader = segment(0xDA, [1, 1, 0, 0, 63, 0])
    static let frame = segment(0xC0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0])

    @Test("a PNG loses its text, EXIF and time chunks and anything after IEND; its pixels stay")
    func pngMetadata() throws {
        let clean = Self.png(extraChunks: [("gAMA", [0, 0, 0xB1, 0x8F])])
        let dirty =
            Self.png(extraChunks: [
                ("tEXt", Array("Author\u{0}Budi".utf8)), ("gAMA", [0, 0, 0xB1, 0x8F]),
                ("eXIf", Array("MM\u{0}*GPS".utf8)),
                ("tIME", [7, 234, 12, 6, 10, 0, 0]),
                ("iTXt", Array("XML:com.adobe.xmp\u{0}\u{0}\u{0}\u{0}\u{0}<x/>".utf8)),
            ]) + Array("TRAILING".utf8)
        let photo = try ComplaintPhoto(Data(dirty))
        #expect(photo.contentType == "image/png")
        #expect([UInt8](photo.bytes) == clean)
        #expect(try ComplaintPhoto(photo.bytes).bytes == photo.bytes)
    }

    @Test("a JPEG loses APP0–APP13, APP15, comments and trailing bytes; Adobe APP14, tables, frame and scans stay")
    func jpegMetadata() throws {
        let adobe = Self.segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1])
        let longAdobe = Self.segment(0xEE, Array("Adobe".utf8) + [0, 100, 0, 0, 0, 0, 1] + Array("GPS hidden".utf8))
        let table = Self.segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
        let entropy: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]
        let kept = [0xFF, 0xD8] + adobe + table + Self.frame + Self.scanHeader + entropy + [0xFF, 0xD9]
        let dirty =
            [0xFF, 0xD8] + Self.segment(0xE0, Array("JFIF\u{0}".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0])
            + Self.segment(0xE1, Array("Exif\u{0}\u{0}GPS -3.69 128.18 serial 123".utf8)) + adobe
            + Self.segment(0xFE, Array("taken by Budi".utf8)) + longAdobe + Self.segment(0xF0, Array("GPS".utf8))
            + Self.segment(0xC8, Array("serial".utf8)) + table
            + Self.segment(0xE2, Array("ICC_PROFILE\u{0}".utf8)) + Self.frame + Self.scanHeader + entropy + [
                0xFF, 0xD9,
            ]
            + Array("TRAILING DATA".utf8)
        let photo = try ComplaintPhoto(Data(dirty))
        #expect(photo.contentType == "image/jpeg")
        #expect([UInt8](photo.bytes) == kept)
    }

    @Test("not an image, too large, truncated or malformed: refused naming the photo and where")
    func refusals() throws {
        func refusal(_ bytes: [UInt8]) -> String? {
            do {
                _ = try ComplaintPhoto(Data(bytes))
                return nil
            } catch let error as IssuingError {
                #expect(error.field == "photo" && error.code == "complaint.photoInvalid")
                return error.message
            } catch { return "\(error)" }
        }
        #expect(refusal(Array("GIF89a".utf8))?.contains("neither a JPEG nor a PNG") == true)
        #expect(
            refusal([0xFF, 0xD8] + [UInt8](repeating: 0, count: ComplaintPhoto.maximumBytes))?.contains("at most")
                == true)
        #expect(refusal(Array(Self.png().prefix(30)))?.contains("byte offset") == true)
        #expect(refusal([0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 1, 2])?.contains("byte offset 2") == true)
        #expect(refusal([0xFF, 0xD8, 0x00, 0x00])?.contains("byte offset 2") == true)
        #expect(refusal([0xFF, 0xD8] + Self.frame + [0xFF, 0xD9])?.contains("before any image scan") == true)
        #expect(
            refusal([0xFF, 0xD8] + Self.scanHeader + Array("<html>".utf8) + [0xFF, 0xD9])?.contains(
                "before any frame header") == true)
        #expect(refusal([0xFF, 0xD8] + Self.frame + Self.scanHeader + [1, 2, 3])?.contains("truncated") == true)
    }

    /// A random well-formed JPEG and what cleaning must leave of it.
    static func randomJPEG(_ random: inout SeededGenerator) -> (file: [UInt8], cleaned: [UInt8]) {
        var file: [UInt8] = [0xFF, 0xD8]
        var cleaned: [UInt8] = [0xFF, 0xD8]
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            let marker = [0xE0, 0xE1, 0xE2, 0xED, 0xEE, 0xEF, 0xFE, 0xDB, 0xC4, 0xDD, 0xF0, 0xC8, 0x02, 0xBF]
                .randomElement(using: &random)!
            var body = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random)
            }
            if marker == 0xEE, Bool.random(using: &random) { body = Array("Adobe".utf8) + body.prefix(7) }
            let segment = Self.segment(UInt8(marker), body)
            file += segment
            let adobe = marker == 0xEE && body.count == 12 && body.starts(with: Array("Adobe".utf8))
            if adobe || [0xDB, 0xC4, 0xDD].contains(marker) { cleaned += segment }
        }
        file += Self.frame + Self.scanHeader
        cleaned += Self.frame + Self.scanHeader
        for _ in 0..<Int.random(in: 0...60, using: &random) {
            let byte = UInt8.random(in: 0...255, using: &random)
            let piece: [UInt8] = byte == 0xFF ? (Bool.random(using: &random) ? [0xFF, 0x00] : [0xFF, 0xD3]) : [byte]
            file += piece
            cleaned += piece
        }
        file += [0xFF, 0xD9]
        cleaned += [0xFF, 0xD9]
        if Bool.random(using: &random) { file += Array("junk after the end".utf8) }
        return (file, cleaned)
    }

    @Test(
        "property: any well-formed JPEG cleans to exactly its kept segments and scans, and cleaning is idempotent",
        arguments: [1, 2, 3, 4] as [UInt64])
    func jpegProperty(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let (file, cleaned) = Self.randomJPEG(&random)
            let photo = try ComplaintPhoto(Data(file))
            #expect([UInt8](photo.bytes) == cleaned)
            #expect(try ComplaintPhoto(photo.bytes).bytes == photo.bytes)
        }
    }

    @Test(
        "fuzz: damaged JPEGs and PNGs are refused with the photo named, or clean to a file that cleans to itself",
        arguments: [7, 8, 9] as [UInt64])
    func fuzz(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for round in 0..<1500 {
            var bytes = round % 2 == 0 ? Self.randomJPEG(&random).file : Self.png(extraChunks: [("tEXt", [1, 2, 3])])
            switch Int.random(in: 0..<3, using: &random) {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            default:
                bytes.insert(
                    UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...bytes.count, using: &random))
            }
            do {
                let photo = try ComplaintPhoto(Data(bytes))
                #expect(try ComplaintPhoto(photo.bytes).bytes == photo.bytes, "seed \(seed) round \(round)")
            } catch let error as IssuingError {
                #expect(error.field == "photo", "seed \(seed) round \(round)")
            }
        }
    }
}
