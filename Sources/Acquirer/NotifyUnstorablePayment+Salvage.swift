import Foundation
import Ledger

extension NotifyUnstorablePayment {
    /// What can be read from a verified notify whose body Lunas cannot take as it stands (not JSON,
    /// a field of the wrong type or format, a success without an amount): the bill number, RRN,
    /// amount and issuer where they are text or numbers, `?` where they are missing. The notify is
    /// then recorded as a payment exception holding these and the body's SHA-256, never dropped
    /// (the hardening issue, item 6).
    /// - Parameters:
    ///   - body: the raw notify body.
    ///   - now: when it arrived, for `paidAt` unless a readable `paidTime` says otherwise.
    static func salvage(_ body: [UInt8], now: Date) -> NotifyUnstorablePayment {
        // Foundation's JSON scanner traps on some bodies nested past its limit: check first.
        let notify =
            IdempotencyRequestBody.isNestedTooDeeply(body)
            ? nil : try? JSONDecoder().decode(Loose.self, from: Data(body))
        let paidAt = notify?.paidTime?.text.flatMap { try? SNAPTimestamp($0).date } ?? now
        return NotifyUnstorablePayment(
            reference: notify?.originalPartnerReferenceNo?.text ?? "?",
            rrn: notify?.additionalInfo?.retrievalReferenceNo?.text ?? notify?.originalReferenceNo?.text ?? "?",
            amountText: notify?.amount?.text ?? "?", paidAt: paidAt, issuer: notify?.additionalInfo?.issuer?.text)
    }

    /// A JSON string or number as text; `nil` for anything else or an empty string. Never throws.
    private struct LooseText: Decodable {
        var text: String?

        init(from decoder: any Decoder) throws {
            let value = try? decoder.singleValueContainer()
            if let string = try? value?.decode(String.self) {
                text = string.isEmpty ? nil : string
            } else if let number = try? value?.decode(Decimal.self) {
                text = "\(number)"
            } else {
                text = nil
            }
        }
    }

    /// An amount sent as `{"value": …}` (the SNAP form) or as a bare string or number.
    private struct LooseAmount: Decodable {
        var text: String?

        private enum Keys: String, CodingKey { case value }

        init(from decoder: any Decoder) throws {
            if let object = try? decoder.container(keyedBy: Keys.self) {
                text = (try? object.decodeIfPresent(LooseText.self, forKey: .value))??.text
            } else {
                text = try LooseText(from: decoder).text
            }
        }
    }

    private struct LooseInfo: Decodable {
        var retrievalReferenceNo: LooseText?
        var issuer: LooseText?
    }

    /// The members of a notify the salvage reads, each of any type.
    private struct Loose: Decodable {
        var originalPartnerReferenceNo: LooseText?
        var originalReferenceNo: LooseText?
        var amount: LooseAmount?
        var paidTime: LooseText?
        var additionalInfo: LooseInfo?

        private enum Keys: String, CodingKey {
            case originalPartnerReferenceNo, originalReferenceNo, amount, paidTime, additionalInfo
        }

        init(from decoder: any Decoder) throws {
            let object = try decoder.container(keyedBy: Keys.self)
            originalPartnerReferenceNo = try? object.decodeIfPresent(LooseText.self, forKey: .originalPartnerReferenceNo)
            originalReferenceNo = try? object.decodeIfPresent(LooseText.self, forKey: .originalReferenceNo)
            amount = try? object.decodeIfPresent(LooseAmount.self, forKey: .amount)
            paidTime = try? object.decodeIfPresent(LooseText.self, forKey: .paidTime)
            additionalInfo = try? object.decodeIfPresent(LooseInfo.self, forKey: .additionalInfo)
        }
    }
}
