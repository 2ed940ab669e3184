import Foundation

/// Where citizens' complaints are kept: each step an event in the ledger's chain, the citizen's own
/// words and photo beside it (``ComplaintContent``), the access code that opens the public status
/// page. The SQLite ledger store is one.
public protocol ComplaintBook: Sendable {
    /// Records a new complaint (`complaint.filed`) with its content and access code.
    ///
    /// `formToken` makes a double submit harmless: a second filing with the same token records
    /// nothing and returns the first complaint (`created` false) with its access code — when every
    /// field filed is the same (category, links, zone, plate, time, content); otherwise
    /// `idempotency.keyReused` (field `formToken`).
    /// - Throws: `input.invalidField` (the filing's field), `complaint.numberTaken` when the number
    ///   exists (draw another), `invoice.unknown`/`device.unknown` for a link that does not exist.
    func fileComplaint(_ filing: Complaint.Filing, content: ComplaintContent, accessCode: String, formToken: String?)
        async throws -> FiledComplaint

    /// The complaint with this number, or nil.
    func complaint(number: String) async throws -> Complaint?

    /// What the citizen wrote and attached, or nil for an unknown number.
    func complaintContent(number: String) async throws -> ComplaintContent?

    /// Whether `code` is the complaint's access code (compared in constant time); false for an
    /// unknown number.
    func complaintAccessMatches(number: String, code: String) async throws -> Bool

    /// The complaints that `query` selects, newest filed first.
    func complaints(_ query: ComplaintQuery) async throws -> [Complaint]

    /// Gives a complaint to a person (`to`: 1–100 characters); again to someone else re-assigns it.
    /// - Throws: `complaint.unknown`, `complaint.alreadyResolved`, `input.invalidField` (`to`).
    func assignComplaint(number: String, to assignee: String, actor: LedgerActor, at: Date) async throws -> Complaint

    /// Records a message from the city to the citizen (`complaint.answered`).
    /// - Throws: `complaint.unknown`, `complaint.alreadyResolved`, `input.invalidField` (`message`).
    func answerComplaint(number: String, message: String, actor: LedgerActor, at: Date) async throws -> Complaint

    /// Ends a complaint with an outcome (`complaint.resolved`).
    /// - Throws: `complaint.unknown`, `complaint.alreadyResolved`,
    ///   `input.invalidField` (the resolution's field; `refundId` for an unknown refund).
    func resolveComplaint(number: String, _ resolution: Complaint.Resolution) async throws -> Complaint
}

/// A complaint as filed, with the code that opens its status page.
public struct FiledComplaint: Sendable, Hashable {
    public var complaint: Complaint
    public var accessCode: String
    /// False when the form token had already filed it (a double submit).
    public var created: Bool

    /// Creates a value from its parts.
    public init(complaint: Complaint, accessCode: String, created: Bool) {
        self.complaint = complaint
        self.accessCode = accessCode
        self.created = created
    }
}

/// Which complaints to list.
public struct ComplaintQuery: Sendable, Hashable {
    public var state: Complaint.State?
    /// Filed at or after.
    public var filedFrom: Date?
    /// Filed before.
    public var filedBefore: Date?
    public var zone: String?
    /// Only complaints in one of these zones (a supervisor's zones); nil: any zone, or none.
    public var zones: [String]?
    public var deviceID: Device.ID?
    /// At most this many (1–10,000).
    public var limit: Int

    /// Creates a query; every filter optional.
    public init(
        state: Complaint.State? = nil, filedFrom: Date? = nil, filedBefore: Date? = nil, zone: String? = nil,
        deviceID: Device.ID? = nil, limit: Int = 200
    ) {
        self.state = state
        self.filedFrom = filedFrom
        self.filedBefore = filedBefore
        self.zone = zone
        self.deviceID = deviceID
        self.limit = max(1, min(limit, 10_000))
    }
}

extension LedgerError.Code {
    /// The drawn complaint number exists already.
    public static let complaintNumberTaken = Self("complaint.numberTaken")
}
