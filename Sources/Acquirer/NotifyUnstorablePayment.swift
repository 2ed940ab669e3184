import Foundation
import Ledger

/// A successful payment whose amount no money column can hold: above the QRIS maximum
/// (``Rupiah/maximumStored``, 13 characters) or not even a 64-bit number. Lunas records it as a
/// payment exception holding the amount as text, never as money.
public struct NotifyUnstorablePayment: Sendable, Hashable {
    /// The bill number as sent (`originalPartnerReferenceNo`).
    public var reference: String
    /// Retrieval Reference Number (`additionalInfo.retrievalReferenceNo`, else `originalReferenceNo`).
    public var rrn: String
    /// `amount.value` exactly as sent (`9223372036854775807.00`).
    public var amountText: String
    /// When the payer paid (`paidTime`, else when the notify arrived).
    public var paidAt: Date
    /// The paying e-wallet or bank.
    public var issuer: String?

    /// Creates a value from its fields.
    public init(reference: String, rrn: String, amountText: String, paidAt: Date, issuer: String?) {
        self.reference = reference
        self.rrn = rrn
        self.amountText = amountText
        self.paidAt = paidAt
        self.issuer = issuer
    }
}

extension NotifyUnstorablePayment {
    /// The payment a successful notify reports when its amount is unstorable, or `nil`.
    ///
    /// Called with the decoded notify (amount above ``Rupiah/maximumStored``), or with a body that
    /// did not decode, to catch an `amount.value` too large even for 64 bits: only a body that is
    /// otherwise a well-formed successful notify with an all-digit amount qualifies; anything else
    /// stays the 400 it was.
    static func probe(_ body: [UInt8], now: Date) -> NotifyUnstorablePayment? {
        // Foundation's JSON scanner traps on some bodies nested past its limit (513 `[` and nothing
        // else): the probe reads a body that already failed to decode, so it checks first.
        guard !IdempotencyRequestBody.isNestedTooDeeply(body),
            let notify = try? JSONDecoder().decode(Lenient.self, from: Data(body)),
            notify.latestTransactionStatus == TransactionStatus.success.rawValue,
            let text = notify.amount?.value, notify.amount?.currency == "IDR"
        else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            parts.count == 1 || parts[1].utf8.allSatisfy({ $0 == 48 })
        else { return nil }
        if let value = Int64(whole), Rupiah(value).isStorable { return nil }
        let paidAt = notify.paidTime.flatMap { try? SNAPTimestamp($0).date } ?? now
        return NotifyUnstorablePayment(
            reference: notify.originalPartnerReferenceNo,
            rrn: notify.additionalInfo?.retrievalReferenceNo ?? notify.originalReferenceNo, amountText: text,
            paidAt: paidAt, issuer: notify.additionalInfo?.issuer)
    }

    /// The members of a notify the probe reads, with the amount as plain text.
    private struct Lenient: Decodable {
        struct Amount: Decodable {
            var value: String
            var currency: String
        }
        struct Info: Decodable {
            var retrievalReferenceNo: String?
            var issuer: String?
        }
        var originalReferenceNo: String
        var originalPartnerReferenceNo: String
        var latestTransactionStatus: String
        var amount: Amount?
        var paidTime: String?
        var additionalInfo: Info?
    }
}
