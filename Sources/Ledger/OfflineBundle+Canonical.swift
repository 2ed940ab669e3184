import Foundation

extension OfflineBundle {
    /// The canonical object without `signature` (and without `bundleId` when it is being derived).
    func members(withBundleID: Bool) throws -> CanonicalJSON {
        var cityMembers: [String: CanonicalJSON] = [
            "id": .string(city.id), "name": .string(city.name), "timeZone": try CanonicalJSON(encoding: city.timeZone),
            "billNumberPrefix": .string(city.billNumberPrefix),
        ]
        if let checkURL = city.checkURL { cityMembers["checkURL"] = .string(checkURL) }
        if let merchantName = city.merchantName { cityMembers["merchantName"] = .string(merchantName) }
        if let nmid = city.nmid { cityMembers["nmid"] = .string(nmid) }
        var members: [String: CanonicalJSON] = [
            "bundleVersion": .int(Self.version), "city": .object(cityMembers),
            "deviceId": .string(deviceID.rawValue), "deviceCode": .string(deviceCode.rawValue),
            "deviceZones": .array(deviceZones.map { .string($0) }), "staticQRIS": .string(staticQRIS),
            "acceptsStaticBills": .bool(acceptsStaticBills), "validFrom": .string(OfflineTime.format(validFrom)),
            "validUntil": .string(OfflineTime.format(validUntil)), "maxHours": .int(maxHours),
            "maxTickets": .int(maxTickets), "invoiceLifetimeSeconds": .int(invoiceLifetimeSeconds),
            "lastSequence": .int(lastSequence), "vehicleClasses": try CanonicalJSON(encoding: vehicleClasses),
            "zones": try CanonicalJSON(encoding: zones), "tariffs": try CanonicalJSON(encoding: tariffs.sets),
            "events": try CanonicalJSON(encoding: events.events), "keyId": .string(keyID),
        ]
        if let attendant { members["attendant"] = .string(attendant) }
        if withBundleID { members["bundleId"] = .string(bundleID) }
        return .object(members)
    }

    /// Reads a bundle (what the handheld downloaded and stored).
    ///
    /// - Throws: `offline.invalidBundle` naming the member, or saying the `bundleVersion` is not
    ///   one this reader knows.
    public init(canonical value: CanonicalJSON) throws {
        func bad(_ member: String, _ what: String) -> LedgerError {
            LedgerError(.invalidOfflineBundle, "\(member) \(what)", field: member)
        }
        guard case .object(let members) = value else { throw bad("bundle", "is not a JSON object") }
        guard case .int(let version)? = members["bundleVersion"] else { throw bad("bundleVersion", "is missing") }
        guard version == Self.version else {
            throw bad("bundleVersion", "is \(version); this reader knows only version \(Self.version)")
        }
        func string(_ key: String, in object: [String: CanonicalJSON]? = nil) throws -> String {
            guard case .string(let text)? = (object ?? members)[key] else { throw bad(key, "must be a string") }
            return text
        }
        func int(_ key: String) throws -> Int64 {
            guard case .int(let number)? = members[key] else { throw bad(key, "must be an integer") }
            return number
        }
        func time(_ key: String) throws -> Date {
            guard let date = OfflineTime.parse(try string(key)) else { throw bad(key, "must be an RFC 3339 UTC time") }
            return date
        }
        func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
            guard let member = members[key] else { throw bad(key, "is missing") }
            do {
                return try member.decode(type)
            } catch {
                throw bad(key, "is not valid: \(error)")
            }
        }
        guard case .object(let cityMembers)? = members["city"] else { throw bad("city", "must be an object") }
        guard case .bool(let accepts)? = members["acceptsStaticBills"] else {
            throw bad("acceptsStaticBills", "must be true or false")
        }
        guard case .array(let zoneValues)? = members["deviceZones"] else {
            throw bad("deviceZones", "must be an array")
        }
        let deviceZones = try zoneValues.map { value -> String in
            guard case .string(let zone) = value else { throw bad("deviceZones", "must hold strings") }
            return zone
        }
        var checkURL: String?
        if cityMembers["checkURL"] != nil { checkURL = try string("checkURL", in: cityMembers) }
        let merchantName = cityMembers["merchantName"] == nil ? nil : try string("merchantName", in: cityMembers)
        let nmid = cityMembers["nmid"] == nil ? nil : try string("nmid", in: cityMembers)
        guard let timeZoneValue = cityMembers["timeZone"], let timeZone = try? timeZoneValue.decode(CityTimeZone.self)
        else { throw bad("city.timeZone", "is not a known time zone") }
        let city = CityInfo(
            id: try string("id", in: cityMembers), name: try string("name", in: cityMembers), timeZone: timeZone,
            billNumberPrefix: try string("billNumberPrefix", in: cityMembers), checkURL: checkURL,
            merchantName: merchantName, nmid: nmid)
        var attendant: String?
        if members["attendant"] != nil { attendant = try string("attendant") }
        let deviceCode: DeviceCode
        do {
            deviceCode = try DeviceCode(try string("deviceCode"))
        } catch {
            throw bad("deviceCode", "is not a device code")
        }
        self.init(
            city: city, deviceID: Device.ID(try string("deviceId")), deviceCode: deviceCode, deviceZones: deviceZones,
            attendant: attendant, staticQRIS: try string("staticQRIS"), acceptsStaticBills: accepts,
            validFrom: try time("validFrom"), validUntil: try time("validUntil"), maxHours: try int("maxHours"),
            maxTickets: try int("maxTickets"), invoiceLifetimeSeconds: try int("invoiceLifetimeSeconds"),
            lastSequence: try int("lastSequence"), vehicleClasses: try decode([VehicleClass].self, "vehicleClasses"),
            zones: try decode([Zone].self, "zones"),
            tariffs: TariffSchedule(sets: try decode([TariffSet].self, "tariffs")),
            events: TariffEventCalendar(events: try decode([TariffEvent].self, "events")))
        bundleID = try string("bundleId")
        keyID = try string("keyId")
        signature = try string("signature")
    }

    /// Reads a bundle and checks its signature against a public key ring (the city's
    /// `/.well-known/lunas-receipt-keys.json`).
    ///
    /// - Throws: `offline.invalidBundle`: malformed, unknown version, or (field `signature`) the
    ///   signature does not verify.
    public static func verified(_ value: CanonicalJSON, ring: ReceiptKeyRing) throws -> OfflineBundle {
        let bundle = try OfflineBundle(canonical: value)
        if let problem = bundle.signatureProblem(ring: ring) {
            throw LedgerError(.invalidOfflineBundle, problem, field: "signature")
        }
        // The signature covers what this reader rebuilt; also check nothing else was carried along.
        guard try bundle.canonical() == value else {
            throw LedgerError(
                .invalidOfflineBundle, "the bundle has members this reader does not know or could not rebuild",
                field: "bundle")
        }
        return bundle
    }
}
