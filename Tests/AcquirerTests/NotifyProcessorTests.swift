import AcquirerSimulator
import Foundation
import Ledger
import QRIS
import Testing

@testable import Acquirer

@Suite("Notify processing: verify, then decide, answering SNAP exactly")
struct NotifyProcessorTests {
    let paidAt = Instants.at("2026-11-23T10:20:00+07:00")

    /// A paid simulator transaction for bill `PKR100` and its signed notify.
    func notify(
        scheme: NotifySignatureScheme, amount: Int64 = 7_000, bill: String = "PKR100", at time: Date? = nil
    )
        async throws -> (SNAPHTTPRequest, SimulatedPayment, NotifyProcessor)
    {
        let profile = try Fixtures.profile(scheme: scheme, testOnly: scheme == .none, allowUnsigned: scheme == .none)
        let credentials = try Fixtures.credentials(profile)
        let simulator = AcquirerSimulator(profile: profile, credentials: credentials, seed: 9)
        let payload = LocalQR.payload(nmid: "IDTEST000000001", bill: bill, amount: amount)
        let payment = try await simulator.pay(qris: payload, issuer: "DANA", now: paidAt)
        let request = try await simulator.notifyRequest(
            referenceNo: payment.referenceNo, now: time ?? paidAt.addingTimeInterval(2))
        return (request, payment, NotifyProcessor(profile: profile, credentials: credentials))
    }

    func invoices(expires: Date? = nil, recorded: Set<String> = [], amount: Int64 = 7_000) -> InvoiceTable {
        InvoiceTable(invoices: [
            "PKR100": NotifyInvoiceState(
                reference: "PKR100", amount: Rupiah(amount), expiresAt: expires ?? paidAt.addingTimeInterval(600),
                recordedRRNs: recorded)
        ])
    }

