import Foundation
import LunasTestSupport
import Testing

@testable import Ledger

/// The `invoice.issued` encoder (bytes written directly) agrees with the records' ``CanonicalJSON``
/// tree forms, which the other events (`ticket.opened`, `ticket.closed`, `device.enrolled`) use.
@Suite struct CanonicalFastEncodingTests {
    @Test func invoiceIssuedPayloadEqualsTheTree() throws {
        var generator = SeededGenerator(seed: 0xFA57)
        for round in 0..<300 {
            let invoice = try Self.invoice(&generator, withTicket: round % 2 == 0)
            let ticket = round % 2 == 0 ? Self.ticket(&generator, invoice: invoice.id) : nil
            let idempotency = LedgerFact.Idempotency(
                key: CanonicalJSONTests.randomString(&generator), requestHash: String(repeating: "ab", count: 32))
            let actor: LedgerActor? =
                round % 3 == 0 ? nil : LedgerActor(device: invoice.deviceID, staff: round % 3 == 1 ? nil : "s\(round)")
            let fact = LedgerFact.invoiceIssued(invoice, ticket: ticket, idempotency, actor: actor)
            var members: [String: CanonicalJSON] = [
                "idempotency": idempotency.canonical, "invoice": invoice.canonical,
                "ticket": ticket?.canonical ?? .null,
            ]
            if let actor { members["actor"] = actor.canonical }
            #expect(fact.payloadBytes == CanonicalJSON.object(members).bytes)
            #expect(fact.payload == .object(members))
        }
    }

    @Test func otherFactsUseTheTree() {
        let fact = LedgerFact.invoiceCancelled(Invoice.ID("inv_1"), reason: "salah \"cetak\"\n")
        #expect(fact.payloadBytes == fact.payload.bytes)
    }

    @Test func invoiceDraftFingerprintEqualsTheTree() throws {
        var generator = SeededGenerator(seed: 0xF1)
        for round in 0..<300 {
            let invoice = try Self.invoice(&generator, withTicket: false)
            let terms = InvoiceTerms(
                billNumber: invoice.billNumber, amount: invoice.amount, qrisPayload: invoice.qrisPayload,
                receiptCode: invoice.receiptCode, issuedAt: invoice.issuedAt, expiresAt: invoice.expiresAt,
                deviceID: invoice.deviceID)
            let purpose: InvoiceDraft.Purpose =
                round % 2 == 0
                ? .fee(code: CanonicalJSONTests.randomString(&generator))
                : .parking(
                    ParkingDetails(
                        plate: CanonicalJSONTests.randomString(&generator),
                        vehicleClass: CanonicalJSONTests.randomString(&generator),
                        zone: CanonicalJSONTests.randomString(&generator),
                        entryAt: Date(ledgerMilliseconds: Int64(bitPattern: generator.next()) >> 20)))
            let draft = InvoiceDraft(terms: terms, purpose: purpose, idempotencyKey: "k\(round)")
            var request = terms.canonicalMembers
            request["operation"] = .string("invoice.issue")
            switch purpose {
            case .fee(let code): request["feeCode"] = .string(code)
            case .parking(let details): request["parking"] = details.canonical
            }
            #expect(draft.fingerprintBytes == CanonicalJSON.object(request).bytes)
        }
    }

    static func time(_ generator: inout SeededGenerator) -> Date {
        Date(ledgerMilliseconds: Int64(bitPattern: generator.next()) >> 22)
    }

    static func invoice(_ generator: inout SeededGenerator, withTicket: Bool) throws -> Invoice {
        Invoice(
            id: Invoice.ID("inv_\(CanonicalJSONTests.randomString(&generator))"),
            billNumber: try BillNumber("B\(generator.next() % 1_000_000_000)"), kind: withTicket ? .parking : .fee,
            amount: Rupiah(Int64(generator.next() % 10_000_000) + 1),
            qrisPayload: CanonicalJSONTests.randomString(&generator),
            receiptCode: CanonicalJSONTests.randomString(&generator), status: .issued, issuedAt: time(&generator),
            expiresAt: time(&generator), deviceID: Device.ID(CanonicalJSONTests.randomString(&generator)),
            sequence: Int64(generator.next() % 1_000_000) + 1,
            feeCode: withTicket ? nil : CanonicalJSONTests.randomString(&generator),
            ticketID: withTicket ? ParkingTicket.ID("tkt_\(generator.next())") : nil, paidAt: nil,
            statusChangedAt: time(&generator), idempotencyKey: CanonicalJSONTests.randomString(&generator))
    }

    static func ticket(_ generator: inout SeededGenerator, invoice: Invoice.ID) -> ParkingTicket {
        ParkingTicket(
            id: ParkingTicket.ID("tkt_\(generator.next())"), plate: CanonicalJSONTests.randomString(&generator),
            vehicleClass: CanonicalJSONTests.randomString(&generator),
            zone: CanonicalJSONTests.randomString(&generator), entryAt: time(&generator), exitAt: nil,
            deviceID: Device.ID("D\(generator.next() % 100)"), sequence: Int64(generator.next() % 1000) + 1,
            invoiceID: generator.next() % 2 == 0 ? invoice : nil, idempotencyKey: "tk\(generator.next())")
    }
}
