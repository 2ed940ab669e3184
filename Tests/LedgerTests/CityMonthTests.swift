import Foundation
import Ledger
import Testing

/// `CityMonth`, the month of the open figures, and its parser (`YYYY-MM`, nothing else).
@Suite("CityMonth")
struct CityMonthTests {
    @Test("every valid month round-trips through its text; its days are the month's")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let year = Int.random(in: 1...9999, using: &generator)
            let number = Int.random(in: 1...12, using: &generator)
            let month = try #require(CityMonth(year: year, month: number))
            #expect(CityMonth(text: month.description) == month, "\(month)")
            #expect(month.days.count == CivilDate.daysInMonth(year: year, month: number))
            #expect(month.days.allSatisfy { CityMonth(containing: $0) == month })
            if let next = month.next { #expect(next > month && next.previous == month) }
        }
        #expect(CityMonth(text: "2026-02")?.dayCount == 28)
        #expect(CityMonth(text: "2024-02")?.dayCount == 29)
        #expect(CityMonth(year: 9999, month: 12)?.next == nil && CityMonth(year: 1, month: 1)?.previous == nil)
    }

    @Test(
        "malformed text is nil",
        arguments: [
            "", "2026", "2026-13", "2026-00", "0000-01", "2026-1", "26-11", "2026/11", "2026-11-01", "abc", "２０２６-11",
            "+026-11", "-026-11", "2026-1a", " 2026-11", "2026-11 ",
        ])
    func malformed(_ text: String) {
        #expect(CityMonth(text: text) == nil)
    }

    @Test("random bytes never trap, and parse only in the YYYY-MM shape")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789-+ a/\u{0}é".unicodeScalars)
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...9, using: &generator)
            var text = ""
            for _ in 0..<length { text.unicodeScalars.append(alphabet.randomElement(using: &generator)!) }
            if let month = CityMonth(text: text) {
                #expect(month.description == text)
            }
        }
    }
}
