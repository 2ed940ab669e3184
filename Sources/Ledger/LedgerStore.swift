import Foundation

/// The ledger's storage, spoken in the domain's words.
///
/// Each method is exactly one transaction: it happens completely, with its events appended to the
/// hash chain, or not at all. Implementations: `SQLiteLedgerStore` (LedgerSQLite) and, later, a
/// PostgreSQL store; both must pass the same contract tests. No driver type appears here.
///
/// Errors are `LedgerError`s with stable codes (`invoice.duplicateBillNumber`,
/// `payment.amountMismatch`, `device.revoked`, …).
public protocol LedgerStore: Sendable {
    // MARK: Devices

    /// Enrols a device. Idempotent on `draft.idempotencyKey` (with ``IdempotencyFingerprint/kept(_:)-(DeviceDraft)``).
    /// The event names `draft.actor`, which must be an active admin device or the server operator.
    /// - Throws: `device.duplicateID`, `device.duplicateCredential`, `idempotency.keyReused`,
    ///   `device.actorNotAllowed`, input errors.
    func enrolDevice(_ draft: DeviceDraft) async throws -> Device

    /// Revokes a device: it can no longer authenticate nor issue. Revoking a revoked device
    /// returns it unchanged. The event names `actor` (an admin device, or the server operator).
    /// - Throws: `device.unknown`; `device.revoked` when the acting device was revoked;
    ///   `device.actorNotAllowed` when it is not an admin.
    func revokeDevice(_ id: Device.ID, reason: String, actor: LedgerActor, at: Date) async throws -> Device

    /// The device with this id, or nil.
    func device(id: Device.ID) async throws -> Device?

    /// The device whose credential hash is `credentialHash` (revoked ones included), or nil.
    /// The API hashes the bearer token with ``Device/credentialHash(forToken:)``; use
    /// ``authenticateDevice(credentialHash:)`` to also refuse revoked devices.
    func device(credentialHash: String) async throws -> Device?

    /// Every enrolled device, by id.
    func devices() async throws -> [Device]

    // MARK: Invoices and tickets

    /// Issues an invoice (and, for flat parking, its ticket), assigning the device's next sequence
    /// number. Idempotent on `draft.idempotencyKey`: a repeat returns the first result.
    /// - Throws: `invoice.duplicateBillNumber`, `invoice.duplicateReceiptCode`, `device.unknown`,
    ///   `device.revoked`, `device.cannotIssue`, `idempotency.keyReused`, input errors.
    func issueInvoice(_ draft: InvoiceDraft) async throws -> IssuedInvoice

    /// Opens an hourly parking ticket at entry, assigning the device's next sequence number.
    /// Idempotent on `draft.idempotencyKey`.
    func openTicket(_ draft: TicketDraft) async throws -> ParkingTicket

    /// Closes an open hourly ticket and issues its invoice. Idempotent on `closure.idempotencyKey`.
    /// - Throws: `ticket.unknown`, `ticket.alreadyClosed`, `ticket.exitBeforeEntry`, and the
    ///   errors of ``issueInvoice(_:)``.
    func closeTicket(_ closure: TicketClosure) async throws -> ClosedTicket

    /// Cancels an `issued` invoice; the event names `actor`. Cancelling a cancelled invoice returns
    /// it unchanged. Who may cancel what (``Device/cancelRefusal(issuer:invoiceZones:)``) is the
    /// caller's check, and the store's too: it refuses an acting device that is unknown, revoked or
    /// not allowed, so that no event it writes breaks the replay's rules.
    /// - Throws: `invoice.unknown`, `invoice.invalidTransition`, `device.unknown`, `device.revoked`,
    ///   `invoice.cancelNotAllowed`.
    func cancelInvoice(_ id: Invoice.ID, reason: String, actor: LedgerActor, at: Date) async throws -> Invoice