    @Test(
        "each signed scheme round-trips to paid",
        arguments: [NotifySignatureScheme.rsaBody, .rsaClientTimestamp, .hmacSHA512])
    func schemes(scheme: NotifySignatureScheme) async throws {
        let (request, payment, processor) = try await notify(scheme: scheme)
        let outcome = await processor.process(request, now: paidAt.addingTimeInterval(3), invoices: invoices())
        guard case .paid(let paid) = outcome.decision else {
            Issue.record("expected paid, got \(outcome.decision)")
            return
        }
        #expect(
            paid
                == NotifyPayment(
                    reference: "PKR100", acquirerReference: payment.referenceNo, rrn: payment.rrn,
                    amount: Rupiah(7_000), paidAt: paidAt, issuer: "DANA", late: false))
        #expect(try outcome.response.code() == "2005200")
    }

    @Test("a replay of (reference, RRN) answers 2005200 and decides nothing new")
    func replay() async throws {
        let (request, payment, processor) = try await notify(scheme: .rsaBody)
        let outcome = await processor.process(
            request, now: paidAt.addingTimeInterval(3), invoices: invoices(recorded: [payment.rrn]))
        guard case .replay(let reference, let rrn) = outcome.decision else {
            Issue.record("expected replay, got \(outcome.decision)")
            return
        }
        #expect(reference == "PKR100" && rrn == payment.rrn)
        #expect(outcome.response.text == "{\"responseCode\":\"2005200\",\"responseMessage\":\"Successful\"}")
        #expect(!outcome.confirmWithQuery)
    }

    @Test("a bad signature answers 401 and decides nothing")
    func badSignature() async throws {
        let (request, _, processor) = try await notify(scheme: .rsaBody)
        var forged = request
        forged.body =
            String(decoding: request.body, as: UTF8.self).replacingOccurrences(of: "7000.00", with: "70.00").bytes
        let outcome = await processor.process(forged, now: paidAt.addingTimeInterval(3), invoices: invoices())
        guard case .rejected(let error) = outcome.decision else {
            Issue.record("expected rejected, got \(outcome.decision)")
            return
        }
        #expect(error.code == .signatureMismatch)
        #expect(outcome.response.status == 401)
        #expect(try outcome.response.code() == "4015200")
    }

    @Test("a notify older than the skew bound is refused")
    func stale() async throws {
        let (request, _, processor) = try await notify(scheme: .rsaClientTimestamp)
        let outcome = await processor.process(request, now: paidAt.addingTimeInterval(3_600), invoices: invoices())
        guard case .rejected(let error) = outcome.decision else {
            Issue.record("expected rejected, got \(outcome.decision)")
            return
        }
        #expect(error.code == .timestampSkew)
        #expect(outcome.response.status == 401)
    }

    @Test("an unknown invoice is kept as an exception and acknowledged")
    func unknownInvoice() async throws {
        let (request, payment, processor) = try await notify(scheme: .rsaBody)
        let outcome = await processor.process(
            request, now: paidAt.addingTimeInterval(3), invoices: InvoiceTable(invoices: [:]))
        guard case .unknownInvoice(let recorded) = outcome.decision else {
            Issue.record("expected unknownInvoice, got \(outcome.decision)")
            return
        }
        #expect(recorded.rrn == payment.rrn)
        #expect(recorded.amount == Rupiah(7_000))
        #expect(try outcome.response.code() == "2005200")
    }

    @Test("paid after expiry is paid_late, never refused")
    func late() async throws {
        let (request, _, processor) = try await notify(scheme: .rsaBody)
        let outcome = await processor.process(
            request, now: paidAt.addingTimeInterval(3), invoices: invoices(expires: paidAt.addingTimeInterval(-1)))
        guard case .paid(let paid) = outcome.decision else {
            Issue.record("expected paid, got \(outcome.decision)")
            return
        }
        #expect(paid.late)
    }

    @Test("a different amount or a second payment of the same bill are exceptions")
    func mismatches() async throws {
        let (request, _, processor) = try await notify(scheme: .rsaBody)
        let differs = await processor.process(
            request, now: paidAt.addingTimeInterval(3), invoices: invoices(amount: 7_500))
        guard case .mismatch(_, .amountDiffers(let expected)) = differs.decision else {
            Issue.record("expected amount mismatch, got \(differs.decision)")
            return
        }
        #expect(expected == Rupiah(7_500))
        let second = await processor.process(
            request, now: paidAt.addingTimeInterval(3), invoices: invoices(recorded: ["999999999999"]))
        guard case .mismatch(_, .alreadyPaid(let rrns)) = second.decision else {
            Issue.record("expected second payment, got \(second.decision)")
            return
        }
        #expect(rrns == ["999999999999"])
        #expect(try second.response.code() == "2005200")
    }

    @Test("unsigned notifies: refused on a normal profile, accepted only where a test profile allows them")
    func unsigned() async throws {
        let (request, _, testProcessor) = try await notify(scheme: .none)
        #expect(request.headers["X-SIGNATURE"] == nil)
        let accepted = await testProcessor.process(request, now: paidAt.addingTimeInterval(3), invoices: invoices())
        guard case .paid = accepted.decision else {
            Issue.record("expected paid, got \(accepted.decision)")
            return
        }
        var profile = try Fixtures.profile(scheme: .none)
        profile.notify.allowUnsigned = true
        let strict = NotifyProcessor(profile: profile, credentials: try Fixtures.credentials())
        let refused = await strict.process(request, now: paidAt.addingTimeInterval(3), invoices: invoices())
        #expect(refused.response.status == 401)
        let rsa = NotifyProcessor(
            profile: try Fixtures.profile(scheme: .rsaBody), credentials: try Fixtures.credentials())
        let missing = await rsa.process(request, now: paidAt.addingTimeInterval(3), invoices: invoices())
        #expect(try missing.response.code() == "4005202")
    }

    @Test("a malformed or incomplete body with a valid signature is accepted 200 and kept as an exception; unsigned 401")
    func malformed() async throws {
        let profile = try Fixtures.profile(scheme: .rsaBody)
        let credentials = try Fixtures.credentials(profile)
        let signer = NotifySigner(profile: profile, credentials: credentials)
        for body in [
            "{\"originalReferenceNo\":\"A\"}", "{\"a\":",
            "{\"originalReferenceNo\":\"A\",\"originalPartnerReferenceNo\":\"B\",\"latestTransactionStatus\":\"00\",\"amount\":{\"value\":\"1.50\",\"currency\":\"IDR\"}}",
        ] {
            let timestamp = SNAPTimestamp(date: paidAt, offset: .jakarta)
            let headers: HeaderFields
            if body == "{\"a\":" {
                headers = ["X-TIMESTAMP": timestamp.text, "X-SIGNATURE": "AAAA"]
            } else {
                headers = try signer.headers(
                    body: body.bytes, path: profile.notifyPath, timestamp: timestamp, externalID: "1")
            }
            let request = SNAPHTTPRequest(path: profile.notifyPath, headers: headers, body: body.bytes)
            let outcome = await NotifyProcessor(profile: profile, credentials: credentials).process(
                request, now: paidAt, invoices: invoices())
            // Signed: whatever the body holds is recorded (issue 12, item 6); a bad signature is 401.
            #expect(try outcome.response.code() == (body == "{\"a\":" ? "4015200" : "2005200"), "\(body)")
            if body != "{\"a\":" {
                guard case .malformed = outcome.decision else {
                    Issue.record("\(body): expected a malformed-notify decision, got \(outcome.decision)")
                    continue
                }
            }
        }
    }
}

/// A QR composed the way Lunas `local` mode composes one: the merchant's QRIS with tag 54 and 62-01.
enum LocalQR {
    static func payload(nmid: String, bill: String, amount: Int64?, name: String = "PEMKOT TEST PARKIR") -> String {
        func object(_ tag: String, _ value: String) -> String {
            let count = value.unicodeScalars.count
            return tag + (count < 10 ? "0" : "") + String(count) + value
        }
        var payload = object("00", "01") + object("01", amount == nil ? "11" : "12")
        payload += object(
            "26",
            object("00", "ID.CO.BANK.WWW") + object("01", "936001230000000001") + object("02", "000000001")
                + object("03", "UMI"))
        payload += object("51", object("00", "ID.CO.QRIS.WWW") + object("02", nmid) + object("03", "UMI"))
        payload += object("52", "7523") + object("53", "360")
        if let amount { payload += object("54", String(amount)) }
        payload += object("58", "ID") + object("59", name) + object("60", "AMBON")
        payload += object("62", object("01", bill) + object("07", "JKR01")) + "6304"
        return QRISPayload.sealing(payload)
    }
}
