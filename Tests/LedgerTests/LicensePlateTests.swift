import LunasTestSupport
import Testing

@testable import Ledger

/// Plates are validated before they are normalised (issue 12, item 13): Unicode case mapping must never
/// turn a non-ASCII letter into an ASCII one.
@Suite("License plate validation")
struct LicensePlateTests {
    /// Letters whose upper case (or compatibility form) is ASCII, so a normaliser that maps case first would
    /// accept them: dotless i, sharp s, the long s, the fi ligature, Kelvin sign, fullwidth A.
    static let foldingLetters: [Character] = ["ı", "ß", "ſ", "ﬁ", "\u{212A}", "\u{FF21}", "é", "İ"]

    @Test("a letter that case mapping folds into ASCII is refused, naming character and position")
    func refusesFoldingLetters() throws {
        for letter in Self.foldingLetters {
            let plate = "DE 12\(letter)4 AB"
            let error = try #require(throws: LedgerError.self) { try LicensePlate.normalise(plate) }
            #expect(error.code == .invalidPlateCharacter, "\(plate)")
            #expect(error.field == "plate")
            #expect(error.message.contains("\"\(letter)\""), "\(error.message)")
            #expect(error.message.contains("at position 6"), "\(error.message)")
            let scalar = String(letter.unicodeScalars.first!.value, radix: 16, uppercase: true)
            #expect(error.message.contains("U+" + String(repeating: "0", count: max(0, 4 - scalar.count)) + scalar))
        }
        // The ones the issue names, as the whole plate.
        #expect(throws: LedgerError.self) { try LicensePlate.normalise("dı 1") }
        #expect(throws: LedgerError.self) { try LicensePlate.normalise("Dß 1") }
    }

    @Test(
        "random plates: accepted exactly when every character is ASCII A–Z, a–z, 0–9, space, dot or dash",
        arguments: [1, 2, 3, 4] as [UInt64])
    func property(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let allowed = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .-")
        let allowedScalars = Set(allowed.flatMap(\.unicodeScalars))
        let alphabet = allowed + Self.foldingLetters + ["#", "_", "\t", "Ä", "ö", "Ω", "😀", "e\u{301}"]
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...16, using: &random)
            let plate = String((0..<length).map { _ in alphabet.randomElement(using: &random)! })
            // By scalar: Swift's Character equality is canonical equivalence, so the Kelvin sign == "K".
            let firstBad = plate.firstIndex { character in
                character.unicodeScalars.count != 1 || !allowedScalars.contains(character.unicodeScalars.first!)
            }
            let kept = plate.filter { $0 != " " && $0 != "." && $0 != "-" }
            do {
                let normal = try LicensePlate.normalise(plate)
                #expect(firstBad == nil, "\(plate) was accepted as \(normal)")
                #expect(normal == kept.uppercased())
                #expect(normal.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) })
                #expect(normal.count == kept.count, "case mapping changed the length of \(plate)")
            } catch let error as LedgerError {
                if let firstBad {
                    #expect(error.code == .invalidPlateCharacter, "\(plate): \(error)")
                    let position = plate.distance(from: plate.startIndex, to: firstBad) + 1
                    #expect(error.message.contains("at position \(position)"), "\(error.message)")
                } else {
                    #expect(error.code == .invalidPlate, "\(plate): \(error)")
                    #expect(kept.isEmpty || kept.count > 12)
                }
            }
        }
    }
}
