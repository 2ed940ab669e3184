import Foundation

/// Everything Lunas knows about a city, loaded and validated from a configuration directory.
///
/// Files (in `Config/` for the demo city, Ambon):
///
/// | file | content |
/// |---|---|
/// | `lunas.json` | the `city` object (``City``); other top-level keys belong to the server |
/// | `vehicle-classes.json` | `{"vehicleClasses": [``VehicleClass``]}` |
/// | `zones.json` | `{"zones": [``Zone``]}` |
/// | `tariffs/*.json` | one ``TariffSet`` per file, at least one file |
/// | `events.json` | optional ``TariffEventCalendar`` |
/// | `fees.json` | ``FeeSchedule`` |
/// | `receipt-keys.json` | optional ``ReceiptKeyRing`` (public keys only) |
/// | `service-standards.json` | optional ``ServiceStandards`` (else ``ServiceStandards/standard``) |
///
/// Loading validates everything (types, unknown keys, ranges, cross-references between files) and
/// reports every problem at once, each as `Config/tariffs/ambon.json: rules[2].charge.dailyCap:
/// must be positive`. Nothing is returned unless all files are valid.
public struct CityConfiguration: Sendable {
    /// The city and its merchant identity.
    public var city: City
    /// The vehicle classes, in file order.
    public var vehicleClasses: [VehicleClass]
    /// The zones, in file order.
    public var zones: [Zone]
    /// The tariff sets.
    public var tariffs: TariffSchedule
    /// The event calendar.
    public var events: TariffEventCalendar
    /// The public fees.
    public var fees: FeeSchedule
    /// The trusted receipt public keys.
    public var receiptKeys: ReceiptKeyRing
    /// The published service standard and complaint handling times.
    public var serviceStandards: ServiceStandards = .standard

    /// Creates a configuration from values, validating them as ``load(from:)`` does.
    ///
    /// - Throws: `LedgerError` `config.invalid` listing every problem.
    public init(
        city: City, vehicleClasses: [VehicleClass], zones: [Zone], tariffs: TariffSchedule,
        events: TariffEventCalendar = .empty, fees: FeeSchedule, receiptKeys: ReceiptKeyRing = .empty
    ) throws {
        self.init(
            unchecked: city, vehicleClasses: vehicleClasses, zones: zones, tariffs: tariffs, events: events, fees: fees,
            receiptKeys: receiptKeys)
        let files = Files(tariffs: tariffs.sets.map { "tariffs/\($0.id).json" })
        try Self.throwIfAny(validate(files: files))
    }

    private init(
        unchecked city: City, vehicleClasses: [VehicleClass], zones: [Zone], tariffs: TariffSchedule,
        events: TariffEventCalendar, fees: FeeSchedule, receiptKeys: ReceiptKeyRing
    ) {
        self.city = city
        self.vehicleClasses = vehicleClasses
        self.zones = zones
        self.tariffs = tariffs
        self.events = events
        self.fees = fees
        self.receiptKeys = receiptKeys
    }

