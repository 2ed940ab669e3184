import Foundation

/// Which exceptions to list (`GET /api/v1/exceptions`): every given condition must hold.
public struct ExceptionQuery: Sendable, Hashable {
    /// Open or resolved; nil for both.
    public var state: ExceptionCase.State?
    /// One category; nil for all.
    public var category: ExceptionCase.Category?
    /// Opened at or after this instant.
    public var openedFrom: Date?
    /// Opened before this instant.
    public var openedBefore: Date?
    /// Concerning an invoice of this zone (its ticket's zone, or a zone of the device that issued it).
    public var zone: String?
    /// Concerning this invoice.
    public var invoiceID: Invoice.ID?
    /// Only exceptions whose id sorts after this one (the previous page's last id).
    public var after: ExceptionCase.ID?
    /// At most this many (1–1000).
    public var limit: Int

    /// Creates a query; without conditions it lists the first 100 exceptions by id (oldest first).
    public init(
        state: ExceptionCase.State? = nil, category: ExceptionCase.Category? = nil, openedFrom: Date? = nil,
        openedBefore: Date? = nil, zone: String? = nil, invoiceID: Invoice.ID? = nil, after: ExceptionCase.ID? = nil,
        limit: Int = 100
    ) {
        self.state = state
        self.category = category
        self.openedFrom = openedFrom
        self.openedBefore = openedBefore
        self.zone = zone
        self.invoiceID = invoiceID
        self.after = after
        self.limit = min(max(limit, 1), 1000)
    }
}
