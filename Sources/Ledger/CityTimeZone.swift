import Foundation

/// The city's time zone: where local times in tariffs, event calendars and receipts are read.
///
/// Lunas stores every instant in UTC and shows it in this zone. Ambon is `Asia/Jayapura`, labelled
/// `WIT` (Waktu Indonesia Timur, UTC+9); Tangerang is `Asia/Jakarta`, `WIB`. Indonesia has no
/// daylight saving time, but the conversions below use the zone's offset at each instant, so they
/// stay right for any IANA zone.
public struct CityTimeZone: Sendable, Hashable, Codable {
    /// The IANA identifier: `Asia/Jayapura`.
    public let identifier: String
    /// The label printed after local times: `WIT`.
    public let label: String
    /// The Foundation time zone for `identifier`.
    public let timeZone: TimeZone

    /// Creates a city time zone.
    ///
    /// - Throws: `LedgerError` `city.cityUnknownTimeZone` (field `timeZone.identifier`) when the identifier
    ///   is not in the system's time-zone database.
    public init(identifier: String, label: String) throws {
        guard let timeZone = TimeZone(identifier: identifier), !identifier.isEmpty else {
            throw LedgerError(
                .cityUnknownTimeZone, "time zone '\(identifier)' is not a known IANA identifier (e.g. Asia/Jayapura)",
                field: "timeZone.identifier")
        }
        self.identifier = identifier
        self.label = label
        self.timeZone = timeZone
    }

    /// Ambon's zone: `Asia/Jayapura`, WIT.
    public static var wit: CityTimeZone {
        try! CityTimeZone(identifier: "Asia/Jayapura", label: "WIT")  // in every tz database
    }

    /// Where an instant falls on the city's wall clock.
    ///
    /// Instants beyond ±10^11 seconds (about ±3000 years) are clamped, and NaN is read as 1970, so
    /// that no input can trap; the tariff evaluator rejects such times before asking.
    public func local(_ date: Date) -> CityLocalTime {
        let raw = date.timeIntervalSince1970
        let clamped = raw.isNaN ? 0 : min(max(raw, -1e11), 1e11).rounded(.down)
        let seconds = Int64(clamped)
        let local = seconds + Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: clamped)))
        let date = CivilDate(utcSeconds: local, offsetSeconds: 0)
        return CityLocalTime(date: date, secondOfDay: Int(local - Int64(date.daysSince1970) * 86_400))
    }

    /// The instant of local midnight at the start of `date`.
    public func startOfDay(_ date: CivilDate) -> Date {
        let localMidnight = Double(date.daysSince1970) * 86_400
        var guess = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT()))
        // One correction step handles a zone whose offset on that date differs from today's.
        guess = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT(for: guess)))
        return guess
    }

    /// `10:05 WIT` for an instant, in this zone.
    public func formatTime(_ date: Date) -> String {
        let local = local(date)
        let minutes = local.secondOfDay / 60
        return (CityTimeOfDay(minutes: minutes)?.description ?? "??:??") + " " + label
    }

    public static func == (lhs: CityTimeZone, rhs: CityTimeZone) -> Bool {
        lhs.identifier == rhs.identifier && lhs.label == rhs.label
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(identifier)
        hasher.combine(label)
    }

    private enum CodingKeys: String, CodingKey { case identifier, label }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let identifier = try container.decode(String.self, forKey: .identifier)
        let label = try container.decode(String.self, forKey: .label)
        guard let timeZone = TimeZone(identifier: identifier), !identifier.isEmpty else {
            throw DecodingError.dataCorruptedError(
                forKey: .identifier, in: container,
                debugDescription: "'\(identifier)' is not a known IANA time zone (e.g. Asia/Jayapura)")
        }
        self.identifier = identifier
        self.label = label
        self.timeZone = timeZone
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(identifier, forKey: .identifier)
        try container.encode(label, forKey: .label)
    }
}

/// A local date and time of day in the city's zone.
public struct CityLocalTime: Sendable, Hashable {
    /// The local calendar date.
    public var date: CivilDate
    /// Seconds since local midnight, 0–86399.
    public var secondOfDay: Int
    /// Minutes since local midnight, 0–1439.
    public var minuteOfDay: Int { secondOfDay / 60 }
}

extension LedgerError.Code {
    /// A time-zone identifier is not in the system's database.
    public static let cityUnknownTimeZone = LedgerError.Code("city.cityUnknownTimeZone")
}
