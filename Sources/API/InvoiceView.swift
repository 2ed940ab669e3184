import Foundation
import Ledger

/// `invoice` in API responses.
struct InvoiceView: Codable, Sendable, Equatable {
    var id: String
    var billNumber: String
    var amount: Int64
    var status: String
    var expiresAt: String
    var qris: String
    var receiptCode: String
    var kind: String
    var issuedAt: String
    var paidAt: String?
    var deviceID: String
    var deviceSequence: Int64
    var fee: String?
    var ticketID: String?

    init(_ invoice: Invoice) {
        id = invoice.id.rawValue
        billNumber = invoice.billNumber.rawValue
        amount = invoice.amount.value
        status = invoice.status.rawValue
        expiresAt = APITime.text(invoice.expiresAt)
        qris = invoice.qrisPayload
        receiptCode = invoice.receiptCode
        kind = invoice.kind.rawValue
        issuedAt = APITime.text(invoice.issuedAt)
        paidAt = invoice.paidAt.map(APITime.text)
        deviceID = invoice.deviceID.rawValue
        deviceSequence = invoice.sequence
        fee = invoice.feeCode
        ticketID = invoice.ticketID?.rawValue
    }
}

/// Times in API bodies: ISO 8601 in UTC.
enum APITime {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }
}
