import Foundation
import Testing

@testable import Ledger

@Suite("City configuration")
struct CityConfigurationTests {
    /// The repository's `Config/` directory: the demo city, Ambon.
    static let demoDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Config")

    @Test func demoCityLoads() throws {
        let config = try CityConfiguration.load(from: Self.demoDirectory)
        #expect(config.city.id == "ambon")
        #expect(config.city.timeZone.identifier == "Asia/Jayapura")
        #expect(config.city.timeZone.label == "WIT")
        #expect(config.city.billNumberPrefix == "AMB")
        #expect(config.city.merchant.postalCode.hasPrefix("97"))
        let vehicles = Set(config.vehicleClasses.map(\.id))
        #expect(vehicles.isSuperset(of: ["motorcycle", "car", "truck", "bus"]))
        #expect(config.zones.count >= 5)
        #expect(config.zones.allSatisfy { $0.demo })
        #expect(config.tariffs.sets.map(\.id) == ["ambon-parkir-2024", "ambon-parkir-2026"])
        #expect(config.fees.fees.count >= 5)
        #expect(config.events.events.count == 1)
        // Every demo citation is marked as a placeholder, so nobody mistakes it for law.
        let bases =
            config.tariffs.sets.flatMap { [$0.legalBasis] + $0.rules.map(\.legalBasis) }
            + config.fees.fees.map(\.legalBasis) + config.events.events.map(\.legalBasis)
        #expect(bases.allSatisfy { $0.placeholder })
    }

    @Test(
        "demo tariffs price real-looking stays",
        arguments: [
            ("car", "ayp-01", "2026-03-02 10:00", "2026-03-02 12:30", 7000),
            ("motorcycle", "smr-01", "2026-03-02 10:00", nil, 2000),
            ("motorcycle", "smr-01", "2025-12-31 10:00", nil, 1000),
            ("car", "mdk-lot", "2026-03-01 10:00", "2026-03-01 12:00", 2500),
            ("truck", "ptm-01", "2026-03-02 08:00", "2026-03-02 09:30", 15000),
            ("car", "ayp-01", "2026-09-06 10:00", "2026-09-06 11:00", 6000),
            ("bus", "lmn-01", "2026-03-02 08:00", nil, 5000),
        ] as [(String, String, String, String?, Int64)])
    func demoQuotes(_ vehicle: String, _ zone: String, _ entry: String, _ exit: String?, _ amount: Int64) throws {
        let config = try CityConfiguration.load(from: Self.demoDirectory)
        let quote = try config.quote(
            vehicleClass: VehicleClass.ID(vehicle), zone: Zone.ID(zone), entry: TariffEvaluatorFixtures.wit(entry),
            exit: exit.map(TariffEvaluatorFixtures.wit))
        #expect(quote.amount == Rupiah(amount))
    }

    @Test func demoFeesResolve() throws {
        let fees = try CityConfiguration.load(from: Self.demoDirectory).fees
        #expect(try fees.resolve(code: "PASAR-LOS-HARIAN", amount: nil) == Rupiah(5000))
        #expect(try fees.resolve(code: "SAMPAH-USAHA", amount: Rupiah(75_000)) == Rupiah(75_000))
    }

    @Test func publishedTariffsRoundTripThroughJSON() throws {
        let config = try CityConfiguration.load(from: Self.demoDirectory)
        let data = try JSONEncoder().encode(config.tariffs)
        #expect(try JSONDecoder().decode(TariffSchedule.self, from: data) == config.tariffs)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("Mobil penumpang, kawasan A"))
        #expect(text.contains("\"placeholder\":true"))
    }
}

/// Broken copies of the demo configuration, each reported with its file and JSON path.
@Suite("City configuration errors")
struct CityConfigurationErrorTests {
    struct Change: Sendable, CustomTestStringConvertible {
        var file: String
        var old: String
        var new: String
        var expected: String
        var testDescription: String { expected }
    }

    static let tariff = "tariffs/ambon-parkir-2026.json"

