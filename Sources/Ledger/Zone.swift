/// A place where the city charges for parking: a street segment or an off-street lot.
///
/// Each zone belongs to a tariff class (`A`, `B`), and tariff rules are written per tariff class
/// and vehicle class, so re-zoning a street never means editing a tariff.
public struct Zone: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier for a zone (`ayp-01`): lower-case letters, digits and `-`.
    public struct ID: ConfigurationIdentifier {
        /// The identifier's text.
        public var rawValue: String
        /// Wraps identifier text.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// Whether a zone is on the street or a lot.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Parking on a public road (tepi jalan umum, TJU): a retribusi jasa umum.
        case onStreet = "on-street"
        /// A city-run lot (tempat khusus parkir, TKP): a retribusi jasa usaha.
        case offStreet = "off-street"
    }

    /// The identifier: `ayp-01`.
    public var id: ID
    /// The name a citizen and an attendant read: `Jl. A.Y. Patty (Jl. Sam Ratulangi – Jl. Said Perintah)`.
    public var name: String
    /// On-street segment or lot.
    public var kind: Kind
    /// The tariff class whose rules apply here: `A`.
    public var tariffClass: TariffClass
    /// The district (kecamatan): `Sirimau`.
    public var district: String
    /// `true` for demonstration data that a real city replaces.
    public var demo: Bool

    /// Creates a zone.
    public init(id: ID, name: String, kind: Kind, tariffClass: TariffClass, district: String, demo: Bool = false) {
        self.id = id
        self.name = name
        self.kind = kind
        self.tariffClass = tariffClass
        self.district = district
        self.demo = demo
    }

    private enum CodingKeys: String, CodingKey { case id, name, kind, tariffClass, district, demo }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ID.self, forKey: .id)
        name = try container.decode(String.self, forKey: .name)
        kind = try container.decode(Kind.self, forKey: .kind)
        tariffClass = try container.decode(TariffClass.self, forKey: .tariffClass)
        district = try container.decode(String.self, forKey: .district)
        demo = try container.decodeIfPresent(Bool.self, forKey: .demo) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        try container.encode(kind, forKey: .kind)
        try container.encode(tariffClass, forKey: .tariffClass)
        try container.encode(district, forKey: .district)
        try container.encode(demo, forKey: .demo)
    }
}

extension Zone.ID {
    /// Whether the identifier has the allowed form: 1–32 lower-case letters, digits or `-`.
    var isWellFormed: Bool {
        (1...32).contains(rawValue.unicodeScalars.count)
            && rawValue.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
