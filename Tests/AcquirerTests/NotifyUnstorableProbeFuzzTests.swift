import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import Acquirer

/// `NotifyUnstorablePayment.probe` reads raw notify bodies (ones that did not even decode): random and
/// mutated bodies never crash it, and a successful notify above the QRIS maximum is always probed with
/// the amount text exactly as sent.
@Suite("Notify unstorable-amount probe fuzzing")
struct NotifyUnstorableProbeFuzzTests {
    static let now = Date(timeIntervalSince1970: 1_795_482_000)

    static func space(_ random: inout SeededGenerator) -> String {
        ["", "", " ", "\n", "\t ", "\r\n"].randomElement(using: &random)!
    }

    /// A successful notify for `amount`, members in a random order and random spacing.
    static func body(
        amount: String, reference: String, rrn: String?, originalReferenceNo: String, issuer: String?,
        paidTime: String?, _ random: inout SeededGenerator
    ) -> [UInt8] {
        var info: [String] = []
        if let rrn { info.append(#""retrievalReferenceNo":"\#(rrn)""#) }
        if let issuer { info.append(#""issuer":"\#(issuer)""#) }
        var members = [
            #""originalReferenceNo":"\#(originalReferenceNo)""#, #""originalPartnerReferenceNo":"\#(reference)""#,
            #""latestTransactionStatus":"00""#, #""transactionStatusDesc":"Success""#,
            #""amount":{\#(space(&random))"value":\#(space(&random))"\#(amount)",\#(space(&random))"currency":"IDR"}"#,
        ]
        if let paidTime { members.append(#""paidTime":"\#(paidTime)""#) }
        if !info.isEmpty || Bool.random(using: &random) {
            members.append(#""additionalInfo":{\#(info.shuffled(using: &random).joined(separator: ","))}"#)
        }
        let text =
            "{"
            + members.shuffled(using: &random).map { space(&random) + $0 + space(&random) }
            .joined(separator: ",") + "}"
        return Array(text.utf8)
    }

    @Test(
        "an amount above the QRIS maximum is always probed, with the amount text exactly as sent",
        arguments: [1, 2, 3] as [UInt64])
    func aboveMaximum(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<1_000 {
            // 10_000_000_000_000 (one above the 13-digit maximum) up to far beyond 64 bits.
            let leadingZeros = String(repeating: "0", count: Int.random(in: 0...2, using: &random))
            let whole: String
            switch Int.random(in: 0..<4, using: &random) {
            case 0: whole = String(Int64.random(in: 10_000_000_000_000...Int64.max, using: &random))
            case 1:
                whole = ["10000000000000", "9223372036854775807", "9223372036854775808", "18446744073709551616"]
                    .randomElement(using: &random)!
            default:
                whole =
                    String(Int.random(in: 1...9, using: &random))
                    + random.digits(Int.random(in: 13...60, using: &random))
            }
            let fraction = ["", ".00", ".0", ".000", "."].randomElement(using: &random)!
            let amount = leadingZeros + whole + fraction
            let reference = "AMB" + random.digits(8)
            let rrn: String? = Bool.random(using: &random) ? "RRN" + random.digits(9) : nil
            let issuer: String? = Bool.random(using: &random) ? "DANA" : nil
            let paidTime: String? = Bool.random(using: &random) ? "2026-11-24T10:00:00+09:00" : nil
            let body = Self.body(
                amount: amount, reference: reference, rrn: rrn, originalReferenceNo: "ORIG1", issuer: issuer,
                paidTime: paidTime, &random)
            let probed = try #require(
                NotifyUnstorablePayment.probe(body, now: Self.now), "\(String(decoding: body, as: UTF8.self))")
            #expect(probed.amountText == amount)
            #expect(probed.reference == reference)
            #expect(probed.rrn == (rrn ?? "ORIG1"))
            #expect(probed.issuer == issuer)
            #expect(probed.paidAt == (paidTime == nil ? Self.now : try SNAPTimestamp(paidTime!).date))
        }
    }

    @Test("storable, fractional, negative or non-decimal amounts, and unsuccessful notifies, are not probed")
    func notProbed() {
        var random = SeededGenerator(seed: 4)
        for amount in [
            "0", "1", "9999999999999", "9999999999999.00", "0009999999999999", "10000000000000.50",
            "-10000000000000", "+10000000000000", "1e20", "10000000000000,00", " 10000000000000", "", ".00",
            "1.0000000000000000000001", "１0000000000000", "10000000000000.0a",
        ] {
            let body = Self.body(
                amount: amount, reference: "B", rrn: nil, originalReferenceNo: "A", issuer: nil, paidTime: nil, &random)
            #expect(NotifyUnstorablePayment.probe(body, now: Self.now) == nil, "\(amount)")
        }
        let failed = Array(
            #"{"originalReferenceNo":"A","originalPartnerReferenceNo":"B","latestTransactionStatus":"06","amount":{"value":"99999999999999999999.00","currency":"IDR"}}"#
                .utf8)
        #expect(NotifyUnstorablePayment.probe(failed, now: Self.now) == nil)
        let dollars = Array(
            #"{"originalReferenceNo":"A","originalPartnerReferenceNo":"B","latestTransactionStatus":"00","amount":{"value":"99999999999999999999.00","currency":"USD"}}"#
                .utf8)
        #expect(NotifyUnstorablePayment.probe(dollars, now: Self.now) == nil)
    }

    @Test(
        "random and mutated bodies never crash; whatever is probed is all digits above the maximum",
        arguments: [5, 6] as [UInt64])
    func mutatedBodies(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let tokens = Array(#"{}[]":,0123456789.-eE nulltruefalse\u00"#.utf8)
        for round in 0..<4_000 {
            var bytes: [UInt8]
            if round % 4 == 0 {
                bytes = (0..<Int.random(in: 0...80, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            } else {
                bytes = Self.body(
                    amount: "99999999999999999999.00", reference: "B", rrn: "R", originalReferenceNo: "A",
                    issuer: "OVO",
                    paidTime: "2026-11-24T10:00:00+09:00", &random)
                for _ in 0..<Int.random(in: 1...4, using: &random) where !bytes.isEmpty {
                    let position = Int.random(in: 0..<bytes.count, using: &random)
                    switch Int.random(in: 0..<4, using: &random) {
                    case 0: bytes[position] = tokens.randomElement(using: &random)!
                    case 1: bytes.remove(at: position)
                    case 2: bytes.insert(tokens.randomElement(using: &random)!, at: position)
                    default: bytes = Array(bytes[..<position])
                    }
                }
            }
            guard let probed = NotifyUnstorablePayment.probe(bytes, now: Self.now) else { continue }
            let parts = probed.amountText.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            #expect(parts[0].allSatisfy(\.isASCII) && parts[0].allSatisfy(\.isNumber), "\(probed.amountText)")
            #expect(parts.count == 1 || parts[1].allSatisfy { $0 == "0" }, "\(probed.amountText)")
            let significant = parts[0].drop { $0 == "0" }
            #expect(significant.count >= 14, "\(probed.amountText) is storable")
        }
    }

    @Test(
        "bodies nested past the decoder's limit never crash the probe",
        arguments: [255, 256, 511, 512, 513, 514, 100_000])
    func deepNesting(depth: Int) {
        for body in [
            String(repeating: "[", count: depth), String(repeating: #"{"a":["#, count: depth / 2) + "[",
            String(repeating: "[", count: depth) + String(repeating: "]", count: depth),
        ] {
            #expect(NotifyUnstorablePayment.probe(Array(body.utf8), now: Self.now) == nil)
        }
    }
}
