extension Rupiah {
    /// The largest amount the ledger stores: the most a QRIS payload's tag 54 (13 characters) can
    /// carry, Rp9.999.999.999.999. Every stored amount is bounded by it (a `CHECK` in the schema);
    /// a notify that reports more is recorded as a payment exception holding the amount as text.
    public static let maximumStored = Rupiah(9_999_999_999_999)

    /// Whether the amount fits a stored money column: `0` to ``maximumStored``.
    public var isStorable: Bool { value >= 0 && value <= Self.maximumStored.value }

    /// `self + other`, or an error instead of a trap when the sum does not fit 64 bits.
    /// - Parameter what: names the sum in the error (`daily report: payment exceptions`).
    /// - Throws: `LedgerError` `amount.overflow`.
    public func adding(_ other: Rupiah, what: String) throws -> Rupiah {
        let (sum, overflow) = value.addingReportingOverflow(other.value)
        guard !overflow else {
            throw LedgerError(
                .amountOverflow, "\(what): \(value) + \(other.value) does not fit a 64-bit rupiah amount")
        }
        return Rupiah(sum)
    }
}

extension LedgerError.Code {
    /// A sum of amounts does not fit 64 bits (reported, never a trap).
    public static let amountOverflow = Self("amount.overflow")
}
