import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

@testable import Acquirer

@Suite("Parsers never crash and what they accept round-trips")
struct ParserFuzzTests {
    static func randomText(_ random: inout SeededGenerator, alphabet: [Character], maximumLength: Int) -> String {
        String(
            (0..<Int.random(in: 0...maximumLength, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
        )
    }

    @Test(
        "timestamps: random mutations of a valid one are parsed or refused, and accepted ones re-format to the same instant"
    )
    func timestamps() throws {
        var random = SeededGenerator(seed: 1)
        let alphabet = Array("0123456789-+:TZ.tz ")
        let base = Array("2026-11-23T10:15:30.125+07:00")
        for round in 0..<20_000 {
            var text: String
            if round % 2 == 0 {
                var chars = base
                for _ in 0..<Int.random(in: 1...3, using: &random) {
                    chars[Int.random(in: 0..<chars.count, using: &random)] = alphabet.randomElement(using: &random)!
                }
                text = String(chars)
            } else {
                text = Self.randomText(&random, alphabet: alphabet, maximumLength: 32)
            }
            guard let parsed = try? SNAPTimestamp(text) else { continue }
            let again = SNAPTimestamp(date: parsed.date, offset: parsed.offset)
            #expect(abs(again.date.timeIntervalSince(parsed.date)) < 1, "\(text)")
            #expect(try SNAPTimestamp(again.text).date == again.date, "\(text)")
        }
    }

    @Test("property: any instant formats and parses back exactly, in any offset")
    func instants() throws {
        var random = SeededGenerator(seed: 2)
        for _ in 0..<5_000 {
            let seconds = Int64.random(in: -62_135_596_800...253_402_300_799 - 86_400, using: &random)
            let offset = UTCOffset(minutes: Int.random(in: -14 * 60...14 * 60, using: &random))
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let stamp = SNAPTimestamp(date: date, offset: offset)
            if CivilDate(containing: date, offset: offset).year >= 1 {
                #expect(try SNAPTimestamp(stamp.text).date == date, "\(stamp.text)")
            }
        }
    }

    @Test("amount values: random strings never crash; accepted values encode back to the canonical form")
    func amounts() throws {
        var random = SeededGenerator(seed: 3)
        let alphabet = Array("0123456789.,-+e ")
        for _ in 0..<20_000 {
            let text = Self.randomText(&random, alphabet: alphabet, maximumLength: 24)
            guard let value = try? SNAPAmount.parseValue(text) else { continue }
            #expect(value >= .zero)
            #expect(try SNAPAmount.parseValue(SNAPAmount(value).value) == value)
            #expect(text.hasPrefix(String(value.value)), "\(text)")
        }
    }

    @Test("response codes and UTC offsets: random strings never crash")
    func codes() {
        var random = SeededGenerator(seed: 4)
        let alphabet = Array("0123456789+-:Z ")
        for _ in 0..<20_000 {
            let text = Self.randomText(&random, alphabet: alphabet, maximumLength: 9)
            if let code = try? SNAPResponseCode(text) { #expect(code.description == text) }
            if let offset = try? UTCOffset(text) {
                #expect(offset.description == text || text == "+00:00" && offset.seconds == 0)
            }
        }
    }

    @Test("a successful notify without an amount is accepted 200 and recorded as an unreadable notify (never lost)")
    func notifyWithoutAmount() async throws {
        let profile = try Fixtures.profile(scheme: .rsaBody)
        let credentials = try Fixtures.credentials(profile)
        let body = Array(
            "{\"originalReferenceNo\":\"A\",\"originalPartnerReferenceNo\":\"B\",\"latestTransactionStatus\":\"00\"}"
                .utf8)
        let timestamp = SNAPTimestamp(date: Instants.morning, offset: .jakarta)
        let headers = try NotifySigner(profile: profile, credentials: credentials).headers(
            body: body, path: profile.notifyPath, timestamp: timestamp, externalID: "1")
        let request = SNAPHTTPRequest(path: profile.notifyPath, headers: headers, body: body)
        let outcome = await NotifyProcessor(profile: profile, credentials: credentials).process(
            request, now: Instants.morning, invoices: InvoiceTable(invoices: [:]))
        #expect(try outcome.response.code() == "2005200")
        guard case .malformed(let salvaged, let problem) = outcome.decision else {
            Issue.record("expected a malformed-notify decision, got \(outcome.decision)")
            return
        }
        #expect(salvaged.reference == "B" && salvaged.amountText == "?")
        #expect(problem.contains("amount"))
        // A non-success status without an amount is fine: nothing to record as paid.
        let cancelled = Array(
            "{\"originalReferenceNo\":\"A\",\"originalPartnerReferenceNo\":\"B\",\"latestTransactionStatus\":\"05\"}"
                .utf8)
        let cancelledRequest = SNAPHTTPRequest(
            path: profile.notifyPath,
            headers: try NotifySigner(profile: profile, credentials: credentials).headers(
                body: cancelled, path: profile.notifyPath, timestamp: timestamp, externalID: "2"),
            body: cancelled)
        let notPaid = await NotifyProcessor(profile: profile, credentials: credentials).process(
            cancelledRequest, now: Instants.morning, invoices: InvoiceTable(invoices: [:]))
        guard case .notPaid(let reference, let status) = notPaid.decision else {
            Issue.record("expected notPaid, got \(notPaid.decision)")
            return
        }
        #expect(reference == "B" && status == .canceled)
    }
}
