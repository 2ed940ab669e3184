import Foundation

/// The ledger's state rebuilt from its facts alone, checking every business rule on the way.
///
/// `lunas ledger verify` replays the whole log and compares the result with the stored rows:
/// any row edited, added or deleted behind the ledger's back disagrees with the replay.
public struct LedgerReplay {
    /// Devices by id (in memory: they grow with the city's devices, not its events).
    public internal(set) var devices: [Device.ID: Device] = [:]
    /// Offline records accepted at sync, by idempotency key.
    public internal(set) var offlineRecords = ReplayMap<String, OfflineRecording>()
    /// Invoices by id.
    public internal(set) var invoices = ReplayMap<Invoice.ID, Invoice>()
    /// Parking tickets by id.
    public internal(set) var tickets = ReplayMap<ParkingTicket.ID, ParkingTicket>()
    /// Payments by id.
    public internal(set) var payments = ReplayMap<Payment.ID, Payment>()
    /// Payment exceptions by id.
    public internal(set) var exceptions = ReplayMap<PaymentException.ID, PaymentException>()
    /// Exceptions as work (a notify's payment exceptions among them) by id.
    public internal(set) var exceptionCases = ReplayMap<ExceptionCase.ID, ExceptionCase>()
    /// What settled each invoice that a settlement file settled, by invoice.
    public internal(set) var invoiceSettlements = ReplayMap<Invoice.ID, InvoiceSettlement>()
    /// The signed statement of every closed city day, by date (in memory: one per day).
    public internal(set) var closedDays: [CivilDate: DailyStatement] = [:]
    /// How far each settlement file has been applied, by settlement id (in memory: one per file).
    public internal(set) var settlementApplications: [String: SettlementApplication] = [:]
    /// Citizens' complaints by number.
    public internal(set) var complaints = ReplayMap<String, Complaint>()
    /// The refunds a `restitution` named (each settles one complaint).
    var complaintRefunds = ReplayMap<PaymentRefund.ID, Bool>()
    /// Refunds of payments by id.
    public internal(set) var refunds = ReplayMap<PaymentRefund.ID, PaymentRefund>()
    /// How much of each payment has been refunded or reversed.
    var refundedTotals = ReplayMap<Payment.ID, Rupiah>()
    /// What refunds and reversals gave back of each invoice's own payments (not `extra` ones).
    var ownGivenBack = ReplayMap<Invoice.ID, Rupiah>()
    /// Money facts about closed days' invoices recorded after their close, by the event's sequence
    /// (in memory: late events are rare).
    public internal(set) var lateEvents: [Int64: LateEvent] = [:]
    /// The closed days' bounds in UTC milliseconds, sorted by `from`, to find an invoice's closed day.
    var closedBounds: [(from: Int64, to: Int64, date: CivilDate)] = []
    /// The settlement rows that reversed a payment (``PaymentRefund/reversalKey(_:)``; in memory: rare).
    var reversalKeys: Set<String> = []
    /// Used idempotency keys by key.
    public internal(set) var idempotency = ReplayMap<String, IdempotencyRecord>()
    /// The event that created each entity (by its id text), for messages about missing rows.
    public internal(set) var createdBy = ReplayMap<String, Int64>()
    var billNumbers = ReplayMap<BillNumber, Bool>()
    var receiptCodes = ReplayMap<String, Bool>()
    /// (bill number, RRN) of every payment: unique together, since RRNs repeat across days and issuers.
    var paymentKeys = ReplayMap<String, Bool>()
    var exceptionKeys = ReplayMap<String, Bool>()
    var exceptionCaseKeys = ReplayMap<String, Bool>()
    /// Every imported settlement file by settlement id (in memory: one per bank file).
    public internal(set) var settlementFiles: [String: SettlementFileRecord] = [:]
    /// Where the maps note the first error of the spill.
    let fault: ReplayFault

    /// A replay that keeps its whole state in memory.
    public init() {
        fault = ReplayFault()
    }

    /// The first error the spill threw: the replay is unreliable from there on.
    public var spillError: (any Error)? { fault.error }

    func broken(_ message: String) -> LedgerError { LedgerError(.replayRuleBroken, message) }

