import Foundation

/// Computes what a parking stay costs under a tariff set: pure and deterministic.
///
/// Inputs are the tariff set, the vehicle class, the zone (whose tariff class selects the rule),
/// the entry time, the exit time when the charge depends on it, the event calendar and the city's
/// time zone (windows and event dates are local). The output is a ``TariffQuote``: the amount and
/// a breakdown whose lines add up to it.
///
/// Semantics, in the order they apply:
/// 1. A stay is split into 24-hour cycles from entry (a stay of 25 hours has two cycles).
/// 2. Flat rules charge their amount once per cycle (once when there is no exit).
///    Progressive rules charge the first block at the cycle's start and each further *started*
///    block; a stay no longer than ``TariffProgressiveCharge/graceMinutes`` costs nothing.
/// 3. A block (or flat entry) starting inside a ``TariffWindow`` costs `price × percent / 100`,
///    rounded half up to whole rupiah; the first matching window wins.
/// 4. A cycle's total is capped at the daily cap.
/// 5. An event whose dates contain the cycle's local start date multiplies the cycle's total by
///    its percent, rounded half up.
///
/// Times are taken to whole seconds (truncated). Stays are limited to ``maximumStay``.
public struct TariffEvaluator: Sendable {
    /// The city's time zone, in which windows and event dates are read.
    public var timeZone: CityTimeZone
    /// The known vehicle classes.
    public var vehicleClasses: [VehicleClass.ID: VehicleClass]
    /// The known zones.
    public var zones: [Zone.ID: Zone]
    /// The event calendar.
    public var events: TariffEventCalendar

    /// The longest stay the evaluator prices: 90 days. Longer ones are an error, not a number.
    public static let maximumStay: TimeInterval = 90 * 86_400

