import Foundation
import Ledger
import Reconciliation

/// Citizens' complaints as a use case: filing one (checked, linked to the invoice and device its
/// receipt names, given its deadline from the service standard and the holiday calendar) and working
/// it to an end (assign, answer, resolve), each step one ledger event naming who took it.
public struct ComplaintDesk: Sendable {
    public let book: any ComplaintBook
    public let store: any LedgerStore
    public let configuration: CityConfiguration
    /// Working days: weekends and the holidays of `Config/holidays/`.
    public let holidays: HolidayCalendar
    private let now: @Sendable () -> Date

    /// Creates a desk.
    public init(
        book: any ComplaintBook, store: any LedgerStore, configuration: CityConfiguration, holidays: HolidayCalendar,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.book = book
        self.store = store
        self.configuration = configuration
        self.holidays = holidays
        self.now = now
    }

    /// The roles that take, answer and resolve complaints.
    public static let roles: Set<Device.Role> = [.supervisor, .admin]

    /// Whether `device` (a device, or a staff member's ``Ledger/StaffMember/authority``) may see and
    /// work `complaint`: a supervisor enrolled for zones only those of its zones (a complaint
    /// without a zone — a fee's — belongs to city-wide supervisors); every other reader all.
    public static func covers(_ device: Device, _ complaint: Complaint) -> Bool {
        guard device.role == .supervisor, !device.zones.isEmpty else { return true }
        return complaint.filing.zone.map(device.zones.contains) ?? false
    }

    /// The zones a list for `device` is limited to: a zoned supervisor's, else nil (all).
    public static func zones(of device: Device) -> [String]? {
        device.role == .supervisor && !device.zones.isEmpty ? device.zones : nil
    }

    /// Files a complaint. A repeat with the same `formToken` returns the first one (`created` false).
    /// - Throws: ``IssuingError`` `request.invalidField` naming the field (`category`, `description`,
    ///   `zone`, `plate`, `occurredAt`, `contact`), `complaint.receiptUnknown` (`receiptCode` or
    ///   `billNumber`: no invoice has it), `complaint.photoInvalid` (`photo`).
    public func file(_ request: ComplaintRequest, formToken: String?) async throws -> FiledComplaint {
        let filedAt = now()
        guard let categoryText = Self.trimmed(request.category) else { throw Self.invalid("category", "is required") }
        guard let category = Complaint.Category(rawValue: categoryText) else {
            let known = Complaint.Category.allCases.map(\.rawValue).joined(separator: ", ")
            throw Self.invalid("category", "\"\(categoryText.prefix(40))\" is not one of \(known)")
        }
        guard let description = Self.trimmed(request.description) else {
            throw Self.invalid("description", "is required: say what happened")
        }
        try Self.check { try Complaint.validateMessage(description, field: "description") }
        let contact = try Self.trimmed(request.contact).map(Self.checkedContact)
        let plate = try Self.trimmed(request.plate).map { text in try Self.check { try LicensePlate.normalise(text) } }
        let occurredAt = try Self.trimmed(request.occurredAt).map { try occurred($0, filedAt: filedAt) }
        if let formToken {
            guard (16...128).contains(formToken.utf8.count), formToken.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw Self.invalid("formToken", "must be 16–128 printable ASCII characters")
            }
        }
        let photo = try request.photo.flatMap { $0.isEmpty ? nil : try ComplaintPhoto($0) }

        var invoice: Invoice?
        if let code = Self.trimmed(request.receiptCode) {
            invoice = try await store.invoice(typedReceiptCode: code)
            if invoice == nil { throw Self.unknownReceipt("receiptCode", "no ticket has this receipt code") }
        } else if let text = Self.trimmed(request.billNumber) {
            if let billNumber = try? BillNumber(text) { invoice = try await store.invoice(billNumber: billNumber) }
            if invoice == nil { throw Self.unknownReceipt("billNumber", "no ticket has this bill number") }
        }
        var zone: String?
        if let invoice {
            if let ticketID = invoice.ticketID { zone = try await store.ticket(id: ticketID)?.zone }
        }
        if zone == nil, let given = Self.trimmed(request.zone) {
            guard configuration.zones.contains(where: { $0.id.rawValue == given }) else {
                let known = configuration.zones.map(\.id.rawValue).joined(separator: ", ")
                throw Self.invalid("zone", "\"\(given.prefix(40))\" is not a zone of the city (\(known))")
            }
            zone = given
        }
        if invoice == nil, zone == nil {
            throw Self.invalid("zone", "is required when neither a receipt code nor a bill number is given")
        }

