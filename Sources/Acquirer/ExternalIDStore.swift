import Ledger
import Foundation

/// Hands out `X-EXTERNAL-ID`s and remembers them, persisted before the request is sent.
///
/// SNAP requires X-EXTERNAL-ID to be numeric, at most 36 digits, and unique per partner per day in
/// Asia/Jakarta (a repeat answers 409xx00). One logical operation (`generate:INV-1`) keeps its id for
/// its day, so a retry of the very same call re-sends the same id; a different operation (the query
/// after a timeout) gets a new one and refers to the first as `originalExternalId`.
///
/// ``FileExternalIDStore`` keeps them in one node's data directory; the PostgreSQL ledger's
/// `node_external_ids` table when several nodes share one database (issue #18).
public protocol ExternalIDStore: Sendable {
    /// The id for `operation` on the Jakarta day of `now`: the one already issued that day, or a new
    /// one, durably recorded before this returns.
    /// - Throws: ``AcquirerError`` when the id cannot be persisted.
    func externalID(for operation: String, at now: Date) async throws(AcquirerError) -> String

    /// The most recent id issued for `operation`, on any day.
    func lastRecord(for operation: String) async -> ExternalIDRecord?
}

/// One issued X-EXTERNAL-ID.
public struct ExternalIDRecord: Sendable, Hashable, Codable {
    /// The logical operation (`generate:INV-1`).
    public var operation: String
    /// The id: `YYYYMMDD` (Jakarta day) + 10-digit sequence + 8 random digits, 26 digits in all.
    public var externalID: String
    /// The Jakarta day it is valid for.
    public var day: CivilDate

    /// Creates a value from its fields.
    public init(operation: String, externalID: String, day: CivilDate) {
        self.operation = operation
        self.externalID = externalID
        self.day = day
    }

    /// The `sequence`th id of Jakarta day `day`, with 8 random digits: `YYYYMMDD` + 10-digit sequence +
    /// 8 digits, as every ``ExternalIDStore`` spells it.
    public static func externalID(
        day: CivilDate, sequence: Int, using generator: inout some RandomNumberGenerator
    ) -> String {
        let random = UInt64.random(in: 0..<100_000_000, using: &generator)
        return day.compact + CivilDate.pad(sequence, 10) + CivilDate.pad(Int(random), 8)
    }
}
