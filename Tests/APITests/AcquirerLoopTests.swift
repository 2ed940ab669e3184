import API
import Acquirer
import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import QRIS
import Testing

@Suite("The payment loop over real HTTP: Lunas, the acquirer simulator, signed notifies")
struct AcquirerLoopTests {
    static let noFaults =
        #"{"failingGenerates":0,"generateFailure":"before-creating","notify":"#
        + #"{"duplicatePercent":0,"dropPercent":0,"outOfOrder":false,"minimumDelayMilliseconds":0,"#
        + #""maximumDelayMilliseconds":0}}"#

    @Test("enrol, issue a ticket, pay it through the simulator (notify sent twice), see it paid, get the settlement")
    func endToEnd() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            // Enrol a handheld over HTTP as the admin.
            let enrolled = try await loop.lunas.execute(
                uri: "/api/v1/devices", method: .post, headers: fixture.headers(.admin),
                body: ByteBuffer(string: #"{"name":"Jukir 01","role":"attendant","zone":"ayp-01"}"#))
            #expect(enrolled.status == .created)
            let token = try #require(try jsonObject(enrolled)["token"] as? String)

            // Every notify is delivered twice.
            try await loop.setFaults(
                Self.noFaults.replacingOccurrences(of: #""duplicatePercent":0"#, with: #""duplicatePercent":100"#))

            let issued = try await loop.issueTicket(key: "e2e-1", token: token)
            #expect(issued.status == .created)
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let billNumber = try #require(invoice["billNumber"] as? String)
            let qris = try #require(invoice["qris"] as? String)

            let paid = try await loop.pay(qris)
            #expect(paid.status == .ok, "\(String(buffer: paid.body))")
            let payment = try jsonObject(paid)
            #expect(payment["billNumber"] as? String == billNumber)
            #expect(payment["amount"] as? Int == 2000)
            let rrn = try #require(payment["rrn"] as? String)

            let waited = try await loop.lunas.execute(
                uri: "/api/v1/invoices/\(id)?wait=20", method: .get, headers: fixture.headers(.attendant, json: false))
            let after = try #require(try jsonObject(waited)["invoice"] as? [String: Any])
            #expect(after["status"] as? String == "paid")

            // Both deliveries answered 2005200; the ledger holds one payment.
            await loop.simulator.notifier.settle()
            let deliveries = await loop.simulator.notifier.deliveries()
            #expect(deliveries.count == 2)
            #expect(deliveries.allSatisfy { $0.state == "delivered" && $0.lastResponseCode == "2005200" })
            let invoiceRecord = try #require(try await fixture.store.invoice(id: .init(id)))
            let payments = try await fixture.store.payments(invoiceID: invoiceRecord.id)
            #expect(payments.count == 1)
            #expect(payments.first?.rrn == rrn)
            #expect(payments.first?.issuer == "OVO")
            #expect(payments.first?.source == .acquirerNotification)

            // The day's settlement file, CSV (asked for by payment day) and camt.053 (by settlement date),
            // carries the bill number.
            let csv = try await loop.simulatorClient.execute(uri: "/sim/settlement?paidOn=2026-11-24", method: .get)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(String(buffer: csv.body).contains(billNumber))
            #expect(String(buffer: csv.body).contains(rrn))
            let camt = try await loop.simulatorClient.execute(
                uri: "/sim/settlement?date=2026-11-25&format=camt053", method: .get)
            #expect(camt.status == .ok)
            #expect(String(buffer: camt.body).contains("camt.053"))
            let bad = try await loop.simulatorClient.execute(uri: "/sim/settlement?date=2026-13-01", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("a forged notify answers 401 and writes nothing; a replay answers 2005200 and writes nothing")
    func forgedAndReplayed() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            let issued = try await loop.issueTicket(key: "forge-1")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let qris = try #require(invoice["qris"] as? String)
            // Drop every notify, so only the test's own posts reach Lunas.
            try await loop.setFaults(
                Self.noFaults.replacingOccurrences(of: #""dropPercent":0"#, with: #""dropPercent":100"#))
            let paid = try await loop.pay(qris)
            let referenceNo = try #require(try jsonObject(paid)["referenceNo"] as? String)
            let genuine = try await loop.simulator.simulator.notifyRequest(
                referenceNo: referenceNo, now: fixture.clock.now)

            let before = try await fixture.eventCount()
            // Signed with a key that is not the acquirer's (any 2048-bit RSA signature is 256 bytes).
            var forged = genuine
            forged.headers.set(
                "X-SIGNATURE", Data((0..<256).map { UInt8(truncatingIfNeeded: $0 &* 7) }).base64EncodedString())
            let refused = try await loop.postNotify(forged)
            #expect(refused.status == .unauthorized)
            #expect(String(buffer: refused.body).contains("4015200"))
            // The acquirer's own signature with another timestamp (a replayed signature).
            var moved = genuine
            let timestamp = try #require(genuine.headers["X-TIMESTAMP"])
            moved.headers.set(
                "X-TIMESTAMP",
                String(timestamp.dropLast(8)) + (timestamp.hasSuffix(":00+07:00") ? "01+07:00" : "00+07:00"))
            #expect(moved.headers["X-TIMESTAMP"] != timestamp)
            #expect(try await loop.postNotify(moved).status == .unauthorized)
            var unsigned = genuine
            unsigned.headers.remove("X-SIGNATURE")
            #expect(try await loop.postNotify(unsigned).status.code >= 400)
            #expect(try await fixture.eventCount() == before)
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .issued)

            let accepted = try await loop.postNotify(genuine)
            #expect(accepted.status == .ok)
            #expect(String(buffer: accepted.body).contains("2005200"))
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .paid)
            let afterPayment = try await fixture.eventCount()
            let replay = try await loop.postNotify(
                try await loop.simulator.simulator.notifyRequest(referenceNo: referenceNo, now: fixture.clock.now))
            #expect(replay.status == .ok)
            #expect(String(buffer: replay.body).contains("2005200"))
            #expect(try await fixture.eventCount() == afterPayment)
        }
    }

    @Test("a payment of the wrong amount for a real bill is recorded as an amount_mismatch exception")
    func wrongAmount() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            let issued = try await loop.issueTicket(key: "mismatch-1")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let id = try #require(invoice["id"] as? String)
            let billNumber = try #require(invoice["billNumber"] as? String)
            // A QR for the same bill number with another amount, as a tampered sticker would carry.
            let city = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory)).city
            let tampered = try QRISPayload.makeDynamic(
                fromStatic: city.merchant.staticQRIS, amount: 500, billNumber: billNumber, terminalLabel: "X")
            #expect(try await loop.pay(tampered).status == .ok)
            await loop.simulator.notifier.settle()
            #expect(await loop.simulator.notifier.deliveries().first?.lastResponseCode == "2005200")
            #expect(try await fixture.store.invoice(id: .init(id))?.status == .issued)
            let exceptions = try await fixture.store.paymentExceptions(
                paidFrom: APIFixture.start.addingTimeInterval(-86_400), to: APIFixture.start.addingTimeInterval(86_400))
            #expect(exceptions.map(\.reason) == [.amountMismatch])
            #expect(exceptions.first?.billNumber == billNumber)
            #expect(exceptions.first?.amount == Rupiah(500))
        }
    }

    @Test("a notify for a bill Lunas never issued is recorded as a payment exception, not dropped")
    func unknownInvoice() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            let city = try CityConfiguration.load(from: URL(fileURLWithPath: APIFixture.configDirectory)).city
            let stray = try QRISPayload.makeDynamic(
                fromStatic: city.merchant.staticQRIS, amount: 7_000, billNumber: "AMBNOSUCHBILL1", terminalLabel: "X")
            let paid = try await loop.pay(stray, issuer: "DANA")
            #expect(paid.status == .ok)
            await loop.simulator.notifier.settle()
            #expect(await loop.simulator.notifier.deliveries().first?.lastResponseCode == "2005200")
            let exceptions = try await fixture.store.paymentExceptions(
                paidFrom: APIFixture.start.addingTimeInterval(-86_400), to: APIFixture.start.addingTimeInterval(86_400))
            #expect(exceptions.count == 1)
            #expect(exceptions.first?.billNumber == "AMBNOSUCHBILL1")
            #expect(exceptions.first?.reason == .unknownInvoice)
            #expect(exceptions.first?.amount == Rupiah(7_000))
            #expect(exceptions.first?.issuer == "DANA")
        }
    }

    @Test("delayed, duplicated, reordered notifies for several payments: each invoice paid once; dropped ones never")
    func faultyDelivery() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            try await loop.setFaults(
                #"{"failingGenerates":0,"generateFailure":"before-creating","notify":{"duplicatePercent":50,"#
                    + #""dropPercent":0,"outOfOrder":true,"minimumDelayMilliseconds":0,"maximumDelayMilliseconds":300}}"#
            )
            var ids: [String] = []
            for index in 0..<4 {
                let issued = try await loop.issueTicket(key: "many-\(index)")
                let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
                ids.append(try #require(invoice["id"] as? String))
                #expect(try await loop.pay(try #require(invoice["qris"] as? String)).status == .ok)
            }
            await loop.simulator.notifier.settle()
            let deliveries = await loop.simulator.notifier.deliveries()
            #expect(deliveries.count >= 4)
            #expect(deliveries.allSatisfy { $0.state == "delivered" && $0.lastResponseCode == "2005200" })
            for id in ids {
                let invoice = try #require(try await fixture.store.invoice(id: .init(id)))
                #expect(invoice.status == .paid)
                #expect(try await fixture.store.payments(invoiceID: invoice.id).count == 1)
            }

            // Every notify dropped: the payment is at the acquirer, the invoice stays issued.
            try await loop.setFaults(
                Self.noFaults.replacingOccurrences(of: #""dropPercent":0"#, with: #""dropPercent":100"#))
            let issued = try await loop.issueTicket(key: "dropped")
            let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
            let paid = try await loop.pay(try #require(invoice["qris"] as? String))
            let referenceNo = try #require(try jsonObject(paid)["referenceNo"] as? String)
            await loop.simulator.notifier.settle()
            #expect(await loop.simulator.notifier.deliveries().last?.state == "dropped")
            #expect(await loop.simulator.notifier.deliveries().last?.referenceNo == referenceNo)
            #expect(
                try await fixture.store.invoice(id: .init(try #require(invoice["id"] as? String)))?.status == .issued)
        }
    }
}
