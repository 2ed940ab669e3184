import Reconciliation
import Acquirer
import Ledger
import Foundation

/// The receiving side's record of X-EXTERNAL-IDs: unique per partner per day in Asia/Jakarta.
///
/// A second use of an id by the same partner on the same Jakarta day is a conflict (SNAP 409xx00);
/// the same id on the next day is new. Days before the current one are forgotten as time passes.
public struct ExternalIDRegistry: Sendable, Hashable {
    private var seen: [CivilDate: Set<String>] = [:]

    /// An empty registry.
    public init() {}

    /// A registry with the ids of saved days (``days``); a day that does not parse is skipped.
    public init(days: [String: [String]]) {
        for (text, ids) in days {
            if let day = CivilDate(iso8601: text) { seen[day] = Set(ids) }
        }
    }

    /// The ids seen, by Jakarta day (`YYYY-MM-DD`), for the state file.
    public var days: [String: [String]] {
        Dictionary(uniqueKeysWithValues: seen.map { ($0.key.description, $0.value.sorted()) })
    }

    /// Records an id; returns `false` when the partner already used it on `now`'s Jakarta day.
    public mutating func register(partnerID: String, externalID: String, at now: Date) -> Bool {
        let day = CivilDate(containing: now, offset: .jakarta)
        seen = seen.filter { $0.key >= day.adding(days: -1) }
        return seen[day, default: []].insert(partnerID + "\u{1F}" + externalID).inserted
    }
}
