import Foundation
import Ledger

extension SQLLedgerStore {
    public func enrolDevice(_ draft: DeviceDraft) async throws -> Device {
        try draft.validate()
        return try await write { db, state in try LedgerWrites.enrolDevice(draft, db, &state) }
    }

    public func revokeDevice(_ id: Device.ID, reason: String, actor: LedgerActor, at: Date) async throws -> Device {
        try LedgerValidationBridge.text(reason, field: "reason", actor: actor)
        return try await write { db, state in
            try LedgerWrites.revokeDevice(id, reason: reason, actor: actor, at: at, db, &state)
        }
    }

    public func setAttendant(_ id: Device.ID, attendant: String?, actor: LedgerActor, at: Date) async throws -> Device {
        if let attendant {
            try LedgerValidationBridge.text(
                attendant, field: "attendant", actor: actor, maximum: Device.maximumAttendantLength)
        } else {
            try actor.validate()
        }
        return try await write { db, state in
            try LedgerWrites.setAttendant(id, attendant: attendant, actor: actor, at: at, db, &state)
        }
    }

    public func closeTicketFree(
        _ id: ParkingTicket.ID, exitAt: Date, idempotencyKey: String, requestHash: String, actor: LedgerActor
    ) async throws -> ParkingTicket {
        try actor.validate()
        return try await write { db, state in
            try LedgerWrites.closeTicketFree(
                id, exitAt: exitAt, idempotencyKey: idempotencyKey, requestHash: requestHash, actor: actor, db, &state)
        }
    }

    public func voidTicket(
        _ id: ParkingTicket.ID, reason: String, actor: LedgerActor, at: Date
    ) async throws
        -> ParkingTicket
    {
        try LedgerValidationBridge.text(reason, field: "reason", actor: actor, maximum: 200)
        return try await write { db, state in
            try LedgerWrites.voidTicket(id, reason: reason, actor: actor, at: at, db, &state)
        }
    }

    public func reprintTicket(
        _ id: ParkingTicket.ID, idempotencyKey: String?, requestHash: String, actor: LedgerActor, at: Date
    ) async throws -> ParkingTicket {
        try actor.validate()
        return try await write { db, state in
            try LedgerWrites.reprintTicket(
                id, idempotencyKey: idempotencyKey, requestHash: requestHash, actor: actor, at: at, db, &state)
        }
    }

    public func issueInvoice(_ draft: InvoiceDraft) async throws -> IssuedInvoice {
        try draft.validate()
        // The fingerprint (a SHA-256 of the canonical request) is taken here, on the caller's task,
        // not on the single writer's.
        let requestHash = IdempotencyFingerprint.kept(draft)
        let intent = IssueIntent(draft, invoiceID: .generate(), requestHash: requestHash)
        return try await write(issuing: intent) { db, state in
            try LedgerWrites.issueInvoice(draft, intended: intent.invoiceID, requestHash: requestHash, db, &state)
        }
    }

    public func openTicket(_ draft: TicketDraft) async throws -> ParkingTicket {
        try draft.validate()
        return try await write { db, state in try LedgerWrites.openTicket(draft, db, &state) }
    }

    public func closeTicket(_ closure: TicketClosure) async throws -> ClosedTicket {
        try closure.validate()
        return try await write { db, state in try LedgerWrites.closeTicket(closure, db, &state) }
    }

    public func cancelInvoice(_ id: Invoice.ID, reason: String, actor: LedgerActor, at: Date) async throws -> Invoice {
        try LedgerValidationBridge.text(reason, field: "reason", actor: actor)
        return try await write { db, state in
            try LedgerWrites.cancelInvoice(id, reason: reason, actor: actor, at: at, db, &state)
        }
    }

    public func expireDueInvoices(now: Date) async throws -> [Invoice] {
        try await write { db, state in try LedgerWrites.expireDue(now: now, db, &state) }
    }

    public func settleInvoice(
        _ id: Invoice.ID, reference: String, actor: LedgerActor, at: Date
    ) async throws
        -> Invoice
    {
        try LedgerValidationBridge.text(reference, field: "reference", actor: actor)
        return try await write { db, state in
            _ = try LedgerQueries.actingDevice(actor, db)
            return try LedgerWrites.move(
                id, to: .settled, fact: .invoiceSettled(id, reference: reference, actor: actor, settlement: nil),
                at: at,
                db, &state)
        }
    }

    public func refundInvoice(_ id: Invoice.ID, reason: String, actor: LedgerActor, at: Date) async throws -> Invoice {
        try LedgerValidationBridge.text(reason, field: "reason", actor: actor)
        return try await write { db, state in
            _ = try LedgerQueries.actingDevice(actor, db)
            return try LedgerWrites.move(
                id, to: .refunded, fact: .invoiceRefunded(id, reason: reason, actor: actor), at: at, db, &state)
        }
    }

    public func recordPayment(_ draft: PaymentDraft) async throws -> RecordedPayment {
        try draft.validate()
        return try await write { db, state in try LedgerWrites.recordPayment(draft, db, &state) }
    }

    public func recordPaymentException(_ draft: PaymentExceptionDraft) async throws -> RecordedPaymentException {
        try draft.validate()
        return try await write { db, state in try LedgerWrites.recordPaymentException(draft, db, &state) }
    }
}
