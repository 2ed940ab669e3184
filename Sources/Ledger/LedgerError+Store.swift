extension LedgerError.Code {
    /// No device has this id.
    public static let unknownDevice = Self("device.unknown")
    /// A device with this id is already enrolled.
    public static let duplicateDeviceID = Self("device.duplicateID")
    /// Another device already holds this credential.
    public static let duplicateCredential = Self("device.duplicateCredential")
    /// No device holds this credential.
    public static let unknownCredential = Self("device.unknownCredential")
    /// The device was revoked.
    public static let deviceRevoked = Self("device.revoked")
    /// The device's role may not issue invoices or tickets.
    public static let deviceCannotIssue = Self("device.cannotIssue")
    /// No invoice has this id.
    public static let unknownInvoice = Self("invoice.unknown")
    /// No invoice has this bill number.
    public static let unknownBillNumber = Self("invoice.unknownBillNumber")
    /// The bill number was used before (bill numbers are unique forever).
    public static let duplicateBillNumber = Self("invoice.duplicateBillNumber")
    /// The receipt code was used before.
    public static let duplicateReceiptCode = Self("invoice.duplicateReceiptCode")
    /// The invoice's status does not allow this change.
    public static let invalidTransition = Self("invoice.invalidTransition")
    /// No ticket has this id.
    public static let unknownTicket = Self("ticket.unknown")
    /// The ticket was already closed (or was a flat ticket with its invoice).
    public static let ticketAlreadyClosed = Self("ticket.alreadyClosed")
    /// The acting device may not void this ticket (not its opener, nor a supervisor of its zone).
    public static let voidNotAllowed = Self("ticket.voidNotAllowed")
    /// The exit time is before the entry time.
    public static let exitBeforeEntry = Self("ticket.exitBeforeEntry")
    /// The paid amount differs from the invoice's amount.
    public static let amountMismatch = Self("payment.amountMismatch")
    /// This (bill number, RRN) was already recorded with another amount (the same RRN on another
    /// bill number is another payment: RRNs repeat across days and issuers).
    public static let duplicateRRN = Self("payment.duplicateRRN")
    /// The idempotency key was used before for a different request.
    public static let idempotencyKeyReused = Self("idempotency.keyReused")
    /// The storage failed (I/O, corruption, a constraint the domain did not foresee).
    public static let storageFailure = Self("storage.failure")
}
