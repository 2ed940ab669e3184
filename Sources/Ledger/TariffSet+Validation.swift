import Foundation

extension TariffSet {
    /// The largest amount a rule may set: one QRIS payment's limit, Rp10.000.000.
    static let maximumAmount = Rupiah(10_000_000)

    /// Adds a configuration issue for each problem in the set; paths are relative to the file.
    func validate(knownVehicles: Set<VehicleClass.ID>, into issues: inout CityConfigurationIssues) {
        if id.isEmpty { issues.add("id", "must not be empty") }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("name", "must not be empty") }
        if let effectiveUntil, effectiveUntil <= effectiveFrom {
            issues.add("effectiveUntil", "\(effectiveUntil) must be after effectiveFrom (\(effectiveFrom))")
        }
        legalBasis.validate(at: "legalBasis", into: &issues)
        if rules.isEmpty { issues.add("rules", "must list at least one rule") }
        var ruleIDs: Set<String> = []
        var covered: [String: Int] = [:]
        for (index, rule) in rules.enumerated() {
            let path = "rules[\(index)]"
            if rule.id.isEmpty { issues.add("\(path).id", "must not be empty") }
            if !ruleIDs.insert(rule.id).inserted { issues.add("\(path).id", "'\(rule.id)' is used by another rule") }
            if rule.name.trimmingCharacters(in: .whitespaces).isEmpty {
                issues.add("\(path).name", "must not be empty")
            }
            if rule.tariffClasses.isEmpty { issues.add("\(path).tariffClasses", "must list at least one tariff class") }
            if rule.vehicleClasses.isEmpty {
                issues.add("\(path).vehicleClasses", "must list at least one vehicle class")
            }
            for (i, tariffClass) in rule.tariffClasses.enumerated() where tariffClass.rawValue.isEmpty {
                issues.add("\(path).tariffClasses[\(i)]", "must not be empty")
            }
            for (i, vehicle) in rule.vehicleClasses.enumerated() {
                if !knownVehicles.contains(vehicle) {
                    issues.add("\(path).vehicleClasses[\(i)]", "unknown vehicle class '\(vehicle)'")
                }
                for tariffClass in rule.tariffClasses {
                    let key = "\(tariffClass.rawValue)\u{0}\(vehicle.rawValue)"
                    if let other = covered[key], other != index {
                        issues.add(
                            "\(path).vehicleClasses[\(i)]",
                            "'\(vehicle)' in tariff class '\(tariffClass)' is already priced by rules[\(other)]")
                    }
                    covered[key] = covered[key] ?? index
                }
            }
            rule.charge.validate(at: "\(path).charge", into: &issues)
            for (i, window) in rule.windows.enumerated() {
                window.validate(at: "\(path).windows[\(i)]", into: &issues)
            }
            rule.legalBasis.validate(at: "\(path).legalBasis", into: &issues)
        }
    }
}

extension TariffCharge {
    func validate(at path: String, into issues: inout CityConfigurationIssues) {
        func amount(_ value: Rupiah, _ key: String, positive: Bool = false) {
            if value.value < (positive ? 1 : 0) || value > TariffSet.maximumAmount {
                issues.add(
                    "\(path).\(key)",
                    positive
                        ? "must be positive and at most 10000000, got \(value.value)"
                        : "must be 0–10000000, got \(value.value)")
            }
        }
        switch self {
        case .flat(let value): amount(value, "amount")
        case .progressive(let charge):
            amount(charge.firstBlock, "firstBlock")
            amount(charge.nextBlock, "nextBlock")
            if let cap = charge.dailyCap { amount(cap, "dailyCap", positive: true) }
            for (key, minutes) in [
                ("firstBlockMinutes", charge.firstBlockMinutes), ("nextBlockMinutes", charge.nextBlockMinutes),
            ]
            where !(1...1440).contains(minutes) {
                issues.add("\(path).\(key)", "must be 1–1440 minutes, got \(minutes)")
            }
            if !(0...1440).contains(charge.graceMinutes) {
                issues.add("\(path).graceMinutes", "must be 0–1440 minutes, got \(charge.graceMinutes)")
            }
        }
    }
}

extension TariffWindow {
    func validate(at path: String, into issues: inout CityConfigurationIssues) {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("\(path).name", "must not be empty") }
        if start.minutes >= 1440 { issues.add("\(path).start", "must be before 24:00") }
        if end.minutes == 0 { issues.add("\(path).end", "must be after 00:00 (use 24:00 for midnight)") }
        if start == end { issues.add("\(path).end", "must differ from start (\(start))") }
        if !(0...1000).contains(percent) { issues.add("\(path).percent", "must be 0–1000, got \(percent)") }
        if Set(days).count != days.count { issues.add("\(path).days", "lists a day twice") }
    }
}
