/// A class of vehicle that tariffs distinguish: `motorcycle`, `car`, `truck`, `bus`.
///
/// Parking regulations price by vehicle class (sepeda motor, mobil penumpang, truk/bus). The
/// identifier is what devices and the API send; the name is what a citizen reads.
public struct VehicleClass: Sendable, Hashable, Codable, Identifiable {
    /// A stable identifier for a vehicle class (`motorcycle`): lower-case letters, digits and `-`.
    public struct ID: ConfigurationIdentifier {
        /// The identifier's text.
        public var rawValue: String
        /// Wraps identifier text.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// The identifier: `motorcycle`.
    public var id: ID
    /// The Indonesian name a citizen reads: `Sepeda motor`.
    public var name: String

    /// Creates a vehicle class.
    public init(id: ID, name: String) {
        self.id = id
        self.name = name
    }
}

extension VehicleClass.ID {
    /// Whether the identifier has the allowed form: 1–32 lower-case letters, digits or `-`.
    var isWellFormed: Bool {
        (1...32).contains(rawValue.unicodeScalars.count)
            && rawValue.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
