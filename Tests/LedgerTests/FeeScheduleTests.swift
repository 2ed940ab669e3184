import Foundation
import Testing

@testable import Ledger

@Suite("Fee schedule")
struct FeeScheduleTests {
    static let basis = LegalBasis(regulation: "Perda Uji", article: "Lampiran")
    static let schedule = FeeSchedule(fees: [
        Fee(
            code: "PASAR-LOS-HARIAN", name: "Retribusi pasar — los", amount: .fixed(Rupiah(5000)), unit: "per hari",
            legalBasis: basis),
        Fee(
            code: "SAMPAH-USAHA", name: "Retribusi kebersihan — usaha",
            amount: .bounded(minimum: Rupiah(25_000), maximum: Rupiah(500_000)), legalBasis: basis),
    ])

    @Test(
        "resolves amounts",
        arguments: [
            ("PASAR-LOS-HARIAN", nil, 5000), ("PASAR-LOS-HARIAN", 5000, 5000), ("SAMPAH-USAHA", 25_000, 25_000),
            ("SAMPAH-USAHA", 500_000, 500_000), ("SAMPAH-USAHA", 123_456, 123_456),
        ] as [(String, Int64?, Int64)])
    func resolves(_ code: String, _ requested: Int64?, _ expected: Int64) throws {
        #expect(try Self.schedule.resolve(code: code, amount: requested.map(Rupiah.init)) == Rupiah(expected))
    }

    @Test(
        "rejects with a specific error",
        arguments: [
            ("PARKIR", nil, "fee.unknown", "fee", "'PARKIR'"),
            ("pasar-los-harian", nil, "fee.unknown", "fee", "'pasar-los-harian'"),
            ("SAMPAH-USAHA", nil, "fee.amountRequired", "amount", "Rp25.000 and Rp500.000"),
            ("SAMPAH-USAHA", 24_999, "fee.amountOutOfBounds", "amount", "Rp25.000–Rp500.000"),
            ("SAMPAH-USAHA", 500_001, "fee.amountOutOfBounds", "amount", "Rp500.001"),
            ("SAMPAH-USAHA", -1, "fee.amountOutOfBounds", "amount", "-Rp1"),
            ("PASAR-LOS-HARIAN", 4000, "fee.amountFixed", "amount", "fixed at Rp5.000"),
        ] as [(String, Int64?, String, String, String)])
    func rejects(_ code: String, _ requested: Int64?, _ errorCode: String, _ field: String, _ text: String) throws {
        let error = try #require(throws: LedgerError.self) {
            try Self.schedule.resolve(code: code, amount: requested.map(Rupiah.init))
        }
        #expect(error.code.rawValue == errorCode)
        #expect(error.field == field)
        #expect(error.message.contains(text), "\(error.message)")
    }

    @Test func encodesFixedAndBoundedAmountsAsInTheConfigFile() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(Self.schedule), as: UTF8.self)
        #expect(json.contains(#""amount":5000"#))
        #expect(json.contains(#""maximum":500000,"minimum":25000"#))
        #expect(try JSONDecoder().decode(FeeSchedule.self, from: Data(json.utf8)) == Self.schedule)
    }

    @Test func feeWithBothAmountAndBoundsDoesNotDecode() {
        let json =
            #"{"code":"X","name":"X","amount":1,"minimum":1,"maximum":2,"legalBasis":{"regulation":"r","article":"a"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Fee.self, from: Data(json.utf8)) }
    }
}
