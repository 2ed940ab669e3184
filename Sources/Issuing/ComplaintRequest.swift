import Foundation

/// A complaint as a citizen sends it (`POST /public/complaints`, form or JSON): every field text
/// as typed, checked by ``ComplaintDesk/file(_:formToken:)``.
public struct ComplaintRequest: Sendable, Hashable {
    /// One of ``Ledger/Complaint/Category``'s raw values (required).
    public var category: String?
    /// The receipt code printed on the ticket (or shown on the receipt page).
    public var receiptCode: String?
    /// The bill number on the ticket.
    public var billNumber: String?
    public var plate: String?
    /// A zone id; required when neither a receipt code nor a bill number is given.
    public var zone: String?
    /// When it happened: `YYYY-MM-DDTHH:MM` in the city's time (as a browser's date-time field
    /// sends it) or an RFC 3339 time with its offset.
    public var occurredAt: String?
    /// What happened (required, 1–2,000 characters).
    public var description: String?
    /// A phone number or e-mail address for the city's reply (optional).
    public var contact: String?
    /// A JPEG or PNG photo of at most 2 MB (optional).
    public var photo: Data?

    /// Creates a request; every field optional here, checked when filed.
    public init(
        category: String? = nil, receiptCode: String? = nil, billNumber: String? = nil, plate: String? = nil,
        zone: String? = nil, occurredAt: String? = nil, description: String? = nil, contact: String? = nil,
        photo: Data? = nil
    ) {
        self.category = category
        self.receiptCode = receiptCode
        self.billNumber = billNumber
        self.plate = plate
        self.zone = zone
        self.occurredAt = occurredAt
        self.description = description
        self.contact = contact
        self.photo = photo
    }
}