    static let changes: [Change] = [
        Change(
            file: tariff, old: #""dailyCap": 25000"#, new: #""dailyCap": -1"#,
            expected: "Config/tariffs/ambon-parkir-2026.json: rules[1].charge.dailyCap: must be positive"),
        Change(
            file: tariff, old: #""dailyCap": 25000"#, new: #""dailyCAP": 25000"#,
            expected: "Config/tariffs/ambon-parkir-2026.json: rules[1].charge.dailyCAP: unknown key"),
        Change(
            file: tariff, old: #""type": "flat", "amount": 2000 }"#, new: #""type": "flat", "amount": "2000" }"#,
            expected: "Config/tariffs/ambon-parkir-2026.json: rules[0].charge.amount: expected a whole number"),
        Change(
            file: tariff, old: #""type": "flat", "amount": 2000 }"#, new: #""type": "flat", "amount": 2000.5 }"#,
            expected:
                "Config/tariffs/ambon-parkir-2026.json: rules[0].charge.amount: must be a whole number, got 2000.5"),
        Change(
            file: tariff, old: #""type": "flat", "amount": 2000 }"#, new: #""type": "flat", "amount": 1e30 }"#,
            expected: "Config/tariffs/ambon-parkir-2026.json: rules[0].charge.amount: must fit in 64 bits"),
        Change(
            file: tariff, old: #""type": "flat", "amount": 2000 }"#, new: #""type": "flat", "amount": null }"#,
            expected: "Config/tariffs/ambon-parkir-2026.json: rules[0].charge.amount: expected"),
        Change(
            file: tariff, old: #""type": "flat", "amount": 2000 }"#, new: #""type": "hourly", "amount": 2000 }"#,
            expected: "rules[0].charge.type: 'hourly' is not a charge type"),
        Change(
            file: tariff, old: #""vehicleClasses": ["motorcycle"],"#, new: #""vehicleClasses": ["becak"],"#,
            expected: "rules[0].vehicleClasses[0]: unknown vehicle class 'becak'"),
        Change(
            file: tariff, old: #""vehicleClasses": ["car"],"#, new: #""vehicleClasses": ["motorcycle"],"#,
            expected: "rules[1].vehicleClasses[0]: 'motorcycle' in tariff class 'A' is already priced by rules[0]"),
        Change(
            file: tariff, old: #""start": "22:00", "end": "06:00""#, new: #""start": "22:00", "end": "22:00""#,
            expected: "rules[1].windows[0].end: must differ from start"),
        Change(
            file: tariff, old: #""start": "22:00", "end": "06:00""#, new: #""start": "22:00", "end": "6:00""#,
            expected: "rules[1].windows[0].end: '6:00' is not a time"),
        Change(
            file: tariff, old: #""days": ["sun"]"#, new: #""days": ["minggu"]"#,
            expected: "rules[7].windows[0].days[0]:"),
        Change(
            file: tariff, old: #""effectiveFrom": "2026-01-01""#, new: #""effectiveFrom": "2025-06-01""#,
            expected:
                "Config/tariffs/ambon-parkir-2026.json: effectiveFrom: its dates overlap those of 'ambon-parkir-2024'"),
        Change(
            file: tariff, old: #""effectiveFrom": "2026-01-01""#, new: #""effectiveFrom": "2026-02-30""#,
            expected: "Config/tariffs/ambon-parkir-2026.json: effectiveFrom: '2026-02-30' is not a date"),
        Change(
            file: tariff, old: #""article": "Lampiran, parkir tepi jalan umum, angka 1 huruf a""#,
            new: #""article": " ""#,
            expected: "rules[0].legalBasis.article: must name the article"),
        Change(
            file: tariff, old: #""firstBlockMinutes": 60, "firstBlock": 3000"#,
            new: #""firstBlockMinutes": 0, "firstBlock": 3000"#,
            expected: "rules[1].charge.firstBlockMinutes: must be 1–1440 minutes, got 0"),
        Change(
            file: tariff, old: "\"rules\": [", new: "\"rules\": [[",
            expected: "Config/tariffs/ambon-parkir-2026.json: is not valid JSON"),
        Change(
            file: "zones.json", old: #""name": "Jl. A.M. Sangadji", "#, new: "",
            expected: "Config/zones.json: zones[4].name: missing key"),
        Change(
            file: "zones.json", old: #""id": "smr-01""#, new: #""id": "ayp-01""#,
            expected: "Config/zones.json: zones[1].id: 'ayp-01' is listed twice"),
        Change(
            file: "zones.json", old: #""tariffClass": "C""#, new: #""tariffClass": "D""#,
            expected:
                "Config/zones.json: zones[7].tariffClass: no rule of tariff set 'ambon-parkir-2026' covers tariff class 'D'"
        ),
        Change(
            file: "lunas.json", old: "Asia/Jayapura", new: "Asia/Ambon",
            expected: "Config/lunas.json: city.timeZone.identifier: 'Asia/Ambon' is not a known IANA time zone"),
        Change(
            file: "lunas.json", old: #""nmid": "ID1026000097126""#, new: #""nmid": "ID1026000097127""#,
            expected:
                "Config/lunas.json: city.merchant.staticQRIS: tag 51-02 is 'ID1026000097126', but nmid is 'ID1026000097127'"
        ),
        Change(
            file: "lunas.json", old: #""billNumberPrefix": "AMB""#, new: #""billNumberPrefix": "amb""#,
            expected: "Config/lunas.json: city.billNumberPrefix: must be 2–6 upper-case letters or digits, got 'amb'"),
        Change(
            file: "lunas.json", old: #""mdrCategory": "p2g""#, new: #""mdrCategory": "gratis""#,
            expected: "Config/lunas.json: city.merchant.mdrCategory:"),
        Change(
            file: "lunas.json", old: #""city": {"#, new: #""kota": {"#,
            expected: "Config/lunas.json: city: missing key"),
        Change(
            file: "fees.json", old: #""amount": 5000, "unit": "per hari""#, new: #""amount": 0, "unit": "per hari""#,
            expected: "Config/fees.json: fees[0].amount: must be 1–10000000 (one QRIS payment), got 0"),
        Change(
            file: "fees.json", old: #""minimum": 25000, "maximum": 500000"#,
            new: #""minimum": 25000, "maximum": 20000"#,
            expected: "Config/fees.json: fees[3].maximum: 20000 is below minimum (25000)"),
        Change(
            file: "fees.json", old: #""code": "PBG""#, new: #""code": "PASAR-LOS-HARIAN""#,
            expected: "Config/fees.json: fees[6].code: 'PASAR-LOS-HARIAN' is listed twice"),
        Change(
            file: "events.json", old: #""through": "2026-09-08""#, new: #""through": "2026-09-01""#,
            expected: "Config/events.json: events[0].through: 2026-09-01 is before from (2026-09-05)"),
        Change(
            file: "events.json", old: #""tariffClasses": ["A"]"#, new: #""tariffClasses": ["Z"]"#,
            expected: "Config/events.json: events[0].tariffClasses[0]: no tariff rule uses tariff class 'Z'"),
        Change(
            file: "receipt-keys.json", old: #""keys": []"#, new: #""keys": [{"label": "x", "publicKey": "AAAA"}]"#,
            expected: "Config/receipt-keys.json: keys[0].publicKey: not the base64 of a 32-byte Ed25519 public key"),
        Change(
            file: "vehicle-classes.json", old: #"{ "id": "bus", "name": "Bus" }"#,
            new: #"{ "id": "Bus!", "name": "Bus" }"#,
            expected: "Config/vehicle-classes.json: vehicleClasses[3].id: must be 1–32 lower-case letters"),
    ]

