/// Who may do what to invoices, in one place: the API refuses with these answers and
/// ``LedgerReplay`` checks every recorded cancellation against them (`lunas ledger verify`).
///
/// | role | issues | cancels |
/// |---|---|---|
/// | attendant | parking tickets, only in its zones | only invoices it issued |
/// | kiosk | fee invoices | only invoices it issued |
/// | admin | fee invoices (at the counter) | only invoices it issued |
/// | supervisor | nothing | any invoice issued in its zones; all of them without zones |
/// | finance | nothing | nothing |
extension Device {
    /// Why a device may not do something, or nil when it may.
    public enum Refusal: Sendable, Hashable, CustomStringConvertible {
        /// The device is not enrolled for the zone.
        case zoneNotEnrolled
        /// The role may cancel only what the device itself issued, and it did not issue this.
        case notIssuer(Device.ID)
        /// A supervisor whose zones do not include the invoice's zone.
        case zoneNotCovered
        /// The role may not do this at all.
        case role

        /// A short English reason.
        public var description: String {
            switch self {
            case .zoneNotEnrolled: "not enrolled for the zone"
            case .notIssuer(let issuer): "only its own invoices; device \(issuer) issued this one"
            case .zoneNotCovered: "the invoice's zone is not one of its zones"
            case .role: "its role may not"
            }
        }
    }

    /// The zones an invoice belongs to: its parking ticket's zone; for a fee invoice (no ticket),
    /// the zones of the device that issued it (a kiosk's zones), none when it has none.
    public static func invoiceZones(ticketZone: String?, issuer: Device?) -> [String] {
        if let ticketZone { return [ticketZone] }
        return issuer?.zones ?? []
    }

    /// Whether the device stands for every zone of the city: a supervisor enrolled without zones.
    public var coversWholeCity: Bool { role == .supervisor && zones.isEmpty }

    /// Whether the device may close city days: an admin, or a supervisor covering the whole city.
    public var mayCloseDays: Bool { role == .admin || coversWholeCity }

    /// Whether the device may work in `zone`: it is enrolled for it, or covers the whole city.
    public func covers(zone: String) -> Bool { coversWholeCity || zones.contains(zone) }

    /// Whether the device may issue a parking ticket in `zone` (attendants, in their zones).
    public func parkingRefusal(zone: String) -> Refusal? {
        guard role == .attendant else { return .role }
        return zones.contains(zone) ? nil : .zoneNotEnrolled
    }

    /// Whether the device may cancel an invoice issued by `issuer` in `invoiceZones` (a parking
    /// invoice's ticket zone; for a fee invoice, the zones of the device that issued it).
    ///
    /// Issuing devices cancel only their own invoices; a supervisor cancels any invoice in its
    /// zones (any at all without zones); finance and auditors cancel nothing.
    public func cancelRefusal(issuer: Device.ID, invoiceZones: [String]) -> Refusal? {
        switch role {
        case .attendant, .kiosk, .admin:
            return issuer == id ? nil : .notIssuer(issuer)
        case .supervisor:
            if coversWholeCity || invoiceZones.contains(where: covers(zone:)) { return nil }
            return .zoneNotCovered
        case .finance, .auditor:
            return .role
        }
    }
}

extension LedgerError.Code {
    /// The acting device's role may not do this (enrol or revoke devices: admin only).
    public static let actorNotAllowed = Self("device.actorNotAllowed")
    /// The acting device may not cancel this invoice (``Device/cancelRefusal(issuer:invoiceZones:)``).
    public static let cancelNotAllowed = Self("invoice.cancelNotAllowed")
}
