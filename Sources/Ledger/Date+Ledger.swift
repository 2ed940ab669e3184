import Foundation

extension Date {
    /// This time as whole UTC epoch milliseconds, the unit every ledger row and event stores.
    ///
    /// Rounds to the nearest millisecond, so `Date(ledgerMilliseconds: m).ledgerMilliseconds == m`
    /// for every stored value.
    public var ledgerMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    /// The time `milliseconds` after the Unix epoch (UTC).
    public init(ledgerMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// This time cut to the millisecond, as the ledger will store and return it.
    public var ledgerRounded: Date { Date(ledgerMilliseconds: ledgerMilliseconds) }
}
