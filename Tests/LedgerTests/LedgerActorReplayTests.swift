import Foundation
import Testing

@testable import Ledger

/// The replay (`lunas ledger verify`) holds recorded actors to the roles' rules, and events with
/// and without actors, one zone or several, decode and encode back to exactly their payloads.
@Suite struct LedgerActorReplayTests {
    static let at = Date(ledgerMilliseconds: 1_795_392_000_000)

    static func device(_ id: String, _ role: Device.Role, _ zones: [String]) -> Device {
        Device(
            id: Device.ID(id), name: id, role: role, zones: zones, credentialHash: Device.credentialHash(forToken: id),
            enrolledAt: at)
    }

    /// A replay with attendants A (zone A) and B (zone A), supervisors in zone B and city-wide, and
    /// invoice inv_1 issued by A.
    static func replay() throws -> LedgerReplay {
        var replay = LedgerReplay()
        var sequence: Int64 = 0
        for device in [
            device("JKR-A", .attendant, ["A"]), device("JKR-B", .attendant, ["A"]),
            device("SPV-B", .supervisor, ["B"]), device("SPV-ALL", .supervisor, []),
        ] {
            sequence += 1
            try replay.apply(
                .deviceEnrolled(device, .init(key: "e\(sequence)", requestHash: "h")), at: at, sequence: sequence)
        }
        let invoice = Invoice(
            id: Invoice.ID("inv_1"), billNumber: try BillNumber("AMB1"), kind: .parking, amount: Rupiah(2_000),
            qrisPayload: "P", receiptCode: "R1", status: .issued, issuedAt: at, expiresAt: at.addingTimeInterval(900),
            deviceID: Device.ID("JKR-A"), sequence: 1, feeCode: nil, ticketID: ParkingTicket.ID("tkt_1"), paidAt: nil,
            statusChangedAt: at, idempotencyKey: "k1")
        let ticket = ParkingTicket(
            id: ParkingTicket.ID("tkt_1"), plate: "DE1AA", vehicleClass: "motorcycle", zone: "A", entryAt: at,
            exitAt: nil, deviceID: Device.ID("JKR-A"), sequence: 1, invoiceID: invoice.id, idempotencyKey: "k1")
        try replay.apply(
            .invoiceIssued(
                invoice, ticket: ticket, .init(key: "k1", requestHash: "h"), actor: .device(invoice.deviceID)),
            at: at, sequence: 10)
        return replay
    }

    @Test(
        "a cancellation by a device that may not cancel breaks the replay",
        arguments: ["JKR-B", "SPV-B"])
    func forbiddenCancel(actor: String) throws {
        var replay = try Self.replay()
        #expect(throws: LedgerError.self) {
            try replay.apply(
                .invoiceCancelled(Invoice.ID("inv_1"), reason: "x", actor: .device(Device.ID(actor))), at: Self.at,
                sequence: 11)
        }
    }

    @Test(
        "the issuer, a city-wide supervisor and the server operator may cancel", arguments: ["JKR-A", "SPV-ALL", nil])
    func allowedCancel(actor: String?) throws {
        var replay = try Self.replay()
        try replay.apply(
            .invoiceCancelled(Invoice.ID("inv_1"), reason: "x", actor: LedgerActor(device: actor.map(Device.ID.init))),
            at: Self.at, sequence: 11)
        #expect(replay.invoices[Invoice.ID("inv_1")]?.status == .cancelled)
    }

    @Test("an enrolment by a device that is not admin breaks the replay")
    func enrolmentByAttendant() throws {
        var replay = try Self.replay()
        #expect(throws: LedgerError.self) {
            try replay.apply(
                .deviceEnrolled(
                    Self.device("JKR-C", .attendant, []), .init(key: "e9", requestHash: "h"),
                    actor: .device(Device.ID("JKR-A"))), at: Self.at, sequence: 11)
        }
    }

    @Test("payloads with and without actors, one zone or several, decode and encode back exactly")
    func roundTrips() throws {
        let facts: [LedgerFact] = [
            .deviceEnrolled(Self.device("D1", .attendant, ["A"]), .init(key: "e1", requestHash: "h")),
            .deviceEnrolled(Self.device("D2", .kiosk, []), .init(key: "e2", requestHash: "h"), actor: .serverOperator),
            .deviceEnrolled(
                Self.device("D3", .supervisor, ["B", "A"]), .init(key: "e3", requestHash: "h"),
                actor: LedgerActor(device: Device.ID("ADM"), staff: "budi")),
            .deviceRevoked(Device.ID("D1"), reason: "lost"),
            .deviceRevoked(Device.ID("D1"), reason: "lost", actor: .device(Device.ID("ADM"))),
            .invoiceCancelled(Invoice.ID("inv_1"), reason: "x"),
            .invoiceCancelled(Invoice.ID("inv_1"), reason: "x", actor: .device(Device.ID("D1"))),
            .invoiceSettled(Invoice.ID("inv_1"), reference: "file row 3"),
            .invoiceSettled(Invoice.ID("inv_1"), reference: "file row 3", actor: .device(Device.ID("FIN"))),
            .invoiceRefunded(Invoice.ID("inv_1"), reason: "double payment", actor: .serverOperator),
        ]
        for fact in facts {
            let payload = try CanonicalJSON.parse(fact.payload.text)
            let decoded = try LedgerFact.decode(kind: fact.kind, entityID: fact.entityID, payload: payload)
            #expect(decoded == fact)
            #expect(decoded.payload == payload)
        }
        #expect(facts[0].payload.text.contains(#""zone":"A""#))
        #expect(!facts[0].payload.text.contains("zones"))
        #expect(facts[2].payload.text.contains(#""zones":["A","B"]"#))
        #expect(!facts[5].payload.text.contains("actor"))
    }
}
