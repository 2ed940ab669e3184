import Foundation
import Testing

@testable import QRImage

@Suite("Ticket text: rupiah, local time, ASCII folding")
struct TicketTextTests {
    @Test(
        "rupiah use . between thousands",
        arguments: [
            (Int64(0), "Rp0"), (500, "Rp500"), (5000, "Rp5.000"), (12_500, "Rp12.500"), (1_250_000, "Rp1.250.000"),
            (-500, "-Rp500"), (Int64.max, "Rp9.223.372.036.854.775.807"), (Int64.min, "-Rp9.223.372.036.854.775.808"),
        ])
    func rupiah(amount: Int64, text: String) {
        #expect(TicketText.rupiah(amount) == text)
    }

    @Test(
        "local time in the city's zone with its Indonesian name",
        arguments: [
            ("Asia/Jayapura", "23-11-2026 14:05 WIT"), ("Asia/Makassar", "23-11-2026 13:05 WITA"),
            ("Asia/Jakarta", "23-11-2026 12:05 WIB"), ("Asia/Pontianak", "23-11-2026 12:05 WIB"),
            ("UTC", "23-11-2026 05:05 UTC+00:00"), ("America/St_Johns", "23-11-2026 01:35 UTC-03:30"),
        ])
    func localTime(zone: String, text: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        #expect(TicketText.localTime(TicketFixture.issuedAt, in: timeZone) == text)
    }

    @Test("folding keeps ASCII, drops accents, replaces the rest")
    func folding() {
        #expect(TicketText.asciiFolded("Kota Ambon 97126") == "Kota Ambon 97126")
        #expect(TicketText.asciiFolded("Café Ümit") == "Cafe Umit")
        #expect(TicketText.asciiFolded("安汶😀") == "???")
        #expect(TicketText.asciiFolded("Jl. Sam Ratulangi – Jl. Said Perintah") == "Jl. Sam Ratulangi - Jl. Said Perintah")
        #expect(TicketText.asciiFolded("“Pasar” ‘Mardika’") == "\"Pasar\" 'Mardika'")
        #expect(TicketText.asciiFolded("a\u{1B}b\nc\td\u{7F}") == "a b c d ")
    }

    @Test("wrapping breaks at spaces and splits only words longer than a line")
    func wrapping() {
        #expect(TicketText.wrap("aa bb cc", width: 5) == ["aa bb", "cc"])
        #expect(TicketText.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
        #expect(TicketText.wrap("", width: 4) == [""])
    }
}