    /// Applies one fact (see ``apply(_:at:sequence:)``), before its late event is booked.
    mutating func applyFact(_ fact: LedgerFact, at: Date, sequence: Int64) throws {
        switch fact {
        case .deviceEnrolled(let device, let key, let actor):
            guard devices[device.id] == nil else { throw broken("device \(device.id) enrolled twice") }
            try requireAdmin(actor, "enrolled device \(device.id)")
            try claim(key, .enrolDevice, entityID: device.id.rawValue)
            devices[device.id] = device
            createdBy[device.id.rawValue] = sequence
        case .deviceRevoked(let id, let reason, let actor):
            try requireAdmin(actor, "revoked device \(id)")
            guard var device = devices[id], device.revokedAt == nil else {
                throw broken("device \(id) revoked but it is unknown or already revoked")
            }
            device.revokedAt = at
            device.revocationReason = reason
            devices[id] = device
        case .deviceAttendantChanged(let id, let attendant, let actor):
            if actor.device != id { try requireAdmin(actor, "changed the attendant of device \(id)") }
            guard var device = devices[id], device.revokedAt == nil else {
                throw broken("the attendant of device \(id) changed but it is unknown or revoked")
            }
            device.attendant = attendant
            devices[id] = device
        case .deviceKeyRegistered, .offlineRecorded, .offlineBundleIssued:
            try applyOffline(fact, at: at, sequence: sequence)
        case .invoiceIssued(let invoice, let ticket, let key, let actor):
            try requireIssuer(actor, invoice.deviceID, "invoice \(invoice.id)")
            try admit(invoice, at: at)
            if let ticket {
                guard tickets[ticket.id] == nil, ticket.invoiceID == invoice.id, invoice.ticketID == ticket.id,
                    ticket.sequence == invoice.sequence, ticket.deviceID == invoice.deviceID
                else { throw broken("invoice \(invoice.id) and its ticket \(ticket.id) do not refer to each other") }
                tickets[ticket.id] = ticket
                createdBy[ticket.id.rawValue] = sequence
            }
            try claim(key, .issueInvoice, entityID: invoice.id.rawValue)
            invoices[invoice.id] = invoice
            createdBy[invoice.id.rawValue] = sequence
        case .ticketOpened(let ticket, let key, let actor):
            try requireIssuer(actor, ticket.deviceID, "ticket \(ticket.id)")
            guard tickets[ticket.id] == nil, ticket.invoiceID == nil else {
                throw broken("ticket \(ticket.id) opened twice or with an invoice")
            }
            try takeSequence(ticket.sequence, device: ticket.deviceID, what: "ticket \(ticket.id)", at: at)
            try claim(key, .openTicket, entityID: ticket.id.rawValue)
            tickets[ticket.id] = ticket
            createdBy[ticket.id.rawValue] = sequence
        case .ticketClosed(let id, let exitAt, let invoice, let key, let actor):
            try requireIssuer(actor, invoice.deviceID, "invoice \(invoice.id) closing ticket \(id)")
            guard var ticket = tickets[id], ticket.isOpen, invoice.ticketID == id else {
                throw broken("ticket \(id) closed but it is unknown, already closed, or not the invoice's ticket")
            }
            try admit(invoice, at: at)
            try claim(key, .closeTicket, entityID: id.rawValue)
            ticket.exitAt = exitAt
            ticket.invoiceID = invoice.id
            tickets[id] = ticket
            invoices[invoice.id] = invoice
            createdBy[invoice.id.rawValue] = sequence
        case .ticketClosedFree(let id, let exitAt, let key, let actor):
            _ = try actingDevice(actor, "free exit of ticket \(id)", dated: at)
            guard var ticket = tickets[id], ticket.isOpen, exitAt >= ticket.entryAt else {
                throw broken("ticket \(id) closed free but it is unknown, not open, or left before it entered")
            }
            try claim(key, .closeTicket, entityID: id.rawValue)
            ticket.exitAt = exitAt
            ticket.closure = .free
            tickets[id] = ticket
        case .ticketVoided(let id, let reason, let actor):
            guard var ticket = tickets[id], ticket.isOpen else {
                throw broken("ticket \(id) voided but it is unknown or not open")
            }
            if let device = try actingDevice(actor, "void of ticket \(id)", dated: at),
                let refusal = device.cancelRefusal(issuer: ticket.deviceID, invoiceZones: [ticket.zone])
            {
                throw broken("ticket \(id) voided by device \(device.id), which may not: \(refusal)")
            }
            ticket.exitAt = at
            ticket.closure = .void
            ticket.closureReason = reason
            tickets[id] = ticket
        case .ticketReprinted(let id, let actor, let key):
            guard var ticket = tickets[id] else { throw broken("unknown ticket \(id) reprinted") }
            _ = try actingDevice(actor, "reprint of ticket \(id)")
            if let key { try claim(key, .reprintTicket, entityID: id.rawValue) }
            ticket.reprints += 1
            tickets[id] = ticket
        case .paymentRecorded(let payment):
            guard var invoice = invoices[payment.invoiceID], invoice.billNumber == payment.billNumber else {
                throw broken("payment \(payment.id) for unknown invoice \(payment.invoiceID)")
            }
            guard payments[payment.id] == nil,
                paymentKeys.insert(payment.billNumber.rawValue + "\u{1F}" + payment.rrn).inserted
            else {
                throw broken(
                    "payment \(payment.id) or its (bill number \(payment.billNumber), RRN \(payment.rrn)) "
                        + "recorded twice")
            }
            guard payment.amount.isStorable else {
                throw broken("payment \(payment.id) amount \(payment.amount) is above the stored maximum")
            }
            guard payment.amount == invoice.amount else {
                throw broken("payment \(payment.id) amount \(payment.amount) differs from invoice \(invoice.amount)")
            }
            let decision = Payment.Effect.decide(for: invoice, paidAt: payment.paidAt)
            guard decision.effect == payment.effect else {
                throw broken(
                    "payment \(payment.id) says \(payment.effect.rawValue), rules say \(decision.effect.rawValue)")
            }
            if let status = decision.status {
                invoice.status = status
                invoice.paidAt = payment.paidAt
                invoice.statusChangedAt = at
                invoices[invoice.id] = invoice
            }
            payments[payment.id] = payment
            createdBy[payment.id.rawValue] = sequence
        case .invoiceCancelled(let id, _, let actor):
            try requireCanceller(actor, id)
            try move(id, to: .cancelled, at: at)
        case .invoiceExpired(let id): try move(id, to: .expired, at: at)
        case .invoiceSettled(let id, _, let actor, let settlement):
            _ = try actingDevice(actor, "settlement of invoice \(id)")
            try move(id, to: .settled, at: at)
            if let settlement {
                guard settlementFiles.keys.contains(settlement.reference.settlementID) else {
                    throw broken("invoice \(id) settled by \(settlement.reference), a file never imported")
                }
                invoiceSettlements[id] = InvoiceSettlement(invoiceID: id, entry: settlement, settledAt: at)
            }
        case .invoiceRefunded(let id, _, let actor):
            _ = try actingDevice(actor, "refund of invoice \(id)")
            try move(id, to: .refunded, at: at)
        case .paymentException(let recorded):
            // An event recorded before `v2-payments` may hold an amount no money column takes (the
            // 9223372036854775807 attack); `v2-payments` moved it to the text, and so does the replay.
            let exception = recorded.storedForm
            let key = [exception.billNumber, exception.rrn, exception.bodySHA256 ?? ""].joined(separator: "\u{1F}")
            guard exceptions[exception.id] == nil, exceptionKeys.insert(key).inserted else {
                throw broken("payment exception \(exception.id) recorded twice")
            }
            guard exception.amount.map(\.isStorable) ?? (exception.amountText != nil) else {
                throw broken("payment exception \(exception.id) has an amount out of range or none at all")
            }
            exceptions[exception.id] = exception
            createdBy[exception.id.rawValue] = sequence
            try open(ExceptionCase(paymentException: exception), sequence: sequence)
        case .settlementImported(let record):
            // Evidence (the archived file's SHA-256); applying the file needs it first.
            settlementFiles[record.settlementID] = settlementFiles[record.settlementID] ?? record
        case .settlementApplied(let chunk):
            try requireFinance(chunk.actor, "applying settlement \(chunk.settlementID)")
            guard settlementFiles.keys.contains(chunk.settlementID) else {
                throw broken("settlement \(chunk.settlementID) applied but never imported")
            }
            let applied = settlementApplications[chunk.settlementID]
            guard applied?.isComplete != true, applied?.isWithdrawn != true, chunk.fromRow == (applied?.appliedRows ?? 0),
                chunk.toRow >= chunk.fromRow, chunk.toRow <= chunk.rowCount,
                chunk.rowCount == (applied?.rowCount ?? chunk.rowCount)
            else {
                throw broken(
                    "settlement \(chunk.settlementID) rows \(chunk.fromRow)..<\(chunk.toRow) of \(chunk.rowCount) "
                        + "do not follow the \(applied?.appliedRows ?? 0) rows applied before")
            }
            if var applied {
                applied.add(chunk, at: at)
                settlementApplications[chunk.settlementID] = applied
            } else {
                settlementApplications[chunk.settlementID] = SettlementApplication(first: chunk, at: at)
            }
        case .invoiceUnsettled, .settlementWithdrawn:
            try applyWithdrawal(fact, at: at)
        case .exceptionOpened(let exception):
            if let invoiceID = exception.invoiceID, invoices[invoiceID] == nil {
                throw broken("exception \(exception.id) names unknown invoice \(invoiceID)")
            }
            if let paymentID = exception.paymentID, payments[paymentID] == nil {
                throw broken("exception \(exception.id) names unknown payment \(paymentID)")
            }
            try open(exception, sequence: sequence)
        case .exceptionAssigned(let id, let assignee, let actor):
            try requireFinance(actor, "assigning exception \(id)")
            guard var exception = exceptionCases[id], exception.state == .open else {
                throw broken("exception \(id) assigned but it is unknown or resolved")
            }
            exception.assignee = assignee
            exception.assignedAt = at
            exceptionCases[id] = exception
        case .exceptionResolved(let id, let resolution):
            try requireFinance(resolution.actor, "resolving exception \(id)")
            guard var exception = exceptionCases[id], exception.state == .open else {
                throw broken("exception \(id) resolved but it is unknown or already resolved")
            }
            if let invoiceID = resolution.invoiceID, invoices[invoiceID] == nil {
                throw broken("exception \(id) resolved against unknown invoice \(invoiceID)")
            }
            if let other = resolution.duplicateOf, exceptionCases[other] == nil || other == id {
                throw broken("exception \(id) resolved as a duplicate of unknown exception \(other)")
            }
            exception.resolution = resolution
            exceptionCases[id] = exception
        case .dayClosed(let statement):
            guard closedDays[statement.date] == nil else { throw broken("day \(statement.date) closed twice") }
            if let device = try actingDevice(statement.closedBy, "closing day \(statement.date)"),
                !device.mayCloseDays
            {
                throw broken("day \(statement.date) closed by device \(device.id), which may not close days")
            }
            guard statement.chainHead.sequence == sequence - 1 else {
                throw broken(
                    "day \(statement.date)'s statement names chain head #\(statement.chainHead.sequence), "
                        + "but it was closed after #\(sequence - 1)")
            }
            closedDays[statement.date] = statement
        case .paymentRefunded(let refund, let key):
            try refundPayment(refund, key, sequence: sequence)
        case .paymentReversed(let reversal):
            try reversePayment(reversal, sequence: sequence)
        case .complaintFiled, .complaintAssigned, .complaintAnswered, .complaintResolved:
            try applyComplaint(fact, at: at, sequence: sequence)
        }
    }

