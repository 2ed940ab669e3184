import Foundation

/// A citizen's complaint (aduan) about a parking charge or an attendant, worked by the city's
/// supervisors to an answer and an outcome within the published service standard.
///
/// The chain holds what the city must be able to prove: that the complaint was filed (its
/// ``Filing``, with a SHA-256 of the citizen's own words, contact and photo, which stay outside the
/// chain so that personal data can be withheld without breaking it), who took it, what the city
/// answered and how it ended. Events: `complaint.filed`, `complaint.assigned`, `complaint.answered`,
/// `complaint.resolved`.
public struct Complaint: Sendable, Hashable {
    /// What the complaint is about, as the public form offers it.
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case overcharged
        case cashRequested = "cash_requested"
        case noTicket = "no_ticket"
        case qrFailed = "qr_failed"
        case paidShownUnpaid = "paid_shown_unpaid"
        case attendantBehaviour = "attendant_behaviour"
        case other
    }

    /// How a complaint ended.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The city found the complaint true.
        case substantiated
        /// The city found it not true, and says why.
        case notSubstantiated = "not_substantiated"
        /// True, and money was given back (names the refund).
        case restitution
        /// Sent on to the national channel SP4N-LAPOR! (names its tracking number).
        case referred
    }

    /// Where a complaint stands.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Filed; the city has not answered yet.
        case open
        /// The city answered at least once; not ended.
        case answered
        /// Ended with an outcome.
        case resolved
    }

    /// What was filed: fixed once the complaint exists.
    public struct Filing: Sendable, Hashable {
        /// The complaint number the citizen is given (`ADU-YYMMDD-XXXXX`).
        public var number: String
        public var category: Category
        /// The service-standard tier whose handling times apply (from `Config/service-standards.json`).
        public var tier: String
        public var filedAt: Date
        /// By when the city must acknowledge it (take it or answer).
        public var acknowledgeBy: Date
        /// By when the city must answer it.
        public var deadline: Date
        /// The invoice the citizen's receipt code or bill number names, if any.
        public var invoiceID: Invoice.ID?
        /// That invoice's issuing device (the attendant's handheld), if any.
        public var deviceID: Device.ID?
        /// The zone: the invoice's, else the one the citizen chose.
        public var zone: String?
        /// The plate the citizen gave (upper case, no spaces), if any.
        public var plate: String?
        /// When the citizen says it happened, if given.
        public var occurredAt: Date?
        /// Lower-case hex SHA-256 of the citizen's description, contact and photo
        /// (``ComplaintContent/digest``), kept outside the chain.
        public var contentSHA256: String

        /// Creates a value from its parts.
        public init(
            number: String, category: Category, tier: String, filedAt: Date, acknowledgeBy: Date, deadline: Date,
            invoiceID: Invoice.ID? = nil, deviceID: Device.ID? = nil, zone: String? = nil, plate: String? = nil,
            occurredAt: Date? = nil, contentSHA256: String
        ) {
            self.number = number
            self.category = category
            self.tier = tier
            self.filedAt = filedAt
            self.acknowledgeBy = acknowledgeBy
            self.deadline = deadline
            self.invoiceID = invoiceID
            self.deviceID = deviceID
            self.zone = zone
            self.plate = plate
            self.occurredAt = occurredAt
            self.contentSHA256 = contentSHA256
        }
    }

    /// A message from the city to the citizen, shown on the public status page.
    public struct Answer: Sendable, Hashable {
        public var message: String
        public var actor: LedgerActor
        public var at: Date

        /// Creates a value from its parts.
        public init(message: String, actor: LedgerActor, at: Date) {
            self.message = message
            self.actor = actor
            self.at = at
        }
    }

    /// How, by whom and when a complaint ended.
    public struct Resolution: Sendable, Hashable {
        public var outcome: Outcome
        /// Shown to the citizen.
        public var note: String
        /// The SP4N-LAPOR! tracking number of a `referred` complaint.
        public var laporNumber: String?
        /// The refund of a `restitution`, when money went back through Lunas.
        public var refundID: PaymentRefund.ID?
        public var actor: LedgerActor
        public var at: Date

        /// Creates a value from its parts.
        public init(
            outcome: Outcome, note: String, laporNumber: String? = nil, refundID: PaymentRefund.ID? = nil,
            actor: LedgerActor, at: Date
        ) {
            self.outcome = outcome
            self.note = note
            self.laporNumber = laporNumber
            self.refundID = refundID
            self.actor = actor
            self.at = at
        }
    }

    public var filing: Filing
    /// Who works on it (a staff e-mail or a name), and since when.
    public var assignee: String?
    public var assignedAt: Date?
    /// The city's answers, oldest first.
    public var answers: [Answer]
    public var resolution: Resolution?

    /// A complaint just filed.
    public init(filing: Filing, assignee: String? = nil, assignedAt: Date? = nil, answers: [Answer] = [],
        resolution: Resolution? = nil)
    {
        self.filing = filing
        self.assignee = assignee
        self.assignedAt = assignedAt
        self.answers = answers
        self.resolution = resolution
    }

    /// The complaint number.
    public var number: String { filing.number }

    /// Open, answered or resolved.
    public var state: State {
        if resolution != nil { return .resolved }
        return answers.isEmpty ? .open : .answered
    }

    /// When the city first replied to the citizen (its acknowledgement, due by
    /// ``Filing/acknowledgeBy``): its first answer, or the resolution's note. Taking a complaint
    /// (assigning it) is internal and acknowledges nothing.
    public var answeredAt: Date? {
        [answers.first?.at, resolution?.at].compactMap { $0 }.min()
    }

    /// Whether the complaint was resolved by its deadline: `nil` while open and not yet late.
    public func deadlineMet(now: Date) -> Bool? {
        if let resolution { return resolution.at <= filing.deadline }
        return now > filing.deadline ? false : nil
    }
}