    /// Moves every `issued` invoice whose expiry is at or before `now` to `expired`, one event
    /// each, in one transaction. Returns the invoices it expired.
    func expireDueInvoices(now: Date) async throws -> [Invoice]

    /// Marks a paid invoice as settled by the acquirer (`reference`: settlement file and row); the
    /// event names `actor` (the finance device that applied the file, or the server operator).
    /// Settling a settled invoice returns it unchanged.
    /// - Throws: `invoice.unknown`, `invoice.invalidTransition`, `device.unknown`, `device.revoked`.
    func settleInvoice(_ id: Invoice.ID, reference: String, actor: LedgerActor, at: Date) async throws -> Invoice

    /// Marks a paid or settled invoice as refunded; the event names `actor`. Refunding a refunded
    /// invoice returns it unchanged.
    /// - Throws: `invoice.unknown`, `invoice.invalidTransition`, `device.unknown`, `device.revoked`.
    func refundInvoice(_ id: Invoice.ID, reason: String, actor: LedgerActor, at: Date) async throws -> Invoice

    /// Closes an open hourly ticket at `exitAt` at no charge (`ticket.closedFree`, naming `actor`,
    /// the exit device); a repeated key returns the ticket.
    /// - Throws: `ticket.unknown`, `ticket.alreadyClosed`, `ticket.exitBeforeEntry`, device errors.
    func closeTicketFree(
        _ id: ParkingTicket.ID, exitAt: Date, idempotencyKey: String, requestHash: String, actor: LedgerActor
    ) async throws -> ParkingTicket

    /// Voids an open ticket (`ticket.voided`, naming `actor`): the device that opened it, a supervisor
    /// covering its zone, or the server operator. A voided ticket is returned unchanged.
    /// - Throws: `ticket.unknown`, `ticket.alreadyClosed`, `ticket.voidNotAllowed`, `device.revoked`.
    func voidTicket(_ id: ParkingTicket.ID, reason: String, actor: LedgerActor, at: Date) async throws
        -> ParkingTicket

    /// Counts one more print of a ticket (`ticket.reprinted`, naming `actor`). With an
    /// `idempotencyKey` (and its `requestHash`), a repeat returns the ticket and counts nothing.
    /// - Throws: `ticket.unknown`, `device.revoked`, `idempotency.keyReused`.
    func reprintTicket(
        _ id: ParkingTicket.ID, idempotencyKey: String?, requestHash: String, actor: LedgerActor, at: Date
    ) async throws -> ParkingTicket

    /// Records the person now working with a device (nil: none); the `device.attendantChanged` event
    /// names `actor` (an admin device or the server operator). The same name again writes nothing.
    /// - Throws: `device.unknown`, `device.revoked`, `auth.*` for an actor that may not, a validation
    ///   error (field `attendant`) for an empty or over-long name.
    func setAttendant(_ id: Device.ID, attendant: String?, actor: LedgerActor, at: Date) async throws -> Device

    /// The invoice with this id, bill number or receipt code, or nil.
    func invoice(id: Invoice.ID) async throws -> Invoice?
    func invoice(billNumber: BillNumber) async throws -> Invoice?
    func invoice(receiptCode: String) async throws -> Invoice?
    /// The invoice whose receipt short code (``Invoice/shortCode``) is `shortCode`, or nil.
    func invoice(shortCode: ReceiptShortCode) async throws -> Invoice?

    /// Invoices issued in `[from, to)`, oldest first.
    func invoices(issuedFrom from: Date, to: Date) async throws -> [Invoice]

    /// One page of the invoices issued in `[from, to)`, with only what settlement matching reads
    /// (``InvoiceMatchingRow``): up to `limit` rows after `cursor` (nil: from the start), ordered by
    /// issue time, then id. The last row's ``InvoiceMatchingRow/cursor`` asks for the next page; a page
    /// shorter than `limit` is the last. Reconciling a day of a million invoices reads it this way, one
    /// page in memory at a time.
    func invoicesForMatching(
        issuedFrom from: Date, to: Date, after cursor: InvoiceMatchingRow.Cursor?, limit: Int
    ) async throws -> [InvoiceMatchingRow]

