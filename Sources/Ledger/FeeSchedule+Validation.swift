import Foundation

extension FeeSchedule {
    /// Adds a configuration issue for each problem; paths are relative to `fees.json`.
    func validate(into issues: inout CityConfigurationIssues) {
        var codes: Set<String> = []
        for (index, fee) in fees.enumerated() {
            let path = "fees[\(index)]"
            let codeOK =
                (1...32).contains(fee.code.unicodeScalars.count)
                && fee.code.unicodeScalars.allSatisfy {
                    ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                }
            if !codeOK {
                issues.add("\(path).code", "must be 1–32 upper-case letters, digits or '-', got '\(fee.code)'")
            }
            if !codes.insert(fee.code).inserted { issues.add("\(path).code", "'\(fee.code)' is listed twice") }
            if fee.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("\(path).name", "must not be empty") }
            if let unit = fee.unit, unit.trimmingCharacters(in: .whitespaces).isEmpty {
                issues.add("\(path).unit", "must not be empty when present")
            }
            let limit = FeeSchedule.qrisLimit
            switch fee.amount {
            case .fixed(let amount):
                if amount.value < 1 || amount > limit {
                    issues.add("\(path).amount", "must be 1–\(limit.value) (one QRIS payment), got \(amount.value)")
                }
            case .bounded(let minimum, let maximum):
                if minimum.value < 1 || minimum > limit {
                    issues.add("\(path).minimum", "must be 1–\(limit.value), got \(minimum.value)")
                }
                if maximum > limit {
                    issues.add("\(path).maximum", "must be at most \(limit.value), got \(maximum.value)")
                }
                if maximum < minimum {
                    issues.add("\(path).maximum", "\(maximum.value) is below minimum (\(minimum.value))")
                }
            }
            fee.legalBasis.validate(at: "\(path).legalBasis", into: &issues)
        }
    }
}
