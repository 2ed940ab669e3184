import Foundation

extension CityConfiguration {
    /// Every problem in the configuration, with the file and JSON path of each.
    func validate(files: Files) -> [CityConfigurationIssue] {
        var cityIssues = CityConfigurationIssues(file: files.lunas)
        city.validate(at: "city", into: &cityIssues)

        var vehicleIssues = CityConfigurationIssues(file: files.vehicleClasses)
        if vehicleClasses.isEmpty { vehicleIssues.add("vehicleClasses", "must list at least one vehicle class") }
        var seenVehicles: Set<VehicleClass.ID> = []
        for (index, vehicle) in vehicleClasses.enumerated() {
            let path = "vehicleClasses[\(index)]"
            if !vehicle.id.isWellFormed {
                vehicleIssues.add("\(path).id", "must be 1–32 lower-case letters, digits or '-', got '\(vehicle.id)'")
            }
            if !seenVehicles.insert(vehicle.id).inserted {
                vehicleIssues.add("\(path).id", "'\(vehicle.id)' is listed twice")
            }
            if vehicle.name.trimmingCharacters(in: .whitespaces).isEmpty {
                vehicleIssues.add("\(path).name", "must not be empty")
            }
        }

        var zoneIssues = CityConfigurationIssues(file: files.zones)
        if zones.isEmpty { zoneIssues.add("zones", "must list at least one zone") }
        var seenZones: Set<Zone.ID> = []
        for (index, zone) in zones.enumerated() {
            let path = "zones[\(index)]"
            if !zone.id.isWellFormed {
                zoneIssues.add("\(path).id", "must be 1–32 lower-case letters, digits or '-', got '\(zone.id)'")
            }
            if !seenZones.insert(zone.id).inserted { zoneIssues.add("\(path).id", "'\(zone.id)' is listed twice") }
            if zone.name.trimmingCharacters(in: .whitespaces).isEmpty {
                zoneIssues.add("\(path).name", "must not be empty")
            }
            if zone.district.trimmingCharacters(in: .whitespaces).isEmpty {
                zoneIssues.add("\(path).district", "must not be empty")
            }
            for set in tariffs.sets where !set.rules.contains(where: { $0.tariffClasses.contains(zone.tariffClass) }) {
                zoneIssues.add(
                    "\(path).tariffClass", "no rule of tariff set '\(set.id)' covers tariff class '\(zone.tariffClass)'"
                )
            }
        }

        var tariffIssues: [CityConfigurationIssue] = []
        var setIDs: [String: Int] = [:]
        for (index, set) in tariffs.sets.enumerated() {
            var issues = CityConfigurationIssues(file: files.tariff(index))
            if let other = setIDs[set.id] {
                issues.add("id", "'\(set.id)' is also the id of \(files.tariff(other))")
            }
            setIDs[set.id] = index
            for (otherIndex, other) in tariffs.sets.enumerated().prefix(index) where Self.overlap(set, other) {
                issues.add("effectiveFrom", "its dates overlap those of '\(other.id)' (\(files.tariff(otherIndex)))")
            }
            set.validate(knownVehicles: seenVehicles, into: &issues)
            tariffIssues += issues.list
        }

        var eventIssues = CityConfigurationIssues(file: files.events)
        var seenEvents: Set<String> = []
        let tariffClasses = Set(tariffs.sets.flatMap { $0.rules.flatMap(\.tariffClasses) })
        for (index, event) in events.events.enumerated() {
            let path = "events[\(index)]"
            if event.id.isEmpty { eventIssues.add("\(path).id", "must not be empty") }
            if !seenEvents.insert(event.id).inserted { eventIssues.add("\(path).id", "'\(event.id)' is listed twice") }
            if event.name.trimmingCharacters(in: .whitespaces).isEmpty {
                eventIssues.add("\(path).name", "must not be empty")
            }
            if event.through < event.from {
                eventIssues.add("\(path).through", "\(event.through) is before from (\(event.from))")
            }
            if !(0...1000).contains(event.percent) {
                eventIssues.add("\(path).percent", "must be 0–1000, got \(event.percent)")
            }
            for (i, item) in event.tariffClasses.enumerated() where !tariffClasses.contains(item) {
                eventIssues.add("\(path).tariffClasses[\(i)]", "no tariff rule uses tariff class '\(item)'")
            }
            for (i, item) in event.zones.enumerated() where !seenZones.contains(item) {
                eventIssues.add("\(path).zones[\(i)]", "unknown zone '\(item)'")
            }
            for (i, item) in event.vehicleClasses.enumerated() where !seenVehicles.contains(item) {
                eventIssues.add("\(path).vehicleClasses[\(i)]", "unknown vehicle class '\(item)'")
            }
            event.legalBasis.validate(at: "\(path).legalBasis", into: &eventIssues)
        }

        var feeIssues = CityConfigurationIssues(file: files.fees)
        fees.validate(into: &feeIssues)

        var keyIssues = CityConfigurationIssues(file: files.receiptKeys)
        for (index, entry) in receiptKeys.keys.enumerated()
        where entry.label.trimmingCharacters(in: .whitespaces).isEmpty {
            keyIssues.add("keys[\(index)].label", "must not be empty")
        }

        return cityIssues.list + vehicleIssues.list + zoneIssues.list + tariffIssues + eventIssues.list
            + feeIssues.list + keyIssues.list
    }

    private static func overlap(_ lhs: TariffSet, _ rhs: TariffSet) -> Bool {
        let lhsEnd = lhs.effectiveUntil?.daysSince1970 ?? Int.max
        let rhsEnd = rhs.effectiveUntil?.daysSince1970 ?? Int.max
        return lhs.effectiveFrom.daysSince1970 < rhsEnd && rhs.effectiveFrom.daysSince1970 < lhsEnd
    }
}