    /// The ticket with this id, or nil.
    func ticket(id: ParkingTicket.ID) async throws -> ParkingTicket?

    /// Open (not yet closed) hourly tickets for a plate (normalised first).
    func openTickets(plate: String) async throws -> [ParkingTicket]

    // MARK: Payments

    /// Records a payment against the invoice with `draft.billNumber`: the invoice becomes `paid`
    /// (paid by its expiry) or `paid_late` (after expiry or cancellation); a payment for an
    /// invoice that already has its money is kept as an `extra` payment.
    /// Idempotent on (bill number, RRN): a repeat returns the first payment with `isNew == false`.
    /// The same RRN on another bill number is another payment (RRNs repeat across days and issuers).
    /// - Throws: `invoice.unknownBillNumber` (record it with ``recordPaymentException(_:)``),
    ///   `payment.amountMismatch`, `payment.duplicateRRN` (this bill number and RRN were recorded
    ///   with another amount), input errors (`input.invalidField`).
    func recordPayment(_ draft: PaymentDraft) async throws -> RecordedPayment

    /// Records a payment that could not be applied. Idempotent on (bill number, RRN, body SHA-256)
    /// (see ``PaymentExceptionDraft``).
    func recordPaymentException(_ draft: PaymentExceptionDraft) async throws -> RecordedPaymentException

    /// Payments recorded for an invoice, oldest first.
    func payments(invoiceID: Invoice.ID) async throws -> [Payment]

    /// Payment exceptions for payments made in `[from, to)`.
    func paymentExceptions(paidFrom from: Date, to: Date) async throws -> [PaymentException]

    /// Payments whose notify the acquirer key `keyID` verified (``PaymentVerification``), oldest first.
    func payments(verifiedByKey keyID: String) async throws -> [Payment]

    /// Payment exceptions whose notify the acquirer key `keyID` verified, oldest first.
    func paymentExceptions(verifiedByKey keyID: String) async throws -> [PaymentException]

    /// Every acquirer profile and key that verified a recorded notify, with how many payments and
    /// payment exceptions each let in (`lunas ledger payments`), by profile and key.
    func notifyKeyUsage() async throws -> [PaymentVerification.Usage]

    // MARK: Settlement files

    /// Records that a bank's settlement file was received and archived (`settlement.imported`), once per
    /// file: a second call for the same ``SettlementFileRecord/settlementID`` returns the first event
    /// and appends nothing.
    func recordSettlementFile(_ record: SettlementFileRecord) async throws -> LedgerEvent

    /// Applies one chunk of a settlement file's rows in one transaction (see ``SettlementChunk``,
    /// DESIGN.md "Settlement applied"): settles the invoices the bank settled (recording the
    /// payment first for one no notify reported), records extra payments, and opens an exception
    /// for every row that does not fit. A chunk for a file already complete changes nothing and
    /// returns its state.
    /// - Throws: `settlement.notImported`, `settlement.outOfOrder` (the chunk does not start where
    ///   the applied rows end), `settlement.withdrawn` (a corrected re-send replaced it), `device.actorNotAllowed` (not a finance or admin device),
    ///   `device.unknown`, `device.revoked`.
    func applySettlementChunk(_ chunk: SettlementChunk) async throws -> SettlementApplication

    /// Withdraws in one transaction up to `chunk.limit` things a settlement file's application did,
    /// because the re-send `chunk.supersededBy` replaced it (``SettlementWithdrawal``); call again from
    /// ``SettlementWithdrawalProgress/nextRow`` until it is withdrawn. A withdrawn file answers as it is.
    /// - Throws: `settlement.notApplied`, `settlement.notImported` (the re-send), `device.actorNotAllowed`.
    func withdrawSettlementChunk(_ chunk: SettlementWithdrawalChunk) async throws -> SettlementWithdrawalProgress

