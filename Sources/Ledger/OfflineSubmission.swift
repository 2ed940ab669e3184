import Foundation

/// One offline record as the server checked it, for ``LedgerStore/recordOffline(_:)``: the signed
/// record, the sync's times, the invoice terms the server derived (issue and exit), and what the
/// server's checks found (each opened as an exception in the same transaction).
public struct OfflineSubmission: Sendable, Hashable {
    /// A check that did not pass but does not refuse the record: opened as an exception.
    public struct Finding: Sendable, Hashable {
        /// The exception's category (`offline_tariff_mismatch`, `offline_clock_skew`, …).
        public var category: ExceptionCase.Category
        /// What a person needs to know (1–500 characters).
        public var detail: String
        /// The money involved, when there is some.
        public var amount: Rupiah?

        /// Creates a value from its parts.
        public init(category: ExceptionCase.Category, detail: String, amount: Rupiah? = nil) {
            self.category = category
            self.detail = detail
            self.amount = amount
        }
    }

    /// The record, signature checked by the caller.
    public var record: OfflineRecord
    /// When the server received the batch, and the handheld's clock then.
    public var receivedAt: Date
    public var deviceClock: Date
    /// The invoice an `issue` or `exit` makes: the record's bill number, amount and QRIS, the
    /// server's receipt code, issued at the record's time.
    public var invoice: InvoiceTerms?
    /// What the checks found.
    public var findings: [Finding]
    /// Who sent it: the device itself, or the admin device that collected it from the handheld.
    public var actor: LedgerActor

    /// Creates a value from its parts.
    public init(
        record: OfflineRecord, receivedAt: Date, deviceClock: Date, invoice: InvoiceTerms?, findings: [Finding],
        actor: LedgerActor
    ) {
        self.record = record
        self.receivedAt = receivedAt
        self.deviceClock = deviceClock
        self.invoice = invoice
        self.findings = findings
        self.actor = actor
    }
}

/// What became of one offline record.
public struct OfflineOutcome: Sendable, Hashable {
    /// `recorded` (new) or `duplicate` (its idempotency key was already used, online or offline).
    public enum Status: String, Sendable, Hashable {
        case recorded
        case duplicate
    }

    public var status: Status
    /// The ticket the record opened or acted on, and the invoice it made.
    public var ticketID: ParkingTicket.ID?
    public var invoiceID: Invoice.ID?
    /// The device sequence it took.
    public var sequence: Int64?
    /// The exceptions opened about it (findings, a sequence gap) and the pending payments it
    /// matched.
    public var exceptions: [ExceptionCase]

    /// Creates a value from its parts.
    public init(
        status: Status, ticketID: ParkingTicket.ID?, invoiceID: Invoice.ID?, sequence: Int64?,
        exceptions: [ExceptionCase]
    ) {
        self.status = status
        self.ticketID = ticketID
        self.invoiceID = invoiceID
        self.sequence = sequence
        self.exceptions = exceptions
    }
}

extension LedgerError.Code {
    /// A device registers a public key other than the one it registered.
    public static let deviceKeyConflict = LedgerError.Code("device.keyAlreadyRegistered")
    /// A device syncs offline records before registering its key.
    public static let deviceKeyMissing = LedgerError.Code("device.noKey")
    /// An offline record's sequence was already taken by another ticket or invoice of the device.
    public static let offlineSequenceTaken = LedgerError.Code("offline.sequenceTaken")
    /// An offline record names a ticket that does not exist, is not the device's, or is not open.
    public static let offlineUnknownTicket = LedgerError.Code("offline.unknownTicket")
    /// An offline record is dated after its device's revocation, or on a closed city day.
    public static let offlineTooLate = LedgerError.Code("offline.tooLate")
    /// An offline record's idempotency key was used by another device or for another action.
    public static let offlineKeyConflict = LedgerError.Code("offline.keyConflict")
}
