import Foundation
import Ledger
import Testing

@testable import Acquirer

@Suite("SNAP messages: amounts, response codes, statuses, headers")
struct MessageTests {
    @Test("amounts encode with two decimals and decode to whole rupiah")
    func amounts() throws {
        #expect(
            String(decoding: SNAPCoding.encode(SNAPAmount(Rupiah(10_000))), as: UTF8.self)
                == "{\"currency\":\"IDR\",\"value\":\"10000.00\"}")
        for (text, value) in [
            ("10000.00", 10_000), ("10000", 10_000), ("10000.0", 10_000), ("0.00", 0),
            ("9223372036854775807.00", Int64.max),
        ] as [(String, Int64)] {
            let json = "{\"value\":\"\(text)\",\"currency\":\"IDR\"}"
            #expect(try SNAPCoding.decode(SNAPAmount.self, from: json.bytes, what: "t").rupiah == Rupiah(value))
        }
    }

    @Test(
        "amounts refuse fractions of a rupiah and anything not a plain decimal string",
        arguments: [
            ("\"10000.50\"", "amount.fractionalRupiah"), ("\"0.01\"", "amount.fractionalRupiah"),
            ("10000.00", "amount.invalid"),
            ("\"-5.00\"", "amount.invalid"), ("\"1e4\"", "amount.invalid"), ("\"010000.00\"", "amount.invalid"),
            ("\"10000.000\"", "amount.invalid"), ("\"\"", "amount.invalid"),
            ("\"9223372036854775808.00\"", "amount.invalid"),
            ("\"10.000,00\"", "amount.invalid"), ("\" 10\"", "amount.invalid"),
        ])
    func refusedAmounts(value: String, code: String) {
        let json = "{\"amount\":{\"value\":\(value),\"currency\":\"IDR\"}}"
        struct Holder: Decodable { var amount: SNAPAmount }
        let error = expectError(AcquirerError.Code(code)) {
            _ = try SNAPCoding.decode(Holder.self, from: json.bytes, what: "t")
        }
        #expect(error?.field == "amount.value")
    }

    @Test("only IDR is accepted")
    func currency() {
        expectError(.invalidAmount) {
            _ = try SNAPCoding.decode(
                SNAPAmount.self, from: "{\"value\":\"1.00\",\"currency\":\"USD\"}".bytes, what: "t")
        }
    }

    @Test("response codes split into HTTP status, service and case")
    func responseCodes() throws {
        let code = try SNAPResponseCode("4094700")
        #expect(code.httpStatus == 409)
        #expect(code.serviceCode == "47")
        #expect(code.caseCode == "00")
        #expect(code.genericCase == .conflict)
        #expect(code.is(.conflict))
        #expect(!code.isSuccess)
        #expect(SNAPResponseCode(.notify, .successful).description == "2005200")
        #expect(SNAPResponseCode(.refundQR, .invalidAmount).description == "4047813")
        for snapCase in SNAPCase.all {
            let built = SNAPResponseCode(.queryQR, snapCase)
            #expect(try SNAPResponseCode(built.description) == built)
            #expect(built.genericCase == snapCase)
        }
        for bad in ["200470", "20047000", "2OO4700", "0004700", "", "２００４７００"] {
            expectError(.invalidResponseCode) { _ = try SNAPResponseCode(bad) }
        }
    }

    @Test("the notify answer body is exact")
    func resultBody() {
        #expect(
            String(decoding: SNAPResult(.notify, .successful).body, as: UTF8.self)
                == "{\"responseCode\":\"2005200\",\"responseMessage\":\"Successful\"}")
        #expect(
            String(decoding: SNAPResult(.notify, .unauthorized, message: "a \"b\"\n").body, as: UTF8.self)
                == "{\"responseCode\":\"4015200\",\"responseMessage\":\"a \\\"b\\\"\\n\"}")
    }

    @Test("latestTransactionStatus 00–07")
    func statuses() throws {
        #expect(TransactionStatus.allCases.map(\.rawValue) == ["00", "01", "02", "03", "04", "05", "06", "07"])
        struct Holder: Decodable { var latestTransactionStatus: TransactionStatus }
        expectError(.invalidField) {
            _ = try SNAPCoding.decode(Holder.self, from: "{\"latestTransactionStatus\":\"08\"}".bytes, what: "t")
        }
        expectError(.missingField) { _ = try SNAPCoding.decode(Holder.self, from: "{}".bytes, what: "t") }
    }

    @Test("messages round-trip with SNAP field names")
    func roundTrip() throws {
        let request = GenerateQRRequest(
            partnerReferenceNo: "PKR000123", amount: SNAPAmount(Rupiah(5_000)), merchantId: "M1", terminalId: "T1",
            validityPeriod: "2026-11-23T11:15:30+07:00",
            additionalInfo: GenerateQRAdditionalInfo(callbackUrl: "https://x/y"))
        let bytes = SNAPCoding.encode(request)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"partnerReferenceNo\":\"PKR000123\""))
        #expect(text.contains("\"amount\":{\"currency\":\"IDR\",\"value\":\"5000.00\"}"))
        #expect(text.contains("\"callbackUrl\":\"https://x/y\""))
        #expect(try SNAPCoding.decode(GenerateQRRequest.self, from: bytes, what: "t") == request)
        let error = expectError(.missingField) {
            _ = try SNAPCoding.decode(
                GenerateQRRequest.self, from: "{\"partnerReferenceNo\":\"A\",\"merchantId\":\"M\"}".bytes,
                what: "generate")
        }
        #expect(error?.field == "amount")
        expectError(.invalidField) {
            try GenerateQRRequest(partnerReferenceNo: "PKR-1", amount: SNAPAmount(Rupiah(1)), merchantId: "M")
                .validate()
        }
    }

    @Test(
        "service headers: every rule has its own error naming the header",
        arguments: [
            ("X-EXTERNAL-ID", "12ab", "header.invalid"),
            ("X-EXTERNAL-ID", String(repeating: "9", count: 37), "header.invalid"),
            ("CHANNEL-ID", "123456", "header.invalid"), ("Authorization", "tok123", "header.invalid"),
            ("Authorization", "Bearer ", "header.invalid"), ("X-TIMESTAMP", "2026-11-23 10:15:30", "timestamp.invalid"),
            ("X-PARTNER-ID", "", "header.missing"), ("X-SIGNATURE", "", "header.missing"),
        ])
    func headers(name: String, value: String, code: String) {
        var fields: HeaderFields = [
            "Authorization": "Bearer tok", "X-TIMESTAMP": "2026-11-23T10:15:30+07:00", "X-SIGNATURE": "c2ln",
            "X-PARTNER-ID": "LUNAS", "X-EXTERNAL-ID": String(repeating: "9", count: 36), "CHANNEL-ID": "95221",
        ]
        #expect((try? ServiceCallHeaders(validating: fields)) != nil)
        fields.set(name, value)
        let error = expectError(AcquirerError.Code(code)) { _ = try ServiceCallHeaders(validating: fields) }
        #expect(error?.field == name)
    }

    @Test("header names are matched without regard to case; X-PARTNER-ID length follows the profile")
    func headerCase() throws {
        let fields: HeaderFields = [
            "authorization": "Bearer tok", "x-timestamp": "2026-11-23T10:15:30+07:00", "x-signature": "c2ln",
            "x-partner-id": "LUNASX", "x-external-id": "1", "channel-id": "1",
        ]
        #expect(try ServiceCallHeaders(validating: fields).accessToken == "tok")
        expectError(.invalidHeader) { _ = try ServiceCallHeaders(validating: fields, partnerIDMaxLength: 5) }
    }
}
