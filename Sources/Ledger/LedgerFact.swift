import Foundation

/// What an event says happened: the decoded content of a ``LedgerEvent``.
///
/// Creation facts carry the whole new record, so replaying the facts in order rebuilds every
/// device, invoice, ticket, payment and exception exactly (see ``LedgerReplay``).
public enum LedgerFact: Sendable, Hashable {
    // `actor`: who made the change (``LedgerActor``); nil only in events written before actors
    // were recorded, whose payloads have no `actor` member.
    case deviceEnrolled(Device, Idempotency, actor: LedgerActor? = nil)
    case deviceRevoked(Device.ID, reason: String, actor: LedgerActor? = nil)
    /// The person working with a device changed (nil: none recorded); `actor` made the change.
    case deviceAttendantChanged(Device.ID, attendant: String?, actor: LedgerActor)
    /// A device registered its Ed25519 public key for offline records (once); `code` is its device
    /// code (given here to a device enrolled before codes existed, else the one it has).
    case deviceKeyRegistered(Device.ID, publicKey: DevicePublicKey, code: DeviceCode, actor: LedgerActor)
    /// An offline record accepted at sync (before the events of what it made).
    case offlineRecorded(OfflineRecording)
    /// A device downloaded an offline bundle (its id and validity window; the bundle itself is
    /// made again from the configuration, never stored).
    case offlineBundleIssued(Device.ID, bundleID: String, validFrom: Date, validUntil: Date, actor: LedgerActor)
    /// A new invoice, with its flat-tariff ticket when it charges for parking at entry.
    case invoiceIssued(Invoice, ticket: ParkingTicket?, Idempotency, actor: LedgerActor? = nil)
    case ticketOpened(ParkingTicket, Idempotency, actor: LedgerActor? = nil)
    /// An hourly ticket closed at `exitAt` with its new invoice.
    case ticketClosed(ParkingTicket.ID, exitAt: Date, invoice: Invoice, Idempotency, actor: LedgerActor? = nil)
    /// An hourly ticket closed at `exitAt` at no charge (grace period, free window): no invoice.
    case ticketClosedFree(ParkingTicket.ID, exitAt: Date, Idempotency, actor: LedgerActor)
    /// An open ticket voided by the device that opened it or a supervisor of its zone.
    case ticketVoided(ParkingTicket.ID, reason: String, actor: LedgerActor)
    /// A ticket printed again by `actor`; `idempotency` when the request carried an
    /// `Idempotency-Key` (a repeat counts no second print).
    case ticketReprinted(ParkingTicket.ID, actor: LedgerActor, idempotency: Idempotency? = nil)
    case paymentRecorded(Payment)
    case invoiceCancelled(Invoice.ID, reason: String, actor: LedgerActor? = nil)
    case invoiceExpired(Invoice.ID)
    /// Matched to the acquirer's settlement (`reference`: the settlement file row or batch).
    /// `settlement`: the file row with gross, MDR and net, when a settlement file was applied
    /// (absent in events written before `lunas settlement apply`).
    case invoiceSettled(Invoice.ID, reference: String, actor: LedgerActor? = nil, settlement: SettlementEntry? = nil)
    case invoiceRefunded(Invoice.ID, reason: String, actor: LedgerActor? = nil)
    case paymentException(PaymentException)
    /// A bank's settlement file received and archived (its SHA-256, size and profile).
    case settlementImported(SettlementFileRecord)
    /// A chunk of a settlement file's rows applied to the ledger.
    case settlementApplied(SettlementChunkRecord)
    /// A settlement file's settlement of an invoice withdrawn because the corrected re-send
    /// `supersededBy` replaced the file: the invoice goes back from `settled` to `status` (`paid` or
    /// `paid_late`, what its own payment made it). `settlement` is the withdrawn row.
    case invoiceUnsettled(
        Invoice.ID, settlement: SettlementEntry, status: InvoiceStatus, supersededBy: String, actor: LedgerActor)
    /// A chunk of a settlement file's application withdrawn for a corrected re-send.
    case settlementWithdrawn(SettlementWithdrawal)
    /// An exception opened as work (a notify's exceptions are opened by `paymentException`).
    case exceptionOpened(ExceptionCase)
    /// An exception given to a person to work on.
    case exceptionAssigned(ExceptionCase.ID, to: String, actor: LedgerActor)
    /// An exception ended.
    case exceptionResolved(ExceptionCase.ID, ExceptionCase.Resolution)
    /// A city day closed, with its signed statement.
    case dayClosed(DailyStatement)
    /// Money given back for a payment through the acquirer (an event of the payment's invoice).
    case paymentRefunded(PaymentRefund, Idempotency)
    /// Money the bank took back from a payment, as a `reversal` row of an applied settlement file
    /// states it (a ``PaymentRefund`` of source `settlement_reversal`; an event of the invoice).
    case paymentReversed(PaymentRefund)
    /// A citizen's complaint filed (the filing only; the citizen's words stay outside the chain).
    case complaintFiled(Complaint.Filing)
    /// A complaint given to a person to work on.
    case complaintAssigned(String, to: String, actor: LedgerActor)
    /// A message from the city to the citizen about a complaint.
    case complaintAnswered(String, message: String, actor: LedgerActor)
    /// A complaint ended with an outcome.
    case complaintResolved(String, Complaint.Resolution)