    /// How far a settlement file has been applied, or nil when no row of it has.
    func settlementApplication(id: String) async throws -> SettlementApplication?

    /// What settled an invoice, when a settlement file did.
    func invoiceSettlement(invoiceID: Invoice.ID) async throws -> InvoiceSettlement?

    // MARK: Exceptions

    /// The exceptions that `query` selects, by id.
    func exceptionCases(_ query: ExceptionQuery) async throws -> [ExceptionCase]

    /// The exception with this id, or nil.
    func exceptionCase(id: ExceptionCase.ID) async throws -> ExceptionCase?

    /// Gives an open exception to a person (`to`: a name or e-mail, 1–100 characters); assigning it
    /// to its assignee again changes nothing.
    /// - Throws: `exception.unknown`, `exception.alreadyResolved`, `device.actorNotAllowed`.
    func assignException(_ id: ExceptionCase.ID, to assignee: String, actor: LedgerActor, at: Date) async throws
        -> ExceptionCase

    /// Ends an open exception. `matched_manually` records the exception's payment on the named
    /// invoice with the same checks as a notify (amount, status) in the same transaction. The same
    /// resolution repeated answers the resolved exception.
    /// - Throws: `exception.unknown`, `exception.alreadyResolved`, `invoice.unknown`,
    ///   `payment.amountMismatch`, `device.actorNotAllowed`, input errors.
    func resolveException(_ id: ExceptionCase.ID, _ resolution: ExceptionCase.Resolution) async throws
        -> ExceptionCase

    // MARK: Closing the day

    /// The city day `[from, to)`'s invoices grouped by zone, revenue line, device and status, with
    /// their settlement rows' MDR and net (the statement's and the journal's figures).
    func dayBreakdown(from: Date, to: Date) async throws -> [DayBreakdownRow]

    /// What stops the city day `[from, to)` from closing (its invoices not final, paid ones not
    /// settled and unexplained, open exceptions, a settlement file applied only in part); empty when
    /// it may close. Whether the day is over is the caller's check.
    func dayBlockers(from: Date, to: Date) async throws -> [DayBlocker]

    /// The local dates (at `utcOffsetSeconds`) on which the invoices issued in `[from, to)` were paid.
    func paidDates(issuedFrom from: Date, to: Date, utcOffsetSeconds: Int) async throws -> [CivilDate]

    /// Closes a city day in one transaction: checks ``dayBlockers(from:to:)`` again, computes the
    /// figures, has `sign` sign the statement's bytes (``DailyStatement/signedBytes``; it returns the
    /// base64 signature) and appends `day.closed`. A day closed before answers its statement.
    /// - Throws: `device.actorNotAllowed` (not an admin or a supervisor covering the whole city),
    ///   `amount.overflow`, what `sign` throws.
    func closeDay(_ request: DayCloseRequest, sign: @escaping @Sendable ([UInt8]) throws -> String) async throws
        -> DayCloseOutcome

    /// The signed statement of a closed day, or nil while it is open.
    func closedDay(_ date: CivilDate) async throws -> DailyStatement?

    /// The late events booked against the open day `date` (``LateEvent``: money facts about an
    /// earlier, closed day's invoices recorded after its close), in chain order. Closing `date`
    /// writes them into its statement (`figures.lateAdjustments`).
    func lateEvents(bookedOn date: CivilDate) async throws -> [LateEvent]

    /// The late events about the closed day `date` (its invoices' money recorded after its close),
    /// each naming the day it was booked against, in chain order.
    func lateEvents(about date: CivilDate) async throws -> [LateEvent]

    // MARK: The console's figures

    /// The city day `[from, to)`'s invoices (issued in it) by status now, and its open exceptions,
    /// counted and summed in total, per zone and per hour of `timeZone`'s clock (see ``DayFigures``).
    /// `from` and `to` are the day's bounds in that zone (`DayCloser.bounds(of:)`).
    /// - Throws: `amount.overflow`, storage errors.
    func dayFigures(from: Date, to: Date, in timeZone: CityTimeZone) async throws -> DayFigures

