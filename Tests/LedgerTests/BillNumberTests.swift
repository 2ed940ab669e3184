import Foundation
import Ledger
import LunasTestSupport
import Testing

@Suite struct BillNumberTests {
    let wit = TimeZone(identifier: "Asia/Jayapura")!

    @Test func generatesPrefixDateAndRandomAlphanumerics() throws {
        // 2026-11-23 20:00 UTC is already 24 November in Ambon (UTC+9).
        let date = Date(timeIntervalSince1970: 1_795_464_000)
        var generator = SeededGenerator(seed: 7)
        var seen: Set<BillNumber> = []
        for _ in 0..<1_000 {
            let bill = try BillNumber.generate(prefix: "AMB", date: date, timeZone: wit, using: &generator)
            #expect(bill.rawValue.count == 24 && bill.rawValue.hasPrefix("AMB261124"))
            #expect(bill.rawValue.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
            seen.insert(bill)
        }
        #expect(seen.count == 1_000)
        #expect(try BillNumber.generate(prefix: "A", date: date, timeZone: wit, length: 40).rawValue.count == 25)
        #expect(try BillNumber.generate(prefix: "CRASH", date: date, timeZone: wit).rawValue.count == 24)
        // Later in the day sorts later.
        let morning = try BillNumber.generate(prefix: "AMB", date: date, timeZone: wit)
        let evening = try BillNumber.generate(prefix: "AMB", date: date.addingTimeInterval(36_000), timeZone: wit)
        #expect(morning < evening)
    }

    /// Property: the date part is the calendar date in the given zone, whatever the date and zone.
    @Test(arguments: ["Asia/Jayapura", "America/St_Johns", "UTC", "Pacific/Kiritimati"])
    func datePartIsTheLocalCalendarDate(_ zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<300 {
            let date = Date(timeIntervalSince1970: Double(generator.next() % 4_102_444_800))
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let expected = String(format: "%02d%02d%02d", parts.year! % 100, parts.month!, parts.day!)
            let bill = try BillNumber.generate(prefix: "X", date: date, timeZone: timeZone, using: &generator)
            #expect(bill.rawValue.dropFirst().prefix(6) == expected[...], "\(date) in \(zone)")
        }
    }

    @Test(arguments: ["", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "AMB-123", "AMB 123", "AMBé1"])
    func refusesBadBillNumbers(_ text: String) {
        #expect(throws: LedgerError.self) { try BillNumber(text) }
    }

    @Test func refusesBadPrefixes() {
        #expect(throws: LedgerError.self) { try BillNumber.generate(prefix: "", date: Date(), timeZone: wit) }
        #expect(throws: LedgerError.self) { try BillNumber.generate(prefix: "A-B", date: Date(), timeZone: wit) }
        #expect(throws: LedgerError.self) {
            try BillNumber.generate(prefix: "ABCDEFGH", date: Date(), timeZone: wit, length: 20)
        }
    }

    @Test func normalisesPlates() throws {
        #expect(try LicensePlate.normalise("de 1234 ab") == "DE1234AB")
        #expect(try LicensePlate.normalise("B-1.KX") == "B1KX")
        #expect(throws: LedgerError.self) { try LicensePlate.normalise(" - ") }
        #expect(throws: LedgerError.self) { try LicensePlate.normalise("DE#1") }
    }
}