        let standards = configuration.serviceStandards
        guard let tier = standards.tier(for: category) else {
            throw IssuingError(.invalid, "complaint.noTier", "the service standard gives category \(category.rawValue) no tier")
        }
        let zoneOfCity = configuration.city.timeZone
        let day = zoneOfCity.local(filedAt).date
        let content = ComplaintContent(
            description: description, contact: contact, photo: photo?.bytes, photoType: photo?.contentType)
        for _ in 0..<8 {
            let filing = Complaint.Filing(
                number: Complaint.newNumber(on: day), category: category, tier: tier.id, filedAt: filedAt,
                acknowledgeBy: endOfWorkingDay(standards.complaints.acknowledgeWorkingDays, after: day),
                deadline: endOfWorkingDay(tier.workingDays, after: day), invoiceID: invoice?.id,
                deviceID: invoice?.deviceID, zone: zone, plate: plate, occurredAt: occurredAt,
                contentSHA256: content.digest)
            do {
                return try await book.fileComplaint(
                    filing, content: content, accessCode: Complaint.newAccessCode(), formToken: formToken)
            } catch let error as LedgerError where error.code == .complaintNumberTaken {
                continue
            }
        }
        throw IssuingError(.conflict, "complaint.numberTaken", "no free complaint number after 8 draws; try again")
    }

    /// The end (23:59:59.999 in the city's zone) of the `n`-th working day after `day`.
    public func endOfWorkingDay(_ n: Int, after day: CivilDate) -> Date {
        let due = holidays.addingWorkingDays(n, to: day)
        return configuration.city.timeZone.startOfDay(due.adding(days: 1)).addingTimeInterval(-0.001).ledgerRounded
    }

    /// Assigns a complaint for `device` (a supervisor or admin; `actor` names a staff member acting).
    public func assign(_ number: String, to assignee: String, device: Device?, actor: LedgerActor) async throws
        -> Complaint
    {
        try Self.allow(device)
        return try await book.assignComplaint(number: number, to: assignee, actor: actor, at: now())
    }

    /// Sends the citizen a message.
    public func answer(_ number: String, message: String, device: Device?, actor: LedgerActor) async throws
        -> Complaint
    {
        try Self.allow(device)
        let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
        return try await book.answerComplaint(number: number, message: text, actor: actor, at: now())
    }

    /// Ends a complaint. `outcome` is a ``Ledger/Complaint/Outcome`` raw value.
    /// - Throws: `request.invalidField` (`outcome`), the ledger's errors.
    public func resolve(
        _ number: String, outcome: String, note: String, laporNumber: String?, refundID: String?, device: Device?,
        actor: LedgerActor
    ) async throws -> Complaint {
        try Self.allow(device)
        guard let outcomeValue = Complaint.Outcome(rawValue: outcome) else {
            let known = Complaint.Outcome.allCases.map(\.rawValue).joined(separator: ", ")
            throw Self.invalid("outcome", "\"\(outcome.prefix(40))\" is not one of \(known)")
        }
        let resolution = Complaint.Resolution(
            outcome: outcomeValue, note: note.trimmingCharacters(in: .whitespacesAndNewlines),
            laporNumber: Self.trimmed(laporNumber), refundID: Self.trimmed(refundID).map(PaymentRefund.ID.init),
            actor: actor, at: now())
        return try await book.resolveComplaint(number: number, resolution)
    }

    private static func allow(_ device: Device?) throws {
        guard let device, !roles.contains(device.role) else { return }
        throw IssuingError(
            .forbidden, "auth.forbidden",
            "device \(device.id) has role \(device.role.rawValue); only supervisor and admin devices work complaints")
    }

    /// `YYYY-MM-DDTHH:MM[:SS]` in the city's zone, or RFC 3339 with an offset; not in the future.
    private func occurred(_ text: String, filedAt: Date) throws -> Date {
        var date: Date?
        if let instant = try? Date(text, strategy: .iso8601) {
            date = instant
        } else if text.utf8.count >= 16, let day = CivilDate.parse(String(text.prefix(10))),
            text.dropFirst(10).first == "T" || text.dropFirst(10).first == " "
        {
            let clock = text.dropFirst(11).split(separator: ":")
            if (2...3).contains(clock.count), let hour = Int(clock[0]), let minute = Int(clock[1]),
                (0..<24).contains(hour), (0..<60).contains(minute), clock[0].count == 2, clock[1].count == 2
            {
                let second = clock.count == 3 ? Int(clock[2]) ?? -1 : 0
                if (0..<60).contains(second) {
                    date = configuration.city.timeZone.startOfDay(day).addingTimeInterval(
                        Double(hour * 3600 + minute * 60 + second))
                }
            }
        }
        guard let date else {
            throw Self.invalid("occurredAt", "\"\(text.prefix(40))\" is not YYYY-MM-DDTHH:MM (city time) or RFC 3339")
        }
        guard date <= filedAt.addingTimeInterval(600) else {
            throw Self.invalid("occurredAt", "\(text.prefix(40)) is in the future")
        }
        guard date >= filedAt.addingTimeInterval(-366 * 86_400) else {
            throw Self.invalid("occurredAt", "\(text.prefix(40)) is more than a year ago")
        }
        return date
    }

    private static func checkedContact(_ text: String) throws -> String {
        let phone = text.utf8.allSatisfy { (0x30...0x39).contains($0) || " +-()".utf8.contains($0) }
            && text.utf8.filter({ (0x30...0x39).contains($0) }).count >= 6
        let email = text.utf8.count <= 254 && text.split(separator: "@").count == 2 && !text.contains(" ")
            && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
        guard text.utf8.count <= 120, phone || email else {
            throw invalid("contact", "must be a phone number (digits, +, -, spaces) or an e-mail address, at most 120 characters")
        }
        return text
    }

    private static func trimmed(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    private static func invalid(_ field: String, _ what: String) -> IssuingError {
        IssuingError(.invalid, "request.invalidField", "\(field) \(what)", field: field)
    }

    private static func unknownReceipt(_ field: String, _ what: String) -> IssuingError {
        IssuingError(.invalid, "complaint.receiptUnknown", "\(field): \(what); check the ticket, or leave it empty and give the zone", field: field)
    }

    /// Runs a ledger check, turning its `LedgerError` into a `request.invalidField` for its field.
    private static func check<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as LedgerError {
            throw IssuingError(.invalid, "request.invalidField", error.message, field: error.field)
        }
    }
}
