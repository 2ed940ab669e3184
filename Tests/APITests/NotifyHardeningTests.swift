import API
import Acquirer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Signed notifies with any body, as the demo simulator's key signs them: what a bank (or whoever
/// holds its key) can send.
struct SignedNotifies {
    let profile: AcquirerProfile
    let credentials: AcquirerCredentials

    /// The demo city's simulator profile and its committed demo keys.
    static func demo() throws -> SignedNotifies {
        let profile = try AcquirerProfile.load(path: APIFixture.configDirectory + "/acquirers/simulator.json")
        return SignedNotifies(profile: profile, credentials: try profile.loadCredentials())
    }

    /// The key id Lunas records for notifies this key verified.
    var keyID: String { NotifyKeyID.of(profile: profile, credentials: credentials) }

    /// A successful notify's body; `amount` is the `amount.value` text exactly as sent.
    static func body(
        bill: String, rrn: String, amount: String, issuer: String = "OVO",
        paidTime: String = "2026-11-24T08:01:00+07:00"
    ) throws -> [UInt8] {
        let object: [String: Any] = [
            "originalReferenceNo": "ACQ\(rrn.prefix(20))", "originalPartnerReferenceNo": bill,
            "latestTransactionStatus": "00", "transactionStatusDesc": "Success",
            "amount": ["value": amount, "currency": "IDR"], "paidTime": paidTime,
            "additionalInfo": ["retrievalReferenceNo": rrn, "issuer": issuer],
        ]
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// The signed request for `body`. Each `number` gets its own X-TIMESTAMP (`now` minus that many
    /// seconds) and X-EXTERNAL-ID, so no two notifies share a header pair.
    func request(_ body: [UInt8], now: Date, number: Int) throws -> SNAPHTTPRequest {
        let timestamp = SNAPTimestamp(date: now.addingTimeInterval(-Double(number)), offset: profile.timestampZone)
        let headers = try NotifySigner(profile: profile, credentials: credentials).headers(
            body: body, path: profile.notifyPath, timestamp: timestamp,
            externalID: "77\(Int.random(in: 100_000_000...999_999_999))\(number)")
        return SNAPHTTPRequest(path: profile.notifyPath, headers: headers, body: body)
    }

    /// Posts a notify to the live server.
    static func post(_ request: SNAPHTTPRequest, to client: any TestClientProtocol) async throws -> TestResponse {
        var headers = HTTPFields()
        for field in request.headers {
            headers.append(HTTPField(name: try #require(HTTPField.Name(field.name)), value: field.value))
        }
        return try await client.execute(
            uri: request.path, method: .post, headers: headers, body: ByteBuffer(bytes: request.body))
    }

    /// Lower-case hex SHA-256 of a body.
    static func sha256(_ body: [UInt8]) -> String { SNAPSignature.hexSHA256(body) }
}

@Suite("A bank's notify can neither crash the server nor be lost (issue 12, items 1, 3, 6)")
struct NotifyHardeningTests {
    static var wholeDay: (from: Date, to: Date) {
        (APIFixture.start.addingTimeInterval(-86_400), APIFixture.start.addingTimeInterval(86_400))
    }

    /// Issues a motorcycle ticket (Rp2.000) and returns its invoice's id and bill number.
    static func issue(
        _ client: any TestClientProtocol, _ fixture: APIFixture, key: String
    ) async throws -> (
        id: String, billNumber: String
    ) {
        let issued = try await client.execute(
            uri: "/api/v1/parking/tickets", method: .post, headers: fixture.headers(.attendant, key: key),
            body: ByteBuffer(string: #"{"plate":"DE 1234 AB","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
        #expect(issued.status == .created, "\(String(buffer: issued.body))")
        let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
        return (try #require(invoice["id"] as? String), try #require(invoice["billNumber"] as? String))
    }

    static func expectAccepted(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == .ok, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(String(buffer: response.body).contains("2005200"), sourceLocation: sourceLocation)
    }

    @Test("an amount of 9223372036854775807 answers 200 and is kept as text; the daily report still sums")
    func hugeAmount() async throws {
        let fixture = try await APIFixture.make()
        let notifies = try SignedNotifies.demo()
        try await fixture.live { client in
            let huge = try SignedNotifies.body(
                bill: "AMBNOSUCHBILL9", rrn: "RRN900000001", amount: "9223372036854775807.00")
            Self.expectAccepted(
                try await SignedNotifies.post(try notifies.request(huge, now: fixture.clock.now, number: 1), to: client)
            )
            // Not even a 64-bit number.
            let beyond = try SignedNotifies.body(
                bill: "AMBNOSUCHBILL9", rrn: "RRN900000002", amount: "99999999999999999999999.00")
            Self.expectAccepted(
                try await SignedNotifies.post(
                    try notifies.request(beyond, now: fixture.clock.now, number: 2), to: client))
            // One rupiah above the QRIS maximum, for a real bill: an exception, the invoice untouched.
            let invoice = try await Self.issue(client, fixture, key: "huge-1")
            let above = try SignedNotifies.body(
                bill: invoice.billNumber, rrn: "RRN900000003", amount: "10000000000000.00")
            Self.expectAccepted(
                try await SignedNotifies.post(
                    try notifies.request(above, now: fixture.clock.now, number: 3), to: client))
            #expect(try await fixture.store.invoice(id: .init(invoice.id))?.status == .issued)

            let exceptions = try await fixture.store.paymentExceptions(
                paidFrom: Self.wholeDay.from, to: Self.wholeDay.to)
            #expect(exceptions.count == 3)
            #expect(exceptions.allSatisfy { $0.reason == .amountOutOfRange && $0.amount == nil })
            #expect(
                Set(exceptions.compactMap(\.amountText)) == [
                    "9223372036854775807.00", "99999999999999999999999.00", "10000000000000.00",
                ])
            let first = try #require(exceptions.first { $0.rrn == "RRN900000001" })
            #expect(first.bodySHA256 == SignedNotifies.sha256(huge))
            #expect(first.verifiedBy == PaymentVerification(profileID: "simulator", keyID: notifies.keyID))

            let report = try await client.execute(
                uri: "/api/v1/reports/daily?date=2026-11-24", method: .get,
                headers: fixture.headers(.finance, json: false))
            #expect(report.status == .ok, "\(String(buffer: report.body))")
            let figure = try #require(try jsonObject(report)["paymentExceptions"] as? [String: Any])
            #expect(figure["count"] as? Int == 3)
            #expect(figure["amount"] as? Int == 0)
        }
        #expect(try await fixture.store.verify().problems == [])
    }

    @Test("the same RRN on two bills pays both; the same (bill, RRN) with another amount is an exception")
    func sameRRNOnTwoBills() async throws {
        let fixture = try await APIFixture.make()
        let notifies = try SignedNotifies.demo()
        try await fixture.live { client in
            let first = try await Self.issue(client, fixture, key: "rrn-1")
            let second = try await Self.issue(client, fixture, key: "rrn-2")
            for (number, bill) in [first.billNumber, second.billNumber].enumerated() {
                let body = try SignedNotifies.body(bill: bill, rrn: "RRN123456789", amount: "2000.00")
                Self.expectAccepted(
                    try await SignedNotifies.post(
                        try notifies.request(body, now: fixture.clock.now, number: number), to: client))
            }
            for invoice in [first, second] {
                let record = try #require(try await fixture.store.invoice(id: .init(invoice.id)))
                #expect(record.status == .paid)
                let payments = try await fixture.store.payments(invoiceID: record.id)
                #expect(payments.map(\.rrn) == ["RRN123456789"])
                #expect(
                    payments.first?.verifiedBy == PaymentVerification(profileID: "simulator", keyID: notifies.keyID))
            }
            // The bank contradicts itself: same bill and RRN, another amount.
            let contradiction = try SignedNotifies.body(bill: first.billNumber, rrn: "RRN123456789", amount: "3000.00")
            Self.expectAccepted(
                try await SignedNotifies.post(
                    try notifies.request(contradiction, now: fixture.clock.now, number: 5), to: client))
            let exceptions = try await fixture.store.paymentExceptions(
                paidFrom: Self.wholeDay.from, to: Self.wholeDay.to)
            #expect(exceptions.map(\.reason) == [.duplicateRRN])
            #expect(exceptions.first?.amount == Rupiah(3_000))
            #expect(exceptions.first?.bodySHA256 == SignedNotifies.sha256(contradiction))
            #expect(try await fixture.store.payments(invoiceID: .init(first.id)).count == 1)
        }
        #expect(try await fixture.store.verify().problems == [])
    }

    @Test("a verified notify Lunas cannot read as sent answers 200 and is recorded as an exception, once")
    func unreadableBodies() async throws {
        let fixture = try await APIFixture.make()
        let notifies = try SignedNotifies.demo()
        try await fixture.live { client in
            let invoice = try await Self.issue(client, fixture, key: "unreadable-1")
            let bill = invoice.billNumber
            let base =
                #""originalReferenceNo":"ACQ1","originalPartnerReferenceNo":"\#(bill)","latestTransactionStatus":"00""#
            let info = #""additionalInfo":{"retrievalReferenceNo":"RRN55500000"#
            let bodies: [String] = [
                #"{\#(base),"amount":{"value":"2000.00","currency":"idr"},\#(info)1"}}"#,
                #"{\#(base),"amount":{"value":"2000.50","currency":"IDR"},\#(info)2"}}"#,
                #"{\#(base),"amount":{"value":2000,"currency":"IDR"},\#(info)3"}}"#,
                #"{\#(base),"amount":{"value":"2000.00","currency":"IDR"},"paidTime":"2026-11-24T08:01:00",\#(info)4"}}"#,
                #"{\#(base),\#(info)5"}}"#,
                "not json at all",
            ]
            for (number, text) in bodies.enumerated() {
                let body = Array(text.utf8)
                Self.expectAccepted(
                    try await SignedNotifies.post(
                        try notifies.request(body, now: fixture.clock.now, number: number), to: client))
                // The bank retries with a fresh signature: still one exception.
                Self.expectAccepted(
                    try await SignedNotifies.post(
                        try notifies.request(body, now: fixture.clock.now, number: number + 20), to: client))
            }
            #expect(try await fixture.store.invoice(id: .init(invoice.id))?.status == .issued)
            let exceptions = try await fixture.store.paymentExceptions(
                paidFrom: Self.wholeDay.from, to: Self.wholeDay.to.addingTimeInterval(86_400 * 3650))
            #expect(exceptions.count == bodies.count, "\(exceptions.map(\.detail))")
            #expect(exceptions.allSatisfy { $0.reason == .invalidField && $0.amount == nil })
            #expect(
                Set(exceptions.compactMap(\.bodySHA256)) == Set(bodies.map { SignedNotifies.sha256(Array($0.utf8)) }))
            #expect(exceptions.filter { $0.billNumber == bill }.count == bodies.count - 1)
            #expect(exceptions.contains { $0.amountText == "2000" })
        }
        #expect(try await fixture.store.verify().problems == [])
    }

    @Test("a 65-byte issuer and an over-long bill number answer 200 and are recorded with the body's SHA-256")
    func unstorableFields() async throws {
        let fixture = try await APIFixture.make()
        let notifies = try SignedNotifies.demo()
        try await fixture.live { client in
            let invoice = try await Self.issue(client, fixture, key: "long-1")
            let issuer = String(repeating: "Bank Maluku ", count: 5) + "Malut"  // 65 bytes
            #expect(issuer.utf8.count == 65)
            let longIssuer = try SignedNotifies.body(
                bill: invoice.billNumber, rrn: "RRN700000001", amount: "2000.00", issuer: issuer)
            let longBill = try SignedNotifies.body(
                bill: "AMB" + String(repeating: "9", count: 97), rrn: "RRN700000002", amount: "2000.00")
            let longRRN = try SignedNotifies.body(
                bill: invoice.billNumber, rrn: "RRN 7000000003 " + String(repeating: "4", count: 40), amount: "2000.00")
            for (number, body) in [longIssuer, longBill, longRRN].enumerated() {
                let request = try notifies.request(body, now: fixture.clock.now, number: number)
                Self.expectAccepted(try await SignedNotifies.post(request, to: client))
                // The bank retries: recorded once.
                let retry = try notifies.request(body, now: fixture.clock.now, number: number + 10)
                Self.expectAccepted(try await SignedNotifies.post(retry, to: client))
            }
            #expect(try await fixture.store.invoice(id: .init(invoice.id))?.status == .issued)
            let exceptions = try await fixture.store.paymentExceptions(
                paidFrom: Self.wholeDay.from, to: Self.wholeDay.to)
            #expect(exceptions.count == 3)
            let byIssuer = try #require(exceptions.first { $0.rrn == "RRN700000001" })
            #expect(byIssuer.reason == .invalidField)
            #expect(byIssuer.issuer.utf8.count <= 64 && byIssuer.issuer.hasPrefix("Bank Maluku Bank Maluku"))
            #expect(byIssuer.detail.contains("issuer"))
            #expect(byIssuer.bodySHA256 == SignedNotifies.sha256(longIssuer))
            #expect(byIssuer.amount == Rupiah(2_000))
            let byBill = try #require(exceptions.first { $0.rrn == "RRN700000002" })
            #expect(byBill.reason == .unknownInvoice)
            #expect(byBill.billNumber.utf8.count <= 64 && byBill.billNumber.hasPrefix("AMB999"))
            #expect(byBill.detail.contains("100 bytes"))
            #expect(byBill.bodySHA256 == SignedNotifies.sha256(longBill))
            let byRRN = try #require(exceptions.first { $0.rrn.hasPrefix("RRN_7000000003_") })
            #expect(byRRN.reason == .invalidField && byRRN.rrn.utf8.count == 32)
            #expect(byRRN.bodySHA256 == SignedNotifies.sha256(longRRN))
            #expect(exceptions.allSatisfy { $0.verifiedBy?.keyID == notifies.keyID })
        }
        #expect(try await fixture.store.verify().problems == [])
    }

    @Test("lunas ledger payments --verified-by lists what a key let in, with its profile and key")
    func verifiedByListing() async throws {
        let fixture = try await APIFixture.make()
        let notifies = try SignedNotifies.demo()
        let paid = try await fixture.live { client in
            let invoice = try await Self.issue(client, fixture, key: "list-1")
            let body = try SignedNotifies.body(bill: invoice.billNumber, rrn: "RRN500000001", amount: "2000.00")
            Self.expectAccepted(
                try await SignedNotifies.post(try notifies.request(body, now: fixture.clock.now, number: 1), to: client)
            )
            let stray = try SignedNotifies.body(bill: "AMBSTRAY1", rrn: "RRN500000002", amount: "5000.00")
            Self.expectAccepted(
                try await SignedNotifies.post(
                    try notifies.request(stray, now: fixture.clock.now, number: 2), to: client))
            return invoice
        }
        #expect(notifies.keyID.hasPrefix("rsa:") && notifies.keyID.count == 20)

        let listed = try await DeviceCLITests.run(
            ["ledger", "payments", "--verified-by", notifies.keyID, "--json", "--data-dir", fixture.directory.path])
        #expect(listed.status == 0, "\(listed.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any], "\(listed.stdout)")
        let payments = try #require(object["payments"] as? [[String: Any]])
        #expect(payments.map { $0["billNumber"] as? String } == [paid.billNumber])
        let verifiedBy = try #require(payments.first?["verifiedBy"] as? [String: Any])
        #expect(verifiedBy["profileID"] as? String == "simulator")
        #expect(verifiedBy["keyID"] as? String == notifies.keyID)
        let exceptions = try #require(object["exceptions"] as? [[String: Any]])
        #expect(exceptions.map { $0["billNumber"] as? String } == ["AMBSTRAY1"])
        #expect((exceptions.first?["bodySHA256"] as? String)?.count == 64)

        let text = try await DeviceCLITests.run(["ledger", "payments", "--data-dir", fixture.directory.path])
        #expect(text.status == 0)
        #expect(
            text.stdout.contains("\(notifies.keyID)  profile simulator  payments 1  exceptions 1"), "\(text.stdout)")
        let keys = try await DeviceCLITests.run(["ledger", "payments", "--json", "--data-dir", fixture.directory.path])
        let usage = try #require(
            try JSONSerialization.jsonObject(with: Data(keys.stdout.utf8)) as? [String: Any], "\(keys.stdout)")
        let use = try #require((usage["keys"] as? [[String: Any]])?.first)
        #expect((use["verifiedBy"] as? [String: Any])?["keyID"] as? String == notifies.keyID)
        #expect(use["payments"] as? Int == 1 && use["exceptions"] as? Int == 1)
        let other = try await DeviceCLITests.run(
            ["ledger", "payments", "--verified-by", "rsa:0000000000000000", "--data-dir", fixture.directory.path])
        #expect(other.stdout.contains("payments verified by rsa:0000000000000000: 0"))
        #expect(other.stdout.contains("payment exceptions verified by rsa:0000000000000000: 0"))
    }
}
