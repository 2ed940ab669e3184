import Foundation
import Ledger
import Testing

/// The `LedgerStore` contract: every rule a store must keep, written against the protocol only,
/// so the PostgreSQL store can run the very same checks.
enum LedgerStoreContract {
    /// Expects `body` to throw a `LedgerError` with `code`.
    static func expectError(
        _ code: LedgerError.Code, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("expected \(code), nothing was thrown", sourceLocation: sourceLocation)
        } catch let error as LedgerError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
        }
    }

    static func eventCount(_ store: some LedgerStore) async throws -> Int {
        try await store.events(after: 0, limit: 1_000_000).count
    }

    static func expectIntact(_ store: some LedgerStore, sourceLocation: SourceLocation = #_sourceLocation) async throws
    {
        let report = try await store.verify()
        #expect(report.problems == [], sourceLocation: sourceLocation)
    }

    static func devices(_ store: some LedgerStore) async throws {
        let draft = TestLedger.deviceDraft("JKR-01", token: "secret-token")
        let device = try await store.enrolDevice(draft)
        #expect(device.id == draft.id && device.role == .attendant && device.lastSequence == 0 && !device.isRevoked)
        #expect(device.credentialHash == Device.credentialHash(forToken: "secret-token"))
        #expect(try await store.enrolDevice(draft) == device)
        #expect(try await eventCount(store) == 1)
        var changed = draft
        changed.name = "Another name"
        await expectError(.idempotencyKeyReused) { _ = try await store.enrolDevice(changed) }
        var sameID = draft
        sameID.idempotencyKey = "enrol-again"
        sameID.credentialHash = Device.credentialHash(forToken: "other")
        await expectError(.duplicateDeviceID) { _ = try await store.enrolDevice(sameID) }
        var sameCredential = TestLedger.deviceDraft("JKR-02", token: "secret-token")
        sameCredential.idempotencyKey = "enrol-jkr-02"
        await expectError(.duplicateCredential) { _ = try await store.enrolDevice(sameCredential) }
        await expectError(.invalidField) { _ = try await store.enrolDevice(TestLedger.deviceDraft("bad id!")) }
        #expect(try await eventCount(store) == 1)

        let authenticated = try await store.authenticateDevice(
            credentialHash: Device.credentialHash(forToken: "secret-token"))
        #expect(authenticated.id == device.id)
        await expectError(.unknownCredential) {
            _ = try await store.authenticateDevice(credentialHash: Device.credentialHash(forToken: "nope"))
        }
        let revokedAt = TestLedger.morning.addingTimeInterval(3600)
        let revoked = try await store.revokeDevice(device.id, reason: "handheld stolen", at: revokedAt)
        #expect(revoked.revokedAt == revokedAt && revoked.revocationReason == "handheld stolen")
        #expect(try await store.revokeDevice(device.id, reason: "again", at: revokedAt) == revoked)
        await expectError(.deviceRevoked) {
            _ = try await store.authenticateDevice(credentialHash: Device.credentialHash(forToken: "secret-token"))
        }
        await expectError(.deviceRevoked) { _ = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-01")) }
        await expectError(.unknownDevice) {
            _ = try await store.revokeDevice(Device.ID("NOPE"), reason: "x", at: revokedAt)
        }
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-01", role: .finance))
        await expectError(.deviceCannotIssue) {
            _ = try await store.issueInvoice(TestLedger.feeDraft(device: "FIN-01"))
        }
        #expect(try await store.devices().map(\.id.rawValue) == ["FIN-01", "JKR-01"])
        try await expectIntact(store)
    }

    static func invoices(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("KIOSK-1", role: .kiosk))
        let first = try await store.issueInvoice(TestLedger.feeDraft(device: "KIOSK-1")).invoice
        #expect(first.status == .issued && first.sequence == 1 && first.kind == .fee && first.feeCode == "RET-PASAR")
        let draft = TestLedger.feeDraft(device: "KIOSK-1", amount: 12_500)
        let second = try await store.issueInvoice(draft).invoice
        #expect(second.sequence == 2 && second.amount == Rupiah(12_500))
        let events = try await eventCount(store)

        // A repeat returns the first result and creates nothing.
        #expect(try await store.issueInvoice(draft).invoice == second)
        #expect(try await eventCount(store) == events)
        var altered = draft
        altered.terms.amount = Rupiah(1)
        await expectError(.idempotencyKeyReused) { _ = try await store.issueInvoice(altered) }

        // A reused bill number or receipt code is refused and consumes no sequence number.
        var sameBill = TestLedger.feeDraft(device: "KIOSK-1", bill: first.billNumber, key: "another-key")
        sameBill.terms.receiptCode = "RCPT-OTHER"
        await expectError(.duplicateBillNumber) { _ = try await store.issueInvoice(sameBill) }
        var sameReceipt = TestLedger.feeDraft(device: "KIOSK-1")
        sameReceipt.terms.receiptCode = first.receiptCode
        await expectError(.duplicateReceiptCode) { _ = try await store.issueInvoice(sameReceipt) }
        await expectError(.invalidField) {
            _ = try await store.issueInvoice(TestLedger.feeDraft(device: "KIOSK-1", amount: 0))
        }
        await expectError(.invalidField) {
            _ = try await store.issueInvoice(TestLedger.feeDraft(device: "KIOSK-1", validFor: -1))
        }
        await expectError(.unknownDevice) { _ = try await store.issueInvoice(TestLedger.feeDraft(device: "GHOST")) }
        #expect(try await eventCount(store) == events)
        let third = try await store.issueInvoice(TestLedger.feeDraft(device: "KIOSK-1")).invoice
        #expect(third.sequence == 3)
        #expect(try await store.device(id: Device.ID("KIOSK-1"))?.lastSequence == 3)

        #expect(try await store.invoice(id: second.id) == second)
        #expect(try await store.invoice(billNumber: second.billNumber) == second)
        #expect(try await store.invoice(receiptCode: second.receiptCode) == second)
        #expect(try await store.invoice(id: Invoice.ID("inv_missing")) == nil)
        let all = try await store.invoices(
            issuedFrom: TestLedger.morning, to: TestLedger.morning.addingTimeInterval(1))
        #expect(Set(all.map(\.id)) == [first.id, second.id, third.id])
        #expect(try await store.invoices(issuedFrom: .distantPast, to: TestLedger.morning).isEmpty)
        let issued = try await store.events(entityID: second.id.rawValue)
        #expect(issued.map(\.kind) == [.invoiceIssued])
        try await expectIntact(store)
    }

    static func parking(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-07"))
        let entry = TestLedger.morning
        // Flat tariff: ticket and invoice at once, sharing one sequence number.
        let flat = try await store.issueInvoice(
            InvoiceDraft(
                terms: TestLedger.terms(device: "JKR-07", amount: 2_000),
                purpose: .parking(
                    ParkingDetails(plate: "de 1234 ab", vehicleClass: "MOTOR", zone: "AMB-A", entryAt: entry)),
                idempotencyKey: "flat-1"))
        let flatTicket = try #require(flat.ticket)
        #expect(flatTicket.plate == "DE1234AB" && flatTicket.invoiceID == flat.invoice.id)
        #expect(flat.invoice.ticketID == flatTicket.id && flat.invoice.kind == .parking && flatTicket.sequence == 1)

        // Hourly tariff: open at entry, close at exit with the invoice.
        let opened = try await store.openTicket(
            TicketDraft(
                details: ParkingDetails(plate: "DE-5678-XY", vehicleClass: "CAR", zone: "AMB-A", entryAt: entry),
                deviceID: Device.ID("JKR-07"), idempotencyKey: "open-1"))
        #expect(opened.isOpen && opened.sequence == 2 && opened.plate == "DE5678XY")
        #expect(try await store.openTickets(plate: "de 5678 xy") == [opened])
        let exit = entry.addingTimeInterval(2 * 3600)
        let closure = TicketClosure(
            ticketID: opened.id, exitAt: exit, terms: TestLedger.terms(device: "JKR-07", amount: 6_000, at: exit),
            idempotencyKey: "close-1")
        let closed = try await store.closeTicket(closure)
        #expect(closed.ticket.exitAt == exit && closed.ticket.invoiceID == closed.invoice.id)
        #expect(
            closed.invoice.ticketID == opened.id && closed.invoice.sequence == 3
                && closed.invoice.amount == Rupiah(6_000))
        #expect(try await store.closeTicket(closure) == closed)
        #expect(try await store.openTickets(plate: "DE5678XY").isEmpty)
        #expect(try await store.ticket(id: opened.id) == closed.ticket)
        var again = closure
        again.idempotencyKey = "close-2"
        again.terms = TestLedger.terms(device: "JKR-07", at: exit)
        await expectError(.ticketAlreadyClosed) { _ = try await store.closeTicket(again) }
        let other = try await store.openTicket(
            TicketDraft(
                details: ParkingDetails(plate: "B1", vehicleClass: "CAR", zone: "AMB-A", entryAt: entry),
                deviceID: Device.ID("JKR-07"), idempotencyKey: "open-2"))
        await expectError(.exitBeforeEntry) {
            _ = try await store.closeTicket(
                TicketClosure(
                    ticketID: other.id, exitAt: entry.addingTimeInterval(-60),
                    terms: TestLedger.terms(device: "JKR-07", at: entry), idempotencyKey: "close-3"))
        }
        await expectError(.unknownTicket) {
            _ = try await store.closeTicket(
                TicketClosure(
                    ticketID: ParkingTicket.ID("tkt_nope"), exitAt: exit, terms: TestLedger.terms(device: "JKR-07"),
                    idempotencyKey: "close-4"))
        }
        await expectError(.invalidPlate) {
            _ = try await store.openTicket(
                TicketDraft(
                    details: ParkingDetails(plate: "  -- ", vehicleClass: "CAR", zone: "AMB-A", entryAt: entry),
                    deviceID: Device.ID("JKR-07"), idempotencyKey: "open-3"))
        }
        try await expectIntact(store)
    }
}