    /// The active device an event names as its actor, if it names one; with `dated`, a revoked
    /// device also acts in what is dated no later than its revocation (an offline record collected
    /// from it after its revocation).
    func actingDevice(_ actor: LedgerActor?, _ what: String, dated: Date? = nil) throws -> Device? {
        guard let id = actor?.device else { return nil }
        guard let device = devices[id], Self.isActive(device, at: dated) else {
            throw broken("\(what) by unknown or revoked device \(id)")
        }
        return device
    }

    private mutating func open(_ exception: ExceptionCase, sequence: Int64) throws {
        guard exceptionCases[exception.id] == nil, exceptionCaseKeys.insert(exception.key).inserted else {
            throw broken("exception \(exception.id) (key \(exception.key)) opened twice")
        }
        exceptionCases[exception.id] = exception
        createdBy[exception.id.rawValue] = sequence
    }

    /// What a device issues names it as the actor.
    private func requireIssuer(_ actor: LedgerActor?, _ issuer: Device.ID, _ what: String) throws {
        guard let acting = actor?.device, acting != issuer else { return }
        throw broken("\(what) of device \(issuer) names device \(acting) as its actor")
    }

    /// A cancellation by a device follows ``Device/cancelRefusal(issuer:invoiceZones:)``.
    private func requireCanceller(_ actor: LedgerActor?, _ id: Invoice.ID) throws {
        guard let device = try actingDevice(actor, "cancellation of invoice \(id)") else { return }
        guard let invoice = invoices[id] else { return }  // `move` names the unknown invoice
        if let refusal = device.cancelRefusal(issuer: invoice.deviceID, invoiceZones: zones(of: invoice)) {
            throw broken("invoice \(id) cancelled by device \(device.id), which may not (\(refusal))")
        }
    }