    /// Loads and validates a configuration directory.
    ///
    /// - Parameter directory: the directory (`Config`).
    /// - Throws: `LedgerError` `config.invalid` whose message lists every problem (one per line) and
    ///   whose `cause` is ``CityConfigurationProblems``; `field` is the first problem's JSON path.
    public static func load(from directory: URL) throws -> CityConfiguration {
        let reader = CityConfigurationDecoder(directory: directory)
        var problems: [CityConfigurationIssue] = []
        func load<T: Codable>(_ type: T.Type, _ name: String, key: String? = nil, optional: Bool = false) -> T? {
            guard let data = reader.read(name, optional: optional, into: &problems) else { return nil }
            return reader.decode(type, from: data, file: reader.label(name), key: key, into: &problems)
        }
        let city = load(City.self, "lunas.json", key: "city")
        let vehicleClasses = load(VehicleClassList.self, "vehicle-classes.json")
        let zones = load(ZoneList.self, "zones.json")
        let events = load(TariffEventCalendar.self, "events.json", optional: true)
        let fees = load(FeeSchedule.self, "fees.json")
        let keys = load(ReceiptKeyRing.self, "receipt-keys.json", optional: true)
        let standards = load(ServiceStandards.self, "service-standards.json", optional: true)
        if let standards {
            var issues = CityConfigurationIssues(file: reader.label("service-standards.json"))
            standards.validate(into: &issues)
            problems += issues.list
        }
        var sets: [TariffSet] = []
        var tariffFiles: [String] = []
        let tariffNames = tariffFileNames(in: directory)
        if tariffNames.isEmpty {
            problems.append(
                CityConfigurationIssue(file: reader.label("tariffs"), path: "", message: "no tariff files (*.json)"))
        }
        for name in tariffNames {
            if let set = load(TariffSet.self, "tariffs/" + name) {
                sets.append(set)
                tariffFiles.append("tariffs/" + name)
            }
        }
        guard problems.isEmpty, let city, let vehicleClasses, let zones, let fees else {
            try throwIfAny(problems)
            throw LedgerError(.configInvalid, "configuration could not be loaded")
        }
        var configuration = CityConfiguration(
            unchecked: city, vehicleClasses: vehicleClasses.vehicleClasses, zones: zones.zones,
            tariffs: TariffSchedule(sets: sets), events: events ?? .empty, fees: fees, receiptKeys: keys ?? .empty)
        configuration.serviceStandards = standards ?? .standard
        // TariffSchedule sorts by date; keep each set's file name with it.
        let fileBySet = Dictionary(zip(sets.map(\.id), tariffFiles), uniquingKeysWith: { first, _ in first })
        let files = Files(
            prefix: directory.lastPathComponent + "/",
            tariffs: configuration.tariffs.sets.map { fileBySet[$0.id] ?? "tariffs/\($0.id).json" })
        try throwIfAny(configuration.validate(files: files))
        return configuration
    }

    /// An evaluator for this city's catalogue and event calendar.
    public var evaluator: TariffEvaluator {
        TariffEvaluator(timeZone: city.timeZone, vehicleClasses: vehicleClasses, zones: zones, events: events)
    }

    /// Prices a parking stay under the tariff set effective on the entry date.
    ///
    /// - Throws: the errors of ``TariffEvaluator/quote(_:vehicleClass:zone:entry:exit:)-(TariffSchedule,_,_,_,_)``.
    public func quote(vehicleClass: VehicleClass.ID, zone: Zone.ID, entry: Date, exit: Date?) throws -> TariffQuote {
        try evaluator.quote(tariffs, vehicleClass: vehicleClass, zone: zone, entry: entry, exit: exit)
    }

    private static func tariffFileNames(in directory: URL) -> [String] {
        let folder = directory.appendingPathComponent("tariffs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func throwIfAny(_ problems: [CityConfigurationIssue]) throws {
        guard let first = problems.first else { return }
        throw LedgerError(
            .configInvalid, problems.map(\.description).joined(separator: "\n"),
            field: first.path.isEmpty ? nil : first.path, cause: CityConfigurationProblems(issues: problems))
    }

    /// The file labels used in messages.
    struct Files {
        var prefix = ""
        var tariffs: [String]
        var lunas: String { prefix + "lunas.json" }
        var vehicleClasses: String { prefix + "vehicle-classes.json" }
        var zones: String { prefix + "zones.json" }
        var events: String { prefix + "events.json" }
        var fees: String { prefix + "fees.json" }
        var receiptKeys: String { prefix + "receipt-keys.json" }
        func tariff(_ index: Int) -> String { prefix + (index < tariffs.count ? tariffs[index] : "tariffs") }
    }

    private struct VehicleClassList: Codable { var vehicleClasses: [VehicleClass] }
    private struct ZoneList: Codable { var zones: [Zone] }
}

extension LedgerError.Code {
    /// A configuration file is missing, unreadable or invalid.
    public static let configInvalid = LedgerError.Code("config.invalid")
}