    /// Each device's part of the city day `[from, to)` (see ``DeviceActivity``): every device that
    /// issued an invoice or opened a ticket in it, and every other device that may issue and was not
    /// revoked before the day began (with zeros), sorted by device id. Mark outliers with
    /// ``LeakageRule``.
    /// - Throws: `amount.overflow`, storage errors.
    func deviceActivity(from: Date, to: Date) async throws -> [DeviceActivity]
    // MARK: Refunds

    /// The payment with this id, or nil.
    func payment(id: Payment.ID) async throws -> Payment?

    /// Records a refund the acquirer made (see ``PaymentRefund``), in one transaction with its
    /// effects: the `payment.refunded` event; the invoice's own payment (`paid` or `paid_late`)
    /// refunded in full moves the invoice to `refunded` (`invoice.refunded`); the payment refunded
    /// in full resolves its open `duplicate_payment` and `paid_late` exceptions as `refunded`
    /// (`exception.resolved`, naming the same actor). Idempotent on `refund.idempotencyKey` (with
    /// `requestHash`): a repeat returns the first refund with `isNew == false`.
    /// - Throws: `payment.unknown`, `refund.exceedsPayment` (the refunds would exceed the payment),
    ///   `idempotency.keyReused`, `device.actorNotAllowed` (not a finance or admin device),
    ///   `device.unknown`, `device.revoked`, input errors.
    func refundPayment(_ refund: PaymentRefund, requestHash: String) async throws -> RecordedRefund

    /// The refund with this id, or nil.
    func paymentRefund(id: PaymentRefund.ID) async throws -> PaymentRefund?

    /// The refunds of an invoice's payments, oldest first.
    func refunds(invoiceID: Invoice.ID) async throws -> [PaymentRefund]

    /// The refunds of the payments of the invoices issued in `[from, to)` (a city day's), oldest first.
    func refunds(issuedFrom from: Date, to: Date) async throws -> [PaymentRefund]

    // MARK: Offline issuance

    /// Registers a device's Ed25519 public key for offline records, once (`device.keyRegistered`,
    /// naming `actor`, the device itself); gives the device a code when it has none. The same key
    /// again answers the device unchanged.
    /// - Throws: `device.unknown`, `device.revoked`, `device.keyAlreadyRegistered` (another key).
    func registerDeviceKey(_ id: Device.ID, publicKey: DevicePublicKey, actor: LedgerActor, at: Date) async throws
        -> Device

    /// Records one offline record in one transaction (see `docs/offline.md`): `offline.recorded`,
    /// then the events of what it made with the record's own times, the findings and a flagged
    /// sequence gap as exceptions, and the pending offline payments of its bill number matched.
    /// A record whose idempotency key was already used by its device answers `duplicate` with
    /// the existing ids and writes nothing.
    /// - Throws: `offline.keyConflict`, `offline.sequenceTaken`, `offline.unknownTicket`,
    ///   `offline.tooLate`, `device.noKey`, device, ticket and invoice errors.
    func recordOffline(_ submission: OfflineSubmission) async throws -> OfflineOutcome

    /// What an offline record's idempotency key already made (an earlier sync, or the online request
    /// the handheld gave up on), as ``recordOffline(_:)`` would answer it, or nil when it is new.
    /// - Throws: `offline.keyConflict` when the key was used for another action.
    func earlierOfflineOutcome(_ record: OfflineRecord) async throws -> OfflineOutcome?

    /// Opens an exception about an offline record the server refused (a forged signature, a bill
    /// number of another device); the same `exception.key` again answers the first exception.
    func openOfflineException(_ exception: ExceptionCase) async throws -> ExceptionCase

