import Foundation
import Testing

@testable import Ledger

/// The `invoice.issued` event and the invoice draft's fingerprint, byte for byte and hash for hash,
/// against values computed outside Swift (Python's `json.dumps(sort_keys=True,
/// separators=(",", ":"), ensure_ascii=False)` and `hashlib.sha256`). Every city's chain holds
/// these bytes: a change here breaks `ledger verify` of every ledger already written.
@Suite struct InvoiceIssuedGoldenTests {
    static let key = #"key-"quoted"\back-ü€"#
    static let device = Device.ID("AMB-KIOSK-01")
    static let issuedAt = Date(ledgerMilliseconds: 1_795_410_300_123)
    static let expiresAt = Date(ledgerMilliseconds: 1_795_411_200_123)
    static let entryAt = Date(ledgerMilliseconds: 1_795_410_000_000)
    static let qris =
        "00020101021226570011ID.LUNAS.WWW0118936000000000000000303UMI52047999530336054045000620501AMB26112316306304ABCD"
    static let requestHash = String(repeating: "0123456789abcdef", count: 4)

    static func invoice(
        kind: Invoice.Kind, sequence: Int64, feeCode: String?, ticketID: ParkingTicket.ID?
    ) throws
        -> Invoice
    {
        Invoice(
            id: Invoice.ID("inv_01JDGOLDEN0000000000000001"), billNumber: try BillNumber("AMB2611231630"), kind: kind,
            amount: Rupiah(5_000), qrisPayload: qris, receiptCode: "R-AMB2611231630", status: .issued,
            issuedAt: issuedAt, expiresAt: expiresAt, deviceID: device, sequence: sequence, feeCode: feeCode,
            ticketID: ticketID, paidAt: nil, statusChangedAt: issuedAt, idempotencyKey: key)
    }

    @Test func parkingInvoiceWithTicketAndActor() throws {
        let ticketID = ParkingTicket.ID("tkt_01JDGOLDEN0000000000000002")
        let invoice = try Self.invoice(kind: .parking, sequence: 42, feeCode: nil, ticketID: ticketID)
        let ticket = ParkingTicket(
            id: ticketID, plate: "DE1234AB", vehicleClass: "car", zone: "A1", entryAt: Self.entryAt, exitAt: nil,
            deviceID: Self.device, sequence: 42, invoiceID: invoice.id, idempotencyKey: Self.key)
        let fact = LedgerFact.invoiceIssued(
            invoice, ticket: ticket, .init(key: Self.key, requestHash: Self.requestHash), actor: .device(Self.device))
        let event = LedgerEvent.make(
            fact, at: Self.issuedAt, after: ChainHead(sequence: 6, hash: [UInt8](repeating: 0x11, count: 32)))
        #expect(
            event.payload
                == #"{"actor":{"device":"AMB-KIOSK-01","staff":null},"idempotency":{"key":"key-\"quoted\"\\back-ü€","requestHash":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},"invoice":{"amount":5000,"billNumber":"AMB2611231630","deviceID":"AMB-KIOSK-01","expiresAt":1795411200123,"feeCode":null,"id":"inv_01JDGOLDEN0000000000000001","idempotencyKey":"key-\"quoted\"\\back-ü€","issuedAt":1795410300123,"kind":"parking","qrisPayload":"00020101021226570011ID.LUNAS.WWW0118936000000000000000303UMI52047999530336054045000620501AMB26112316306304ABCD","receiptCode":"R-AMB2611231630","sequence":42,"ticketID":"tkt_01JDGOLDEN0000000000000002"},"ticket":{"deviceID":"AMB-KIOSK-01","entryAt":1795410000000,"id":"tkt_01JDGOLDEN0000000000000002","idempotencyKey":"key-\"quoted\"\\back-ü€","invoiceID":"inv_01JDGOLDEN0000000000000001","plate":"DE1234AB","sequence":42,"vehicleClass":"car","zone":"A1"}}"#
        )
        #expect(event.sequence == 7)
        #expect(event.hashHex == "4348acb391cb5eab09f7b0b88fc6fd898059e835405d3c9b67c060fb2554b0d5")
    }

    @Test func feeInvoiceWithoutActorAsTheFirstLedgersWroteIt() throws {
        let invoice = try Self.invoice(kind: .fee, sequence: 1, feeCode: "RET-PASAR", ticketID: nil)
        let fact = LedgerFact.invoiceIssued(invoice, ticket: nil, .init(key: "k1", requestHash: Self.requestHash))
        let event = LedgerEvent.make(fact, at: Self.issuedAt, after: .empty)
        #expect(
            event.payload
                == #"{"idempotency":{"key":"k1","requestHash":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},"invoice":{"amount":5000,"billNumber":"AMB2611231630","deviceID":"AMB-KIOSK-01","expiresAt":1795411200123,"feeCode":"RET-PASAR","id":"inv_01JDGOLDEN0000000000000001","idempotencyKey":"key-\"quoted\"\\back-ü€","issuedAt":1795410300123,"kind":"fee","qrisPayload":"00020101021226570011ID.LUNAS.WWW0118936000000000000000303UMI52047999530336054045000620501AMB26112316306304ABCD","receiptCode":"R-AMB2611231630","sequence":1,"ticketID":null},"ticket":null}"#
        )
        #expect(event.hashHex == "d7ce9751a41ccea435c0c9183e5c433670981bc8c3038e5694171139ad87c48c")
    }

    @Test func invoiceDraftFingerprints() throws {
        let terms = InvoiceTerms(
            billNumber: try BillNumber("AMB2611231630"), amount: Rupiah(5_000), qrisPayload: Self.qris,
            receiptCode: "R-AMB2611231630", issuedAt: Self.issuedAt, expiresAt: Self.expiresAt, deviceID: Self.device)
        let fee = InvoiceDraft(terms: terms, purpose: .fee(code: "RET-PASAR"), idempotencyKey: "k1")
        #expect(IdempotencyFingerprint.of(fee) == "efe8d4e8e89018b47da28203af1a310417d5c18ecf5165c121e90cf3456825e9")
        let parking = InvoiceDraft(
            terms: terms,
            purpose: .parking(
                ParkingDetails(plate: "de 1234 ab", vehicleClass: "car", zone: "A1", entryAt: Self.entryAt)),
            idempotencyKey: "k2")
        #expect(
            IdempotencyFingerprint.of(parking) == "26e09e8f21bec79c4b866b9f8ab670a5bdc19dae7016c0b87cf82c4b52c079dc")
    }

    @Test func integersWriteAsStringDoes() {
        for value: Int64 in [0, 7, -7, 10, 1_763_900_000_123, .max, .min, -1_000_000] {
            var out: [UInt8] = []
            CanonicalObjectWriter.writeInt(value, into: &out)
            #expect(String(decoding: out, as: UTF8.self) == String(value))
        }
    }
}
