import LunasTestSupport
import QRIS
import Testing

/// Random payload trees for property tests.
enum RandomTrees {
    static let ascii = Array(
        " !#$%&()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~")
    static let unicode: [Character] = ["é", "ü", "最", "佳", "运", "输", "đ", "Đ", "🇮🇩", "🅿", "ß", "ñ", "a", "Z", " "]

    static func text(_ rng: inout SeededGenerator, maximum: Int, unicode allowUnicode: Bool) -> String {
        let length = Int.random(in: 1...maximum, using: &rng)
        var scalars = String.UnicodeScalarView()
        while scalars.count < length {
            let pool = allowUnicode && Bool.random(using: &rng) ? unicode : ascii
            for scalar in pool.randomElement(using: &rng)!.unicodeScalars where scalars.count < length {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    static func template(_ rng: inout SeededGenerator, tag: Int, unicode: Bool) -> QRISDataObject {
        var children = [QRISDataObject(tag: 0, value: text(&rng, maximum: 12, unicode: false))]
        var budget = 99 - 4 - children[0].value!.unicodeScalars.count
        // Inside 62, sub-tags 50-99 are templates themselves: keep the random ones primitive.
        for sub in (1...(tag == 62 ? 49 : 99)).shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)).sorted()
        {
            guard budget > 6 else { break }
            let value = text(&rng, maximum: min(20, budget - 4), unicode: unicode)
            budget -= 4 + value.unicodeScalars.count
            children.append(QRISDataObject(tag: sub, value: value))
        }
        return QRISDataObject(tag: tag, children: children)
    }

    /// A random tree: 00 first, then distinct root tags in random order, 63 added by the encoder.
    static func tree(_ rng: inout SeededGenerator) -> [QRISDataObject] {
        var objects = [QRISDataObject(tag: 0, value: "01")]
        let tags = (1...99).filter { $0 != 63 }.shuffled(using: &rng).prefix(Int.random(in: 1...12, using: &rng))
        for tag in tags {
            switch tag {
            case 26...51, 62, 80...99: objects.append(template(&rng, tag: tag, unicode: false))
            case 64:
                objects.append(
                    QRISDataObject(
                        tag: 64,
                        children: [
                            .init(tag: 0, value: "ZH"), .init(tag: 1, value: text(&rng, maximum: 25, unicode: true)),
                        ]))
            default: objects.append(QRISDataObject(tag: tag, value: text(&rng, maximum: 30, unicode: false)))
            }
        }
        return objects
    }
}

@Suite struct PropertyTests {
    @Test func randomTreesRoundTripByteExactly() throws {
        var rng = SeededGenerator(seed: 20_261_123)
        for _ in 0..<2000 {
            let objects = RandomTrees.tree(&rng)
            let text = try QRISDataObject.encode(objects)
            let payload = try QRISPayload(parsing: text)
            #expect(Array(payload.encoded.utf8) == Array(text.utf8))
            #expect(Array(try QRISDataObject.encodeVerbatim(payload.dataObjects).utf8) == Array(text.utf8))
            #expect(payload.dataObjects.map(\.tag) == objects.map(\.tag) + [63])
            let codes = payload.validate(.init(profile: .emvco)).map(\.code)
            #expect(!codes.contains(.crcMismatch) && !codes.contains(.templateMalformed))
        }
    }

    @Test func randomMutationsNeverCrashNorValidateWithAWrongCRC() throws {
        var rng = SeededGenerator(seed: 42)
        let seeds = try [
            Fixtures.sample("static"), Fixtures.sample("emvcoAnnexB"), Fixtures.sample("dynamicWithReference"),
        ]
        var parsed = 0
        for round in 0..<20_000 {
            let seed = round % 5 < 3 ? seeds[round % 3] : try QRISDataObject.encode(RandomTrees.tree(&rng))
            var bytes = Array(seed.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                mutate(&bytes, &rng)
            }
            guard let payload = try? QRISPayload(parsingBytes: bytes) else { continue }
            parsed += 1
            for profile in QRISValidationOptions.Profile.allCases {
                let issues = payload.validate(.init(profile: profile))
                if !issues.containsError {
                    #expect(crcMatches(payload), "validated with a wrong CRC: \(payload.encoded)")
                }
            }
            _ = QRISSummary(payload).lines
        }
        #expect(parsed > 1000)
    }

    func mutate(_ bytes: inout [UInt8], _ rng: inout SeededGenerator) {
        guard !bytes.isEmpty else {
            bytes.append(UInt8.random(in: 0...255, using: &rng))
            return
        }
        let index = Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: bytes[index] = UInt8.random(in: 0x20...0x7E, using: &rng)
        case 1: bytes[index] = UInt8.random(in: 0...255, using: &rng)
        case 2: bytes.remove(at: index)
        case 3: bytes.insert(UInt8.random(in: 0x30...0x39, using: &rng), at: index)
        case 4: bytes.removeSubrange(index...)
        default: bytes[index] ^= 1 << UInt8.random(in: 0...7, using: &rng)
        }
    }

    /// Recomputes the CRC independently of the validator.
    func crcMatches(_ payload: QRISPayload) -> Bool {
        let bytes = Array(payload.encoded.utf8)
        guard bytes.count >= 8, Array(bytes[(bytes.count - 8)..<(bytes.count - 4)]) == Array("6304".utf8) else {
            return false
        }
        let crc = CRC16.hexString(CRC16.checksum(bytes.dropLast(4)))
        return String(decoding: bytes.suffix(4), as: UTF8.self).uppercased() == crc
    }
}