    /// Records that a device downloaded an offline bundle (`offline.bundleIssued`, naming `actor`).
    /// - Throws: `device.unknown`, `device.revoked`, `device.noKey`.
    func recordBundleIssued(
        _ id: Device.ID, bundleID: String, validFrom: Date, validUntil: Date, actor: LedgerActor, at: Date
    ) async throws

    /// Matches an unmatched payment (`unknown_bill`) to the one offline static-QRIS bill it fits by
    /// amount and time (exactly one bill, and no other unmatched payment for it): records the payment
    /// there and resolves the exception `matched_manually` by the server. Nil when it does not fit
    /// exactly one.
    func matchStaticOfflinePayment(_ id: ExceptionCase.ID, at: Date) async throws -> ExceptionCase?

    /// The device with this device code, or nil.
    func device(code: DeviceCode) async throws -> Device?

    /// The ticket a device opened with this sequence number, or nil.
    func ticket(device: Device.ID, sequence: Int64) async throws -> ParkingTicket?

    // MARK: Events, reports, verification

    /// The events about one entity (an invoice's events include its payments), oldest first.
    func events(entityID: String) async throws -> [LedgerEvent]

    /// Up to `limit` events after sequence number `after`, in order.
    func events(after: Int64, limit: Int) async throws -> [LedgerEvent]

    /// The figures of `[from, to)` (see ``DailyTotals/day(containing:in:)``).
    func dailyTotals(from: Date, to: Date) async throws -> DailyTotals

    /// Recomputes the chain and checks every row against the events, in memory bounded whatever
    /// the ledger's size (``LedgerVerifier`` with a ``ReplaySpill``, rows streamed in key order).
    func verify() async throws -> LedgerVerificationReport
}

extension LedgerStore {
    /// The invoice of a receipt code as a citizen typed it: the short code (any case, with spaces
    /// or hyphens, a valid check character) or the long signed (or opaque) code.
    public func invoice(typedReceiptCode code: String) async throws -> Invoice? {
        if let short = ReceiptShortCode(parsing: code), let invoice = try await invoice(shortCode: short) {
            return invoice
        }
        return try await invoice(receiptCode: code)
    }

    /// Counts one more print of a ticket, without an idempotency key.
    public func reprintTicket(_ id: ParkingTicket.ID, actor: LedgerActor, at: Date) async throws -> ParkingTicket {
        try await reprintTicket(id, idempotencyKey: nil, requestHash: "", actor: actor, at: at)
    }

    /// Revokes a device as the server operator (a `lunas` command on the host).
    public func revokeDevice(_ id: Device.ID, reason: String, at: Date) async throws -> Device {
        try await revokeDevice(id, reason: reason, actor: .serverOperator, at: at)
    }

    /// Settles an invoice as the server operator (a `lunas` command on the host).
    public func settleInvoice(_ id: Invoice.ID, reference: String, at: Date) async throws -> Invoice {
        try await settleInvoice(id, reference: reference, actor: .serverOperator, at: at)
    }

    /// Refunds an invoice as the server operator (a `lunas` command on the host).
    public func refundInvoice(_ id: Invoice.ID, reason: String, at: Date) async throws -> Invoice {
        try await refundInvoice(id, reason: reason, actor: .serverOperator, at: at)
    }

    /// Cancels an invoice as the server operator (a `lunas` command on the host).
    public func cancelInvoice(_ id: Invoice.ID, reason: String, at: Date) async throws -> Invoice {
        try await cancelInvoice(id, reason: reason, actor: .serverOperator, at: at)
    }

    /// The active device holding this credential.
    ///
    /// - Throws: `device.unknownCredential` when no device has it, `device.revoked` when its
    ///   device was revoked.
    public func authenticateDevice(credentialHash: String) async throws -> Device {
        guard let device = try await device(credentialHash: credentialHash) else {
            throw LedgerError(.unknownCredential, "no device holds this credential")
        }
        guard !device.isRevoked else {
            throw LedgerError(.deviceRevoked, "device \(device.id) was revoked")
        }
        return device
    }
}
