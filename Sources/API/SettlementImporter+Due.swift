import Foundation
import Issuing
import Ledger
import Reconciliation

extension SettlementImporter {
    /// The settlement files a day needs before it closes (``SettlementDueRule``), for the acquirer whose
    /// daily file is read with the settlement profile `profileName`: its T+N and time zone, `calendar`'s
    /// holidays, and the settlement dates the archive's files of that profile stand for (each file's own
    /// settlement date and its rows' period, ``SettlementImport/coveredSettlementDates``) whose
    /// application in `store` is complete and not withdrawn (read when a day's blockers are asked for, and only when
    /// the day has payments).
    /// - Throws: 400 `settlement.unknownProfile` when the profile does not load.
    func dueRule(profileName: String, calendar: HolidayCalendar, store: any LedgerStore) throws -> SettlementDueRule {
        let profile = try profile(named: profileName)
        let archive = archive
        return SettlementDueRule(
            settlementDays: profile.settlementDays, utcOffsetSeconds: profile.utcOffsetSeconds, calendar: calendar
        ) {
            var periods: [ClosedRange<CivilDate>] = []
            for record in try await archive.records() where (record.profileName ?? record.entry.profile) == profileName {
                let covered = record.entry.coveredSettlementDates
                guard !covered.isEmpty,
                    let application = try await store.settlementApplication(id: record.id), application.isComplete,
                    !application.isWithdrawn
                else { continue }
                periods.append(contentsOf: covered)
            }
            return periods
        }
    }
}
