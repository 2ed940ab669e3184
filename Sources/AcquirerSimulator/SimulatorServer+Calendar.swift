import Acquirer
import Foundation
import Ledger
import Reconciliation

extension SimulatorServer {
    /// How the simulator's settlement files count days, as Lunas's close rule does: T+N working days
    /// with N the `settlementDays` of the settlement profile the acquirer profile names
    /// (`settlementProfile`, read from `settlement-profiles/` beside `mdr.json`'s folder; 1 when it names
    /// none), and the holiday calendar of `holidays.dir` (default: `holidays/` beside `mdr.json`;
    /// weekends only when that folder is absent).
    /// - Throws: ``ReconciliationError`` naming the file for a holiday calendar or settlement profile that
    ///   does not load (a `holidays.dir` that does not exist included); ``AcquirerError`` `profile.invalid`
    ///   for a settlement profile whose time zone is not Jakarta's (the simulator counts Jakarta days).
    static func settlementCalendar(
        settings: SimulatorServerSettings, mdrPath: String, profile: AcquirerProfile
    ) throws -> (calendar: HolidayCalendar, settlementDays: Int) {
        let configDirectory = URL(fileURLWithPath: mdrPath).deletingLastPathComponent()
        let defaultHolidays = configDirectory.appendingPathComponent("holidays").path
        let calendar: HolidayCalendar
        if let named = settings.holidaysPath {
            calendar = try HolidayCalendar.load(path: named)
        } else if FileManager.default.fileExists(atPath: defaultHolidays) {
            calendar = try HolidayCalendar.load(path: defaultHolidays)
        } else {
            calendar = HolidayCalendar()
        }
        guard let name = profile.settlementProfile else { return (calendar, 1) }
        let url = configDirectory.appendingPathComponent("settlement-profiles").appendingPathComponent("\(name).json")
        let settlement = try SettlementProfile.load(contentsOf: url)
        guard settlement.utcOffsetSeconds == UTCOffset.jakarta.seconds else {
            throw AcquirerError(
                .invalidProfile,
                "settlement profile \(url.path) counts days at UTC offset \(settlement.utcOffsetSeconds) s; the "
                    + "simulator settles Jakarta (UTC+7) days", field: "timeZone")
        }
        return (calendar, settlement.settlementDays)
    }
}
