/// The city's public fees (`Config/fees.json`): `{"fees": [...]}`.
public struct FeeSchedule: Sendable, Hashable, Codable {
    /// The fees, in file order (the order of the public tariff page).
    public var fees: [Fee]

    /// Creates a schedule.
    public init(fees: [Fee]) {
        self.fees = fees
    }

    /// The largest amount one QRIS payment may carry (Bank Indonesia): Rp10.000.000.
    public static let qrisLimit = Rupiah(10_000_000)

    /// The fee with a code (codes are matched exactly).
    public func fee(code: String) -> Fee? {
        fees.first { $0.code == code }
    }

    /// The amount to charge for a fee, given the amount the payer or officer entered, if any.
    ///
    /// A fixed fee needs no amount (an entered one must equal it); a bounded fee needs one within
    /// its bounds.
    /// - Throws: `LedgerError` `fee.unknown` (field `fee`), `fee.amountRequired`,
    ///   `fee.amountOutOfBounds` or `fee.amountFixed` (field `amount`).
    public func resolve(code: String, amount requested: Rupiah?) throws -> Rupiah {
        guard let fee = fee(code: code) else {
            throw LedgerError(.feeUnknown, "unknown fee code '\(code)'", field: "fee")
        }
        switch fee.amount {
        case .fixed(let amount):
            if let requested, requested != amount {
                throw LedgerError(
                    .feeAmountFixed,
                    "fee '\(code)' is fixed at \(amount.formatted); \(requested.formatted) was entered", field: "amount"
                )
            }
            return amount
        case .bounded(let minimum, let maximum):
            guard let requested else {
                throw LedgerError(
                    .feeAmountRequired,
                    "fee '\(code)' needs an amount between \(minimum.formatted) and \(maximum.formatted)",
                    field: "amount")
            }
            guard requested >= minimum, requested <= maximum else {
                throw LedgerError(
                    .feeAmountOutOfBounds,
                    "amount \(requested.formatted) for fee '\(code)' is outside \(minimum.formatted)–\(maximum.formatted)",
                    field: "amount")
            }
            return requested
        }
    }
}

extension LedgerError.Code {
    /// No fee has the code.
    public static let feeUnknown = LedgerError.Code("fee.unknown")
    /// A bounded fee was requested without an amount.
    public static let feeAmountRequired = LedgerError.Code("fee.amountRequired")
    /// The amount is outside a bounded fee's bounds.
    public static let feeAmountOutOfBounds = LedgerError.Code("fee.amountOutOfBounds")
    /// An amount was entered for a fixed fee and differs from it.
    public static let feeAmountFixed = LedgerError.Code("fee.amountFixed")
}
