/// All versions of a city's parking tariff, each effective over its own dates.
///
/// Loaded from `Config/tariffs/*.json` (one ``TariffSet`` per file). Configuration validation
/// guarantees that no two sets are effective on the same date.
public struct TariffSchedule: Sendable, Hashable, Codable {
    /// The sets, ordered by ``TariffSet/effectiveFrom``.
    public var sets: [TariffSet]

    /// Creates a schedule; the sets are sorted by their effective date.
    public init(sets: [TariffSet]) {
        self.sets = sets.sorted { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The set effective on a local date.
    ///
    /// - Throws: `LedgerError` `tariff.noneEffective` (field `entry`) when none is.
    public func set(effectiveOn date: CivilDate) throws -> TariffSet {
        // A plain loop: `sets.last(where:)` here crashed in release builds (swift 6.3.1, -O with
        // cross-module optimisation: a bad retain inside the caller); the loop does not.
        for set in sets.reversed() where set.isEffective(on: date) { return set }
        let ranges = sets.map { "\($0.id) from \($0.effectiveFrom)" }.joined(separator: ", ")
        throw LedgerError(
            .tariffNoneEffective, "no tariff set is effective on \(date) (sets: \(ranges.isEmpty ? "none" : ranges))",
            field: "entry")
    }
}
