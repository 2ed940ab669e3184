import API
import Foundation
import Ledger
import Testing

/// The `201` body of issuing is written by hand (``IssueResponse/jsonBytes()``); it must say exactly
/// what the `Codable` encoding says, for every shape: a ticket with its invoice, an open hourly
/// ticket (no invoice yet), a fee invoice, optional members present and absent, and strings that
/// need escaping.
@Suite("Issue response JSON: hand-written bytes equal the Codable encoding")
struct IssueResponseJSONTests {
    static let issued = Date(timeIntervalSince1970: 1_795_482_000)

    static func invoice(
        fee: String?, ticket: ParkingTicket.ID?, paidAt: Date?, payload: String = "000201010212…6304ABCD"
    ) throws -> Invoice {
        Invoice(
            id: Invoice.ID("inv_01M84P47RVWM0E4NJDJF"), billNumber: try BillNumber("AMB2611240ABCDEF12345"),
            kind: fee == nil ? .parking : .fee, amount: Rupiah(3_000), qrisPayload: payload,
            receiptCode: "LR1-9HAMWMRR893K4DHH", status: paidAt == nil ? .issued : .paid, issuedAt: issued,
            expiresAt: issued.addingTimeInterval(900), deviceID: Device.ID("dev_01"), sequence: 42, feeCode: fee,
            ticketID: ticket, paidAt: paidAt, statusChangedAt: paidAt ?? issued, idempotencyKey: "key-1")
    }

    static func ticket(invoice: Invoice.ID?, exit: Date?, plate: String = "DE 1234 AB") -> ParkingTicket {
        ParkingTicket(
            id: ParkingTicket.ID("tkt_01M84P47RV"), plate: plate, vehicleClass: "motorcycle", zone: "ayp-01",
            entryAt: issued, exitAt: exit, deviceID: Device.ID("dev_01"), sequence: 42, invoiceID: invoice,
            idempotencyKey: "key-1")
    }

    /// Both encodings as parsed JSON objects, and the hand-written bytes decoded back.
    static func compare(_ response: IssueResponse) throws {
        let handWritten = response.jsonBytes()
        let decoded = try JSONDecoder().decode(IssueResponse.self, from: Data(handWritten))
        #expect(decoded == response)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let reference = try JSONSerialization.jsonObject(with: encoder.encode(response)) as? NSDictionary
        let ours = try JSONSerialization.jsonObject(with: Data(handWritten)) as? NSDictionary
        #expect(ours != nil)
        #expect(ours == reference, "\(String(decoding: handWritten, as: UTF8.self))")
    }

    @Test("a ticket invoiced at entry")
    func ticketWithInvoice() throws {
        let ticketID = ParkingTicket.ID("tkt_01M84P47RV")
        let invoice = try Self.invoice(fee: nil, ticket: ticketID, paidAt: nil)
        try Self.compare(IssueResponse(ticket: Self.ticket(invoice: invoice.id, exit: nil), invoice: invoice))
    }

    @Test("an open hourly ticket: invoice is null, links hold only the printable entry ticket, exit is a link")
    func openTicket() throws {
        let response = IssueResponse(ticket: Self.ticket(invoice: nil, exit: nil), invoice: nil)
        try Self.compare(response)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(response.jsonBytes())) as? [String: Any])
        #expect(object["invoice"] is NSNull)
        let links = try #require(object["links"] as? [String: Any])
        #expect(Set(links.keys) == ["ticketEscpos", "ticketPng"])
        #expect((links["ticketEscpos"] as? String)?.hasSuffix("/ticket.escpos") == true)
        #expect((object["exit"] as? String)?.hasSuffix("/exit") == true)
    }

    @Test("a closed hourly ticket, a paid fee invoice")
    func closedAndPaid() throws {
        let exit = Self.issued.addingTimeInterval(5_400)
        let ticketID = ParkingTicket.ID("tkt_01M84P47RV")
        let invoice = try Self.invoice(fee: nil, ticket: ticketID, paidAt: exit.addingTimeInterval(60))
        try Self.compare(IssueResponse(ticket: Self.ticket(invoice: invoice.id, exit: exit), invoice: invoice))
        let fee = try Self.invoice(fee: "RET-PASAR", ticket: nil, paidAt: exit)
        try Self.compare(IssueResponse(ticket: nil, invoice: fee))
    }

    @Test("strings with quotes, backslashes, control characters and non-ASCII letters")
    func escaping() throws {
        let invoice = try Self.invoice(
            fee: "F\"1\\", ticket: nil, paidAt: nil, payload: "a\"b\\c\u{01}\n\tdé–/👍")
        try Self.compare(
            IssueResponse(ticket: Self.ticket(invoice: invoice.id, exit: nil, plate: "Ö\"\u{7}"), invoice: invoice))
    }
}