    /// The zones an invoice belongs to (``Device/invoiceZones(ticketZone:issuer:)``).
    private func zones(of invoice: Invoice) -> [String] {
        Device.invoiceZones(
            ticketZone: invoice.ticketID.flatMap { tickets[$0]?.zone }, issuer: devices[invoice.deviceID])
    }

    private mutating func admit(_ invoice: Invoice, at: Date) throws {
        guard invoices[invoice.id] == nil else { throw broken("invoice \(invoice.id) issued twice") }
        guard billNumbers.insert(invoice.billNumber).inserted else {
            throw broken("bill number \(invoice.billNumber) used twice")
        }
        guard receiptCodes.insert(invoice.receiptCode).inserted else {
            throw broken("receipt code of invoice \(invoice.id) used twice")
        }
        if invoice.receiptCode.utf8.starts(with: ReceiptCode.textPrefix.utf8) {
            let code = try? ReceiptCode(parsing: invoice.receiptCode)
            guard code?.invoiceID == invoice.billNumber.rawValue else {
                throw broken(
                    "receipt code of invoice \(invoice.id) does not name its bill number \(invoice.billNumber)")
            }
        }
        guard invoice.amount.value > 0 else { throw broken("invoice \(invoice.id) amount is not positive") }
        try takeSequence(invoice.sequence, device: invoice.deviceID, what: "invoice \(invoice.id)", at: at)
    }