    /// Creates an evaluator for a city's catalogue.
    public init(
        timeZone: CityTimeZone, vehicleClasses: [VehicleClass], zones: [Zone], events: TariffEventCalendar = .empty
    ) {
        self.timeZone = timeZone
        self.vehicleClasses = Dictionary(vehicleClasses.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.zones = Dictionary(zones.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.events = events
    }

    /// Prices a stay under the set of a schedule that is effective on the entry's local date.
    ///
    /// - Throws: `tariff.noneEffective` (field `entry`) when no set applies, and everything
    ///   ``quote(_:vehicleClass:zone:entry:exit:)`` throws.
    public func quote(
        _ schedule: TariffSchedule, vehicleClass: VehicleClass.ID, zone: Zone.ID, entry: Date, exit: Date?
    ) throws -> TariffQuote {
        try checkRange(entry, field: "entry")
        let tariffs = try schedule.set(effectiveOn: timeZone.local(entry).date)
        return try quote(tariffs, vehicleClass: vehicleClass, zone: zone, entry: entry, exit: exit)
    }

    /// Prices a stay under one tariff set.
    ///
    /// - Parameters:
    ///   - tariffs: the tariff set.
    ///   - vehicleClass: the vehicle's class.
    ///   - zone: where it parked.
    ///   - entry: when it arrived.
    ///   - exit: when it left; `nil` for flat rules priced at entry.
    /// - Throws: `LedgerError` with code `tariff.tariffUnknownVehicleClass` (field `vehicleClass`),
    ///   `tariff.tariffUnknownZone` (`zone`), `tariff.noRule` (`vehicleClass`), `tariff.tariffExitRequired`,
    ///   `tariff.tariffExitBeforeEntry`, `tariff.tariffStayTooLong` (`exit`), `tariff.tariffTimeOutOfRange`
    ///   (`entry`/`exit`), `tariff.invalidRule` and `tariff.tariffAmountOverflow` for an unvalidated set.
    public func quote(
        _ tariffs: TariffSet, vehicleClass: VehicleClass.ID, zone zoneID: Zone.ID, entry: Date, exit: Date?
    ) throws -> TariffQuote {
        guard vehicleClasses[vehicleClass] != nil else {
            let known = vehicleClasses.keys.sorted().map(\.rawValue).joined(separator: ", ")
            throw LedgerError(
                .tariffUnknownVehicleClass, "unknown vehicle class '\(vehicleClass)' (known: \(known))",
                field: "vehicleClass")
        }
        guard let zone = zones[zoneID] else {
            throw LedgerError(.tariffUnknownZone, "unknown zone '\(zoneID)'", field: "zone")
        }
        guard let rule = tariffs.rule(for: vehicleClass, in: zone.tariffClass) else {
            throw LedgerError(
                .tariffNoRule,
                "tariff set '\(tariffs.id)' has no rule for vehicle class '\(vehicleClass)' in tariff class "
                    + "'\(zone.tariffClass)' (zone '\(zoneID)')", field: "vehicleClass")
        }
        try checkRange(entry, field: "entry")
        if let exit {
            try checkRange(exit, field: "exit")
            guard exit >= entry else {
                throw LedgerError(
                    .tariffExitBeforeEntry, "exit \(Self.describe(exit)) is before entry \(Self.describe(entry))",
                    field: "exit")
            }
            guard exit.timeIntervalSince(entry) <= Self.maximumStay else {
                throw LedgerError(
                    .tariffStayTooLong,
                    "a stay from \(Self.describe(entry)) to \(Self.describe(exit)) is longer than 90 days",
                    field: "exit")
            }
        }
        var builder = TariffQuoteBuilder(
            evaluator: self, rule: rule, zone: zone, vehicleClass: vehicleClass, entry: entry, exit: exit)
        try builder.build()
        return TariffQuote(
            amount: builder.total, tariffSetID: tariffs.id, ruleID: rule.id, ruleName: rule.name,
            vehicleClass: vehicleClass, zone: zoneID, tariffClass: zone.tariffClass, entry: entry, exit: exit,
            lines: builder.lines)
    }

    private func checkRange(_ date: Date, field: String) throws {
        // 2000-01-01 to 2200-01-01 UTC: anything outside is a wrong clock, not a parking stay.
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, seconds >= 946_684_800, seconds < 7_258_118_400 else {
            throw LedgerError(
                .tariffTimeOutOfRange, "\(field) \(Self.describe(date)) is outside 2000–2199", field: field)
        }
    }

    /// An instant as ISO 8601 UTC (`2026-03-02T01:00:00Z`), or its raw seconds when it is not a
    /// plausible date. Never `Date.description`, which traps on NaN in Foundation.
    static func describe(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < 1e11 else { return "(\(seconds) s since 1970)" }
        let whole = Int(seconds.rounded(.down))
        let day = CivilDate(utcSeconds: Int64(whole), offsetSeconds: 0)
        let second = whole - day.daysSince1970 * 86_400
        func pad(_ value: Int) -> String { CivilDate.pad(value, 2) }
        return "\(day)T\(pad(second / 3600)):\(pad(second / 60 % 60)):\(pad(second % 60))Z"
    }

    /// `amount × percent / 100`, rounded half away from zero to whole rupiah.
    static func percent(_ percent: Int, of amount: Rupiah) throws -> Rupiah {
        let (product, overflow) = amount.value.magnitude.multipliedReportingOverflow(by: UInt64(percent.magnitude))
        guard !overflow, product <= UInt64(Int64.max) - 50 else {
            throw LedgerError(.tariffAmountOverflow, "\(amount.value) × \(percent)% does not fit in 64 bits")
        }
        let rounded = Int64((product + 50) / 100)
        return Rupiah((amount.value < 0) != (percent < 0) ? -rounded : rounded)
    }
}

extension LedgerError.Code {
    /// A vehicle class is not in the city's catalogue.
    public static let tariffUnknownVehicleClass = LedgerError.Code("tariff.tariffUnknownVehicleClass")
    /// A zone is not in the city's catalogue.
    public static let tariffUnknownZone = LedgerError.Code("tariff.tariffUnknownZone")
    /// The tariff set has no rule for the vehicle class in the zone's tariff class.
    public static let tariffNoRule = LedgerError.Code("tariff.noRule")
    /// No tariff set is effective on the entry date.
    public static let tariffNoneEffective = LedgerError.Code("tariff.noneEffective")
    /// A progressive rule needs the exit time.
    public static let tariffExitRequired = LedgerError.Code("tariff.tariffExitRequired")
    /// The exit time is before the entry time.
    public static let tariffExitBeforeEntry = LedgerError.Code("tariff.tariffExitBeforeEntry")
    /// The stay is longer than the evaluator prices.
    public static let tariffStayTooLong = LedgerError.Code("tariff.tariffStayTooLong")
    /// A time is outside the years 2000–2199.
    public static let tariffTimeOutOfRange = LedgerError.Code("tariff.tariffTimeOutOfRange")
    /// A rule built in code is unusable (a zero-length block).
    public static let tariffInvalidRule = LedgerError.Code("tariff.invalidRule")
    /// An amount does not fit in 64 bits.
    public static let tariffAmountOverflow = LedgerError.Code("tariff.tariffAmountOverflow")
}
