import Foundation
import QRIS
import Testing

@testable import Ledger

@Suite("City merchant and its static QRIS")
struct CityMerchantTests {
    static let demoPayload =
        "00020101021126770025ID.CO.BANKMALUKUMALUT.WWW01189360013100000971260215AMB0000000971260303URE51440014ID.CO.QRIS.WWW0215ID10260000971260303URE5204939953033605802ID5919PEMKOT AMBON (DEMO)6005AMBON6105971266304BF65"

    static let merchant = CityMerchant(
        name: "PEMKOT AMBON (DEMO)", city: "AMBON", postalCode: "97126", mcc: "9399", nmid: "ID1026000097126",
        criteria: .regular, mdrCategory: .government,
        account: CityMerchantAccount(
            globalUniqueIdentifier: "ID.CO.BANKMALUKUMALUT.WWW", pan: "936001310000097126",
            merchantID: "AMB000000097126"),
        staticQRIS: demoPayload)

    /// CRC-16/CCITT-FALSE written out bit by bit, independently of the `QRIS` module's table-driven one.
    static func referenceCRC(_ text: String) -> String {
        var crc = 0xFFFF
        for byte in text.utf8 {
            for bit in (0..<8).reversed() {
                let input = (Int(byte) >> bit) & 1
                let top = (crc >> 15) & 1
                crc = (crc << 1) & 0xFFFF
                if input ^ top == 1 { crc ^= 0x1021 }
            }
        }
        let hex = String(crc, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - hex.count) + hex
    }

    @Test func crcMatchesTheCatalogueCheckValue() {
        #expect(CRC16.hexString(CRC16.checksum("123456789".utf8)) == "29B1")
        #expect(Self.referenceCRC("123456789") == "29B1")
    }

    @Test func demoPayloadCarriesACorrectCRC() {
        #expect(Self.referenceCRC(String(Self.demoPayload.dropLast(4))) == String(Self.demoPayload.suffix(4)))
        #expect(Self.demoPayload.hasSuffix("6304BF65"))
    }

    @Test func demoMerchantAgreesWithItsPayload() {
        #expect(Self.merchant.staticQRISProblems() == [])
        var issues = CityConfigurationIssues(file: "lunas.json")
        Self.merchant.validate(at: "city.merchant", into: &issues)
        #expect(issues.list.isEmpty)
    }

    @Test(
        "a payload that disagrees with the identity is reported",
        arguments: [
            ("name", "must be tag 59"), ("nmid", "tag 51-02"), ("crc", "CRC"), ("dynamic", "tag 01"),
            ("amount", "tag 54"), ("postal", "tag 61"), ("garbage", "TLV"), ("unicode", "ASCII"),
            ("repeat", "repeats tag 58 at byte offset 203"), ("spaces", "spaces"),
        ])
    func mismatches(_ change: String, _ expected: String) {
        var merchant = Self.merchant
        func resigned(_ body: String) -> String { body + "6304" + Self.referenceCRC(body + "6304") }
        let body = String(Self.demoPayload.dropLast(8))
        switch change {
        case "name": merchant.name = "PEMKOT AMBON"
        case "nmid": merchant.nmid = "ID1026000097127"
        case "crc": merchant.staticQRIS = String(Self.demoPayload.dropLast(4)) + "BF66"
        case "dynamic": merchant.staticQRIS = resigned(body.replacingOccurrences(of: "010211", with: "010212"))
        case "amount": merchant.staticQRIS = resigned(body + "54045000")
        case "postal": merchant.postalCode = "97127"
        case "garbage": merchant.staticQRIS = "000201010211ZZ"
        case "repeat": merchant.staticQRIS = resigned(body + "5802ID")
        case "spaces": merchant.staticQRIS = Self.demoPayload + " "
        default: merchant.staticQRIS = Self.demoPayload.replacingOccurrences(of: "AMBON6105", with: "AMBÖN6105")
        }
        let problems = merchant.staticQRISProblems()
        let expectation = expected == "must be tag 59" ? "tag 59" : expected
        #expect(problems.contains { $0.contains(expectation) }, "\(problems)")
    }

    @Test(
        "identity fields are checked",
        arguments: [
            ("name", "city.merchant.name"), ("city", "city.merchant.city"), ("postal", "city.merchant.postalCode"),
            ("mcc", "city.merchant.mcc"), ("nmid", "city.merchant.nmid"), ("pan", "city.merchant.account.pan"),
        ])
    func fields(_ change: String, _ path: String) {
        var merchant = Self.merchant
        switch change {
        case "name": merchant.name = String(repeating: "A", count: 26)
        case "city": merchant.city = "KOTA AMBON MALUKU"
        case "postal": merchant.postalCode = "9712"
        case "mcc": merchant.mcc = "93A9"
        case "nmid": merchant.nmid = "id1026000097126"
        default: merchant.account?.pan = "1234"
        }
        var issues = CityConfigurationIssues(file: "lunas.json")
        merchant.validate(at: "city.merchant", into: &issues)
        #expect(issues.list.contains { $0.path == path }, "\(issues.list)")
    }
}
