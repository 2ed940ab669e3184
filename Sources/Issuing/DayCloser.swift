import Foundation
import Ledger

/// Closes city days (`POST /api/v1/days/{date}/close`): a day closes only after it has ended in
/// the city's zone and when nothing blocks it (``LedgerStore/dayBlockers(from:to:)``, and the
/// settlement files due for it: ``SettlementDueRule``); its
/// statement is signed with the city's receipt signing key and kept in the chain (`day.closed`).
public struct DayCloser: Sendable {
    /// The ledger.
    public let store: any LedgerStore
    /// The city (its id and time zone).
    public let city: City
    /// Signs with the city's receipt key (its public half is in the published ring); a rotated key
    /// signs the next statement.
    let signer: ReceiptSigner
    /// The clock.
    let now: @Sendable () -> Date
    /// The settlement files a day needs (``SettlementDueRule``); nil checks none (no acquirer names
    /// its settlement profile).
    public var settlementDue: SettlementDueRule?

    /// Creates the service.
    public init(
        store: any LedgerStore, city: City, signer: ReceiptSigner, settlementDue: SettlementDueRule? = nil,
        now: @escaping @Sendable () -> Date
    ) {
        self.settlementDue = settlementDue
        self.store = store
        self.city = city
        self.signer = signer
        self.now = now
    }

    /// The UTC bounds of a city day.
    public func bounds(of date: CivilDate) -> (from: Date, to: Date) {
        (city.timeZone.startOfDay(date), city.timeZone.startOfDay(date.adding(days: 1)))
    }

    /// What still stops `date` from closing (empty when it may close), `day_not_over` first while
    /// the day has not ended.
    public func blockers(of date: CivilDate) async throws -> [DayBlocker] {
        let (from, to) = bounds(of: date)
        var blockers = try await store.dayBlockers(from: from, to: to)
        if let missing = try await settlementDue?.blocker(store: store, from: from, to: to) { blockers.append(missing) }
        if let notOver = notOver(date) { blockers.insert(notOver, at: 0) }
        return blockers
    }

    /// Closes `date` for `actor`.
    /// - Throws: the store's errors (`device.actorNotAllowed` for a device that may not close days).
    public func close(_ date: CivilDate, actor: LedgerActor) async throws -> DayCloseOutcome {
        if let closed = try await store.closedDay(date) { return .alreadyClosed(closed) }
        if notOver(date) != nil { return .blocked(try await blockers(of: date)) }
        let (from, to) = bounds(of: date)
        // The files are the archive's, not the ledger's: checked before the store's transaction, which
        // checks the rest. A file applied meanwhile only unblocks; one withdrawn meanwhile (a corrected
        // re-send applied in that instant) is not seen.
        if let missing = try await settlementDue?.blocker(store: store, from: from, to: to) {
            return .blocked(try await store.dayBlockers(from: from, to: to) + [missing])
        }
        let key = signer.key
        return try await store.closeDay(
            DayCloseRequest(
                date: date, from: from, to: to, cityID: city.id, timeZone: city.timeZone.label, actor: actor,
                at: now(), keyID: key.publicKey.keyID.description)
        ) { bytes in Data(try key.signature(for: bytes)).base64EncodedString() }
    }

    private func notOver(_ date: CivilDate) -> DayBlocker? {
        let today = city.timeZone.local(now()).date
        guard date >= today else { return nil }
        return DayBlocker(kind: .dayNotOver, count: 1, examples: ["\(date)"])
    }
}
