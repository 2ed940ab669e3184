import Foundation
import Testing

@testable import Ledger

/// The directly written canonical bytes (the issuing hot path) equal the ``CanonicalJSON`` tree's.
@Suite struct CanonicalFastEncodingTests {
    @Test func invoiceIssuedPayloadEqualsTheTree() throws {
        var generator = SeededGenerator(seed: 0xFA57)
        for round in 0..<300 {
            let invoice = try Self.invoice(&generator, withTicket: round % 2 == 0)
            let ticket = round % 2 == 0 ? Self.ticket(&generator, invoice: invoice.id) : nil
            let fact = LedgerFact.invoiceIssued(
                invoice, ticket: ticket,
                .init(key: CanonicalJSONTests.randomString(&generator), requestHash: String(repeating: "ab", count: 32))
            )
            #expect(fact.payloadBytes == fact.payload.bytes)
            #expect(try CanonicalJSON.parse(String(decoding: fact.payloadBytes, as: UTF8.self)) == fact.payload)
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
            #expect(draft.fingerprintBytes == IdempotencyFingerprint.request(draft).bytes)
        }
    }

    @Test func integersWriteAsStringDoes() {
        for value: Int64 in [0, 7, -7, 10, 1_763_900_000_123, .max, .min, -1_000_000] {
            var out: [UInt8] = []
            CanonicalObjectWriter.writeInt(value, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
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