    /// An idempotency key and the SHA-256 of the request it was first used with.
    public struct Idempotency: Sendable, Hashable {
        /// The idempotency key as the caller sent it.
        public var key: String
        /// Lower-case hex SHA-256 of the canonical request (see ``IdempotencyFingerprint``).
        public var requestHash: String

        /// Creates a value from its parts.
        public init(key: String, requestHash: String) {
            self.key = key
            self.requestHash = requestHash
        }
    }

    /// The event kind of this fact.
    public var kind: LedgerEvent.Kind {
        switch self {
        case .deviceEnrolled: .deviceEnrolled
        case .deviceRevoked: .deviceRevoked
        case .deviceAttendantChanged: .deviceAttendantChanged
        case .deviceKeyRegistered: .deviceKeyRegistered
        case .offlineRecorded: .offlineRecorded
        case .offlineBundleIssued: .offlineBundleIssued
        case .invoiceIssued: .invoiceIssued
        case .ticketOpened: .ticketOpened
        case .ticketClosed: .ticketClosed
        case .ticketClosedFree: .ticketClosedFree
        case .ticketVoided: .ticketVoided
        case .ticketReprinted: .ticketReprinted
        case .paymentRecorded: .paymentRecorded
        case .invoiceCancelled: .invoiceCancelled
        case .invoiceExpired: .invoiceExpired
        case .invoiceSettled: .invoiceSettled
        case .invoiceRefunded: .invoiceRefunded
        case .paymentException: .paymentException
        case .settlementImported: .settlementImported
        case .settlementApplied: .settlementApplied
        case .invoiceUnsettled: .invoiceUnsettled
        case .settlementWithdrawn: .settlementWithdrawn
        case .exceptionOpened: .exceptionOpened
        case .exceptionAssigned: .exceptionAssigned
        case .exceptionResolved: .exceptionResolved
        case .dayClosed: .dayClosed
        case .paymentRefunded: .paymentRefunded
        case .paymentReversed: .paymentReversed
        case .complaintFiled: .complaintFiled
        case .complaintAssigned: .complaintAssigned
        case .complaintAnswered: .complaintAnswered
        case .complaintResolved: .complaintResolved
        }
    }

    /// The entity the fact is about (payments belong to their invoice).
    public var entityID: String {
        switch self {
        case .deviceEnrolled(let device, _, _): device.id.rawValue
        case .deviceRevoked(let id, _, _): id.rawValue
        case .deviceAttendantChanged(let id, _, _): id.rawValue
        case .deviceKeyRegistered(let id, _, _, _): id.rawValue
        case .offlineRecorded(let recording): recording.record.deviceID.rawValue
        case .offlineBundleIssued(let id, _, _, _, _): id.rawValue
        case .invoiceIssued(let invoice, _, _, _): invoice.id.rawValue
        case .ticketOpened(let ticket, _, _): ticket.id.rawValue
        case .ticketClosed(let id, _, _, _, _): id.rawValue
        case .ticketClosedFree(let id, _, _, _), .ticketVoided(let id, _, _), .ticketReprinted(let id, _, _):
            id.rawValue
        case .paymentRecorded(let payment): payment.invoiceID.rawValue
        case .invoiceCancelled(let id, _, _), .invoiceExpired(let id), .invoiceSettled(let id, _, _, _),
            .invoiceRefunded(let id, _, _):
            id.rawValue
        case .paymentException(let exception): exception.id.rawValue
        case .settlementImported(let record): record.settlementID
        case .settlementApplied(let chunk): chunk.settlementID
        case .invoiceUnsettled(let id, _, _, _, _): id.rawValue
        case .settlementWithdrawn(let withdrawal): withdrawal.settlementID
        case .exceptionOpened(let exception): exception.id.rawValue
        case .exceptionAssigned(let id, _, _), .exceptionResolved(let id, _): id.rawValue
        case .dayClosed(let statement): DailyStatement.entityID(statement.date)
        case .paymentRefunded(let refund, _), .paymentReversed(let refund): refund.invoiceID.rawValue
        case .complaintFiled(let filing): filing.number
        case .complaintAssigned(let number, _, _), .complaintAnswered(let number, _, _),
            .complaintResolved(let number, _):
            number
        }
    }
}
