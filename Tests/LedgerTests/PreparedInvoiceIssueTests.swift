import Foundation
import Testing

@testable import Ledger

/// The prepared `invoice.issued` event (the store's hot path) is byte for byte the event that
/// ``LedgerEvent/make(_:at:after:)`` builds from the fact's tree.
@Suite struct PreparedInvoiceIssueTests {
    @Test func preparedEventEqualsTheMadeEvent() throws {
        var generator = SeededGenerator(seed: 0x155E)
        for round in 0..<300 {
            let draft = try Self.draft(&generator, parking: round % 2 == 0)
            let prepared = try PreparedInvoiceIssue(draft)
            let deviceSequence = Int64(generator.next() % 10_000_000) + 1
            let head = ChainHead(
                sequence: Int64(generator.next() % 1_000_000),
                hash: (0..<32).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            let invoice = prepared.invoice(sequence: deviceSequence)
            let ticket = prepared.ticket(sequence: deviceSequence)
            let fact = LedgerFact.invoiceIssued(
                invoice, ticket: ticket, .init(key: draft.idempotencyKey, requestHash: prepared.requestHash),
                actor: draft.actor)
            let made = LedgerEvent.make(fact, at: invoice.issuedAt, after: head)
            let event = prepared.event(deviceSequence: deviceSequence, after: head)

            #expect(event.sequence == made.sequence)
            #expect(String(decoding: event.bytes[event.payload], as: UTF8.self) == made.payload)
            #expect(
                event.bytes
                    == LedgerEvent.canonicalBytes(
                        sequence: made.sequence, kind: made.kind.rawValue, entityID: made.entityID,
                        atMilliseconds: made.at.ledgerMilliseconds, payload: fact.payload))
            #expect(event.hash == made.hash)
            #expect(made.entityID == prepared.invoice.id.rawValue)
        }
    }

    @Test func preparedRecordsCarryTheDraft() throws {
        var generator = SeededGenerator(seed: 0x7)
        let draft = try Self.draft(&generator, parking: true)
        let prepared = try PreparedInvoiceIssue(draft)
        let invoice = prepared.invoice(sequence: 42)
        let ticket = try #require(prepared.ticket(sequence: 42))
        #expect(invoice.sequence == 42 && ticket.sequence == 42)
        #expect(invoice.ticketID == ticket.id && ticket.invoiceID == invoice.id)
        #expect(invoice.issuedAt == draft.terms.issuedAt.ledgerRounded)
        #expect(invoice.statusChangedAt == invoice.issuedAt)
        #expect(invoice.status == .issued && invoice.kind == .parking)
        let plate = try LicensePlate.normalise("de 1234 ab")
        #expect(ticket.plate == plate)
        #expect(prepared.requestHash == IdempotencyFingerprint.of(draft))
        let fee = try PreparedInvoiceIssue(Self.draft(&generator, parking: false))
        #expect(fee.ticket(sequence: 1) == nil && fee.invoice.kind == .fee)
    }

    static func draft(_ generator: inout SeededGenerator, parking: Bool) throws -> InvoiceDraft {
        let issued = CanonicalFastEncodingTests.time(&generator)
        let terms = InvoiceTerms(
            billNumber: try BillNumber("B\(generator.next() % 1_000_000_000)"),
            amount: Rupiah(Int64(generator.next() % 10_000_000) + 1),
            qrisPayload: CanonicalJSONTests.randomString(&generator),
            receiptCode: CanonicalJSONTests.randomString(&generator), issuedAt: issued,
            expiresAt: issued.addingTimeInterval(Double(generator.next() % 100_000) / 7),
            deviceID: Device.ID("D-\(generator.next() % 100)"))
        let purpose: InvoiceDraft.Purpose =
            parking
            ? .parking(
                ParkingDetails(
                    plate: "de 1234 ab", vehicleClass: CanonicalJSONTests.randomString(&generator),
                    zone: CanonicalJSONTests.randomString(&generator),
                    entryAt: CanonicalFastEncodingTests.time(&generator)))
            : .fee(code: CanonicalJSONTests.randomString(&generator))
        return InvoiceDraft(terms: terms, purpose: purpose, idempotencyKey: CanonicalJSONTests.randomString(&generator))
    }
}
