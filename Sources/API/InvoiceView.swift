import Foundation
import Ledger

/// `invoice` in API responses.
public struct InvoiceView: Codable, Sendable, Equatable {
    var id: String
    var billNumber: String
    var amount: Int64
    var status: String
    var expiresAt: String
    var qris: String
    var receiptCode: String
    /// The receipt's short code as printed (``ReceiptShortCode``, `XXXXX-XXXXX`).
    var shortCode: String
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
        shortCode = invoice.shortCode.grouped
        kind = invoice.kind.rawValue
        issuedAt = APITime.text(invoice.issuedAt)
        paidAt = invoice.paidAt.map(APITime.text)
        deviceID = invoice.deviceID.rawValue
        deviceSequence = invoice.sequence
        fee = invoice.feeCode
        ticketID = invoice.ticketID?.rawValue
    }
}

/// Times in API bodies: ISO 8601 in UTC, whole seconds (`2026-11-24T01:00:00Z`), exactly as
/// Foundation's `.iso8601` format style writes them.
public enum APITime {
    /// The text of `date`.
    public static func text(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        // Years 1970–9999 by integer arithmetic (a few hundred times faster on Linux); others by
        // Foundation.
        guard seconds >= 0, seconds < 253_402_300_800 else { return date.formatted(.iso8601) }
        let total = Int64(seconds)
        let (day, second) = (total / 86_400, Int(total % 86_400))
        let (year, month, dayOfMonth) = CivilDate(daysSince1970: Int(day)).components
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(Int(year), 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(dayOfMonth, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(second / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(second % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
