import Foundation

/// The city's published service standard (standar pelayanan, UU 25/2009 and PermenPANRB 15/2014)
/// as data: `Config/service-standards.json`. It holds the complaint handling times that every
/// complaint's deadline is computed from, and the components a citizen reads on
/// `/standar-pelayanan`.
public struct ServiceStandards: Sendable, Hashable, Codable {
    /// How complaints are handled.
    public struct Complaints: Sendable, Hashable, Codable {
        /// Working days within which a complaint is acknowledged (taken or answered).
        public var acknowledgeWorkingDays: Int
        /// The tiers by weight; every complaint category belongs to exactly one.
        public var tiers: [Tier]
        /// Where a complaint the city cannot settle is referred (SP4N-LAPOR!).
        public var referral: String
    }

    /// A weight of complaint and the working days the city has to answer it.
    public struct Tier: Sendable, Hashable, Codable {
        /// `ringan`, `berat`: 1–32 lower-case letters, digits or `-`.
        public var id: String
        /// As citizens read it ("Ringan").
        public var name: String
        /// Working days from filing to the answer (1–60).
        public var workingDays: Int
        /// The complaint categories of this weight (`Complaint.Category` raw values).
        public var categories: [String]
    }

    /// One public service and the components of its standard, each a list of lines.
    public struct Service: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        /// `parking` or `fee`: which tariffs `/standar-pelayanan` lists as its cost component.
        public var tariffs: String
        public var requirements: [String]
        public var procedure: [String]
        public var serviceTime: [String]
        public var product: [String]
        public var complaintChannel: [String]
        public var legalBasis: [String]
        public var facilities: [String]
        public var staffCompetence: [String]
        public var supervision: [String]
        public var staffing: [String]
        public var serviceGuarantee: [String]
        public var safetyGuarantee: [String]
        public var evaluation: [String]
        /// The service pledge (maklumat pelayanan).
        public var pledge: String
    }

    public var complaints: Complaints
    public var services: [Service]

    /// The tier a category belongs to.
    public func tier(for category: Complaint.Category) -> Tier? {
        complaints.tiers.first { $0.categories.contains(category.rawValue) }
    }

    /// Used when a configuration has no `service-standards.json`: acknowledge in 1 working day,
    /// answer light complaints in 3 and heavy ones (cash asked, an attendant's behaviour) in 14, as
    /// cities publish them; no service components.
    public static let standard = ServiceStandards(
        complaints: Complaints(
            acknowledgeWorkingDays: 1,
            tiers: [
                Tier(
                    id: "ringan", name: "Ringan", workingDays: 3,
                    categories: ["overcharged", "no_ticket", "qr_failed", "paid_shown_unpaid", "other"]),
                Tier(id: "berat", name: "Berat", workingDays: 14, categories: ["cash_requested", "attendant_behaviour"]),
            ], referral: "SP4N-LAPOR! (www.lapor.go.id)"), services: [])

    /// The problems in the standard, with their JSON paths.
    func validate(into issues: inout CityConfigurationIssues) {
        let days = complaints.acknowledgeWorkingDays
        if !(0...60).contains(days) {
            issues.add("complaints.acknowledgeWorkingDays", "must be 0–60, got \(days)")
        }
        if complaints.tiers.isEmpty { issues.add("complaints.tiers", "must list at least one tier") }
        var owner: [String: String] = [:]
        var tierIDs: Set<String> = []
        for (index, tier) in complaints.tiers.enumerated() {
            let path = "complaints.tiers[\(index)]"
            if !Self.isIdentifier(tier.id) {
                issues.add("\(path).id", "must be 1–32 lower-case letters, digits or '-', got '\(tier.id)'")
            }
            if !tierIDs.insert(tier.id).inserted { issues.add("\(path).id", "'\(tier.id)' is listed twice") }
            if tier.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("\(path).name", "must not be empty") }
            if !(1...60).contains(tier.workingDays) {
                issues.add("\(path).workingDays", "must be 1–60, got \(tier.workingDays)")
            } else if tier.workingDays < days {
                issues.add("\(path).workingDays", "must not be shorter than acknowledgeWorkingDays (\(days))")
            }
            for (position, category) in tier.categories.enumerated() {
                if Complaint.Category(rawValue: category) == nil {
                    let known = Complaint.Category.allCases.map(\.rawValue).joined(separator: ", ")
                    issues.add("\(path).categories[\(position)]", "unknown category '\(category)' (known: \(known))")
                } else if let other = owner.updateValue(tier.id, forKey: category) {
                    issues.add("\(path).categories[\(position)]", "'\(category)' is already in tier '\(other)'")
                }
            }
        }
        for category in Complaint.Category.allCases where owner[category.rawValue] == nil && !complaints.tiers.isEmpty {
            issues.add("complaints.tiers", "category '\(category.rawValue)' belongs to no tier")
        }
        var serviceIDs: Set<String> = []
        for (index, service) in services.enumerated() {
            let path = "services[\(index)]"
            if !Self.isIdentifier(service.id) {
                issues.add("\(path).id", "must be 1–32 lower-case letters, digits or '-', got '\(service.id)'")
            }
            if !serviceIDs.insert(service.id).inserted { issues.add("\(path).id", "'\(service.id)' is listed twice") }
            if !["parking", "fee"].contains(service.tariffs) {
                issues.add("\(path).tariffs", "must be 'parking' or 'fee', got '\(service.tariffs)'")
            }
            if service.name.trimmingCharacters(in: .whitespaces).isEmpty { issues.add("\(path).name", "must not be empty") }
        }
    }

    private static func isIdentifier(_ text: String) -> Bool {
        (1...32).contains(text.utf8.count)
            && text.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }
    }
}
