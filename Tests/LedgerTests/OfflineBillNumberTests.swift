import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

@Suite("Offline bill numbers and device codes")
struct OfflineBillNumberTests {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    @Test func knownShape() throws {
        let code = try DeviceCode("7K2Q")
        let bill = try OfflineBillNumber.make(prefix: "AMB", deviceCode: code, sequence: 57)
        // 57 = 1*32 + 25 → "1S".
        #expect(bill.rawValue.hasPrefix("AMBX7K2Q1S"))
        #expect(bill.rawValue.utf8.count == 11)
        let parsed = try #require(OfflineBillNumber.parse(bill.rawValue, prefix: "AMB"))
        #expect(parsed.deviceCode == code)
        #expect(parsed.sequence == 57)
    }

    @Test("round trip for random codes, sequences and prefixes", arguments: [1, 2, 3] as [UInt64])
    func roundTrip(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<2000 {
            let code = DeviceCode.random(using: &random)
            let prefix = ["AMB", "T", "KOTAAMB1", "Tng"].randomElement(using: &random)!
            let sequence = Int64.random(in: 1...Int64(1) << Int64.random(in: 1...55, using: &random), using: &random)
            let bill: BillNumber
            do {
                bill = try OfflineBillNumber.make(prefix: prefix, deviceCode: code, sequence: sequence)
            } catch {
                // Only too long a number is refused.
                #expect(prefix.count + 6 + OfflineBillNumber.base32(sequence).count > 25)
                continue
            }
            #expect(bill.rawValue.utf8.count <= BillNumber.maximumLength)
            let parsed = try #require(OfflineBillNumber.parse(bill.rawValue, prefix: prefix))
            #expect(parsed.deviceCode == code && parsed.sequence == sequence)
            #expect(OfflineBillNumber.parse(bill.rawValue, prefix: prefix + "A") == nil)
        }
    }

    @Test("every single-character substitution is detected", arguments: [1, 2] as [UInt64])
    func substitutions(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let code = DeviceCode.random(using: &random)
            let sequence = Int64.random(in: 1...10_000_000, using: &random)
            let bill = Array(
                try OfflineBillNumber.make(prefix: "AMB", deviceCode: code, sequence: sequence).rawValue.utf8)
            for position in 3..<bill.count {
                for symbol in Self.alphabet where symbol != bill[position] {
                    var changed = bill
                    changed[position] = symbol
                    #expect(OfflineBillNumber.parse(String(decoding: changed, as: UTF8.self), prefix: "AMB") == nil)
                }
            }
        }
    }

    @Test("every adjacent transposition is detected except 0 next to Z (Luhn mod N's blind spot)")
    func transpositions() throws {
        var random = SeededGenerator(seed: 7)
        var blindSpots = 0
        for _ in 0..<3000 {
            let code = DeviceCode.random(using: &random)
            let sequence = Int64.random(in: 1...1_000_000_000, using: &random)
            let bill = Array(
                try OfflineBillNumber.make(prefix: "AMB", deviceCode: code, sequence: sequence).rawValue.utf8)
            for position in 3..<(bill.count - 1) where bill[position] != bill[position + 1] {
                var changed = bill
                changed.swapAt(position, position + 1)
                let pair = Set([bill[position], bill[position + 1]])
                let parsed = OfflineBillNumber.parse(String(decoding: changed, as: UTF8.self), prefix: "AMB")
                if pair == Set("0Z".utf8) {
                    blindSpots += parsed == nil ? 0 : 1
                } else {
                    #expect(parsed == nil, "\(String(decoding: bill, as: UTF8.self)) swapped at \(position)")
                }
            }
        }
        // The check over pairs exhaustively: only 0/Z escapes.
        for a in Self.alphabet {
            for b in Self.alphabet where a != b {
                let body: [UInt8] = Array("X7K2Q".utf8) + [a, b]
                let swapped: [UInt8] = Array("X7K2Q".utf8) + [b, a]
                let same = OfflineBillNumber.checkSymbol(for: body) == OfflineBillNumber.checkSymbol(for: swapped)
                #expect(same == (Set([a, b]) == Set("0Z".utf8)))
            }
        }
        _ = blindSpots
    }

    @Test func refusesWhatIsNotOffline() throws {
        let good = try OfflineBillNumber.make(prefix: "AMB", deviceCode: DeviceCode("7K2Q"), sequence: 1).rawValue
        #expect(OfflineBillNumber.parse(good, prefix: "AMB") != nil)
        #expect(OfflineBillNumber.parse(good.lowercased(), prefix: "amb") == nil)
        #expect(OfflineBillNumber.parse("AMB261207ABCDEF12345678", prefix: "AMB") == nil)  // online
        #expect(OfflineBillNumber.parse("AMBX7K2Q", prefix: "AMB") == nil)  // too short
        #expect(OfflineBillNumber.parse("", prefix: "AMB") == nil)
        // A leading zero in the sequence, even with a matching check symbol.
        let body = Array("X7K2Q01".utf8)
        let zeroLed = "AMB" + String(decoding: body + [OfflineBillNumber.checkSymbol(for: body)], as: UTF8.self)
        #expect(OfflineBillNumber.parse(zeroLed, prefix: "AMB") == nil)
        #expect(throws: LedgerError.self) {
            try OfflineBillNumber.make(prefix: "AMB", deviceCode: DeviceCode("7K2Q"), sequence: 0)
        }
        #expect(throws: LedgerError.self) {
            try OfflineBillNumber.make(prefix: "A-B", deviceCode: DeviceCode("7K2Q"), sequence: 1)
        }
    }

    @Test func parseNeverTrapsOnRandomText() {
        var random = SeededGenerator(seed: 11)
        let pool = Array("AMBX0123456789ZQK7amb-é ".unicodeScalars)
        for _ in 0..<20_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...30, using: &random) { text.append(pool.randomElement(using: &random)!) }
            if let parsed = OfflineBillNumber.parse(String(text), prefix: "AMB") {
                let again = try? OfflineBillNumber.make(
                    prefix: "AMB", deviceCode: parsed.deviceCode, sequence: parsed.sequence)
                #expect(again?.rawValue == String(text))
            }
        }
    }

    @Test func deviceCodes() throws {
        #expect(throws: LedgerError.self) { try DeviceCode("7K2") }
        #expect(throws: LedgerError.self) { try DeviceCode("7K2I") }
        #expect(throws: LedgerError.self) { try DeviceCode("7k2q") }
        #expect(throws: LedgerError.self) { try DeviceCode("7K2QQ") }
        var random = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let code = DeviceCode.random(using: &random)
            #expect(try DeviceCode(code.rawValue) == code)
            let data = try JSONEncoder().encode([code])
            #expect(try JSONDecoder().decode([DeviceCode].self, from: data) == [code])
        }
    }
}
