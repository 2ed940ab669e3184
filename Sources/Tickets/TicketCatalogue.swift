import Foundation
import Ledger

/// What a printed ticket needs to know of the city: the header (city, merchant, NMID, time zone,
/// check URL) and the tariff catalogue that names zones and classes and prices a stay.
///
/// The server builds it from its ``CityConfiguration``; the handheld from the signed offline
/// bundle it downloaded, so both print the same lines for the same stay.
public struct TicketCatalogue: Sendable {
    /// The city's name, printed upper-case at the top.
    public var cityName: String
    /// The merchant name as in QRIS tag 59.
    public var merchantName: String
    /// The National Merchant ID (QRIS tag 51 sub-tag 02).
    public var nmid: String
    /// The city's time zone.
    public var timeZone: CityTimeZone
    /// Where a citizen checks a short code, e.g. `parkir.ambon.go.id/cek`.
    public var checkURL: String?
    /// The vehicle classes (names printed on tickets).
    public var vehicleClasses: [VehicleClass]
    /// The zones (names printed on tickets).
    public var zones: [Zone]
    /// The tariff sets.
    public var tariffs: TariffSchedule
    /// The event calendar the evaluator applies.
    public var events: TariffEventCalendar

    /// Creates a catalogue from its parts.
    public init(
        cityName: String, merchantName: String, nmid: String, timeZone: CityTimeZone, checkURL: String?,
        vehicleClasses: [VehicleClass], zones: [Zone], tariffs: TariffSchedule, events: TariffEventCalendar
    ) {
        self.cityName = cityName
        self.merchantName = merchantName
        self.nmid = nmid
        self.timeZone = timeZone
        self.checkURL = checkURL
        self.vehicleClasses = vehicleClasses
        self.zones = zones
        self.tariffs = tariffs
        self.events = events
    }

    /// The catalogue of a server's city configuration.
    public init(configuration: CityConfiguration) {
        let city = configuration.city
        self.init(
            cityName: city.name, merchantName: city.merchant.name, nmid: city.merchant.nmid, timeZone: city.timeZone,
            checkURL: city.checkURL, vehicleClasses: configuration.vehicleClasses, zones: configuration.zones,
            tariffs: configuration.tariffs, events: configuration.events)
    }

    /// The evaluator that prices stays exactly as the server does.
    public var evaluator: TariffEvaluator {
        TariffEvaluator(timeZone: timeZone, vehicleClasses: vehicleClasses, zones: zones, events: events)
    }

    /// Prices a stay under the tariff set effective on the entry's local date.
    ///
    /// - Throws: the errors of ``TariffEvaluator``'s quote.
    public func quote(vehicleClass: String, zone: String, entry: Date, exit: Date?) throws -> TariffQuote {
        try evaluator.quote(tariffs, vehicleClass: .init(vehicleClass), zone: .init(zone), entry: entry, exit: exit)
    }
}