    /// Whether `device` is active, or (with `dated`) was still active then.
    static func isActive(_ device: Device, at dated: Date?) -> Bool {
        guard let revokedAt = device.revokedAt else { return true }
        guard let dated else { return false }
        return dated <= revokedAt
    }

    private mutating func takeSequence(_ number: Int64, device id: Device.ID, what: String, at: Date) throws {
        guard var device = devices[id], Self.isActive(device, at: at), device.role.canIssue else {
            throw broken("\(what) issued by unknown, revoked or non-issuing device \(id)")
        }
        guard number == device.lastSequence + 1 else {
            throw broken("\(what) has sequence \(number) on device \(id), expected \(device.lastSequence + 1)")
        }
        device.lastSequence = number
        devices[id] = device
    }

    mutating func claim(
        _ key: LedgerFact.Idempotency, _ operation: IdempotencyRecord.Operation, entityID: String
    ) throws {
        guard idempotency[key.key] == nil else { throw broken("idempotency key \"\(key.key)\" used twice") }
        idempotency[key.key] = IdempotencyRecord(
            key: key.key, operation: operation, entityID: entityID, requestHash: key.requestHash)
    }

    private mutating func move(_ id: Invoice.ID, to status: InvoiceStatus, at: Date) throws {
        guard var invoice = invoices[id] else { throw broken("\(status.rawValue) event for unknown invoice \(id)") }
        guard invoice.status.canMove(to: status) else {
            throw broken("invoice \(id) cannot move from \(invoice.status.rawValue) to \(status.rawValue)")
        }
        invoice.status = status
        invoice.statusChangedAt = at
        invoices[id] = invoice
    }
}

extension LedgerError.Code {
    /// Replaying the event log found a fact that breaks a ledger rule.
    public static let replayRuleBroken = Self("replay.ruleBroken")
}
