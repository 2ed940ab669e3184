/// SNAP `latestTransactionStatus`: the state of a QRIS transaction at the acquirer (SNAP QRIS MPM Query).
///
/// `07` (not found) after the validity period means expired, not lost (iFortePay maps expiry to 07).
public enum TransactionStatus: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case success = "00"
    case initiated = "01"
    case paying = "02"
    case pending = "03"
    case refunded = "04"
    case canceled = "05"
    case failed = "06"
    case notFound = "07"

    /// The standard `transactionStatusDesc`.
    public var statusDescription: String {
        switch self {
        case .success: "Success"
        case .initiated: "Initiated"
        case .paying: "Paying"
        case .pending: "Pending"
        case .refunded: "Refunded"
        case .canceled: "Canceled"
        case .failed: "Failed"
        case .notFound: "Not found"
        }
    }

    public var description: String { "\(rawValue) \(statusDescription)" }
}