    @Test("each broken file is reported with its path", arguments: changes)
    func reported(_ change: Change) throws {
        let directory = try Self.copyOfDemo()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try Self.replace(in: directory.appendingPathComponent(change.file), change.old, with: change.new)
        let error = try #require(throws: LedgerError.self) { try CityConfiguration.load(from: directory) }
        #expect(error.code == .configInvalid)
        #expect(error.message.contains(change.expected), "\(error.message)")
        let problems = try #require(error.cause as? CityConfigurationProblems)
        #expect(!problems.issues.isEmpty)
        #expect(error.field == (problems.issues[0].path.isEmpty ? nil : problems.issues[0].path))
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let directory = try Self.copyOfDemo()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try Self.replace(
            in: directory.appendingPathComponent(Self.tariff), #""dailyCap": 25000"#, with: #""dailyCap": 0"#)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("fees.json"))
        let error = try #require(throws: LedgerError.self) { try CityConfiguration.load(from: directory) }
        #expect(error.message.contains("Config/fees.json: file not found"))
        let problems = try #require(error.cause as? CityConfigurationProblems)
        #expect(problems.issues.count == 1)  // semantic checks wait until every file decodes
        try Self.replace(
            in: directory.appendingPathComponent("zones.json"), #""district": "Baguala""#, with: #""district": """#)
        try FileManager.default.copyItem(
            at: CityConfigurationTests.demoDirectory.appendingPathComponent("fees.json"),
            to: directory.appendingPathComponent("fees.json"))
        let second = try #require(throws: LedgerError.self) { try CityConfiguration.load(from: directory) }
        #expect(second.message.contains("Config/zones.json: zones[6].district: must not be empty"))
        #expect(
            second.message.contains("Config/tariffs/ambon-parkir-2026.json: rules[1].charge.dailyCap: must be positive")
        )
    }

    @Test func missingTariffDirectoryIsReported() throws {
        let directory = try Self.copyOfDemo()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("tariffs"))
        let error = try #require(throws: LedgerError.self) { try CityConfiguration.load(from: directory) }
        #expect(error.message.contains("Config/tariffs: no tariff files"))
    }

    @Test func optionalFilesMayBeAbsent() throws {
        let directory = try Self.copyOfDemo()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: directory.appendingPathComponent("events.json"))
        try FileManager.default.removeItem(at: directory.appendingPathComponent("receipt-keys.json"))
        let config = try CityConfiguration.load(from: directory)
        #expect(config.events.events.isEmpty)
        #expect(config.receiptKeys.keys.isEmpty)
    }

    /// A copy of `Config/` inside a fresh temporary directory, named `Config` so messages match.
    static func copyOfDemo() throws -> URL {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let directory = parent.appendingPathComponent("Config")
        try FileManager.default.copyItem(at: CityConfigurationTests.demoDirectory, to: directory)
        return directory
    }

    static func replace(in file: URL, _ old: String, with new: String) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        try #require(text.contains(old), "\(file.lastPathComponent) does not contain \(old)")
        try text.replacingOccurrences(of: old, with: new).write(to: file, atomically: true, encoding: .utf8)
    }
}
