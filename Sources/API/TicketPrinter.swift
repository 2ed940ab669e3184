import Foundation
import Ledger
import QRImage

/// What a printed ticket shows, from the ledger's records and the city's configuration: the bill
/// of an invoice (flat entry, hourly exit with its breakdown, fee) and the entry ticket of an open
/// hourly ticket. Every ticket names the attendant who worked with the device when it was issued
/// (``LedgerStore/attendant(of:at:)``), or the terminal when none was recorded.
struct TicketPrinter {
    let services: APIServices

    private var configuration: CityConfiguration { services.configuration }

    /// The printable bill of an invoice.
    func content(invoice: Invoice) async throws -> TicketContent {
        let city = configuration.city
        var ticket: ParkingTicket?
        if let ticketID = invoice.ticketID { ticket = try await services.store.ticket(id: ticketID) }
        var content = base(
            title: invoice.kind == .parking ? "KARCIS PARKIR" : "TAGIHAN RETRIBUSI", deviceID: invoice.deviceID,
            at: invoice.issuedAt, ticket: ticket)
        content.amount = invoice.amount.value
        content.billNumber = invoice.billNumber.rawValue
        content.verificationCode = invoice.receiptCode
        content.qrPayload = invoice.qrisPayload
        content.shortCode = invoice.shortCode.grouped
        content.checkURL = city.checkURL
        content.attendant = try await services.store.attendant(of: invoice.deviceID, at: invoice.issuedAt)
        if let ticket {
            content.ticketNumber = ticket.id.rawValue
            if let exit = ticket.exitAt {
                content.timeLabel = "Keluar"
                content.details = exitDetails(ticket, exit: exit, charged: invoice.amount)
            } else {
                content.timeLabel = "Masuk"
            }
            Self.markReprints(ticket, &content)
        }
        return content
    }

    /// The entry ticket of an open hourly ticket: no QR and no amount, the tariff in words and
    /// "bayar saat keluar".
    func entryContent(ticket: ParkingTicket) async throws -> TicketContent {
        var content = base(title: "KARCIS PARKIR", deviceID: ticket.deviceID, at: ticket.entryAt, ticket: ticket)
        content.kind = .entry
        content.ticketNumber = ticket.id.rawValue
        content.timeLabel = "Masuk"
        content.notice = "BAYAR SAAT KELUAR"
        if let summary = tariffSummary(ticket) { content.details = ["Tarif: \(summary)"] }
        Self.markReprints(ticket, &content)
        content.attendant = try await services.store.attendant(of: ticket.deviceID, at: ticket.entryAt)
        return content
    }

    /// A ticket closed without an invoice: the Rp0 ticket of a free exit (entry, exit, duration and
    /// the breakdown, no QR) or the void slip ("DIBATALKAN" and the reason).
    func closedContent(ticket: ParkingTicket) async throws -> TicketContent {
        let at = ticket.exitAt ?? ticket.entryAt
        var content = base(title: "KARCIS PARKIR", deviceID: ticket.deviceID, at: at, ticket: ticket)
        content.ticketNumber = ticket.id.rawValue
        content.attendant = try await services.store.attendant(of: ticket.deviceID, at: ticket.entryAt)
        switch ticket.closure {
        case .void:
            content.kind = .entry
            content.title = "KARCIS BATAL"
            content.notice = "DIBATALKAN"
            content.footer = "Karcis ini tidak berlaku"
            content.timeLabel = "Dibatalkan"
            content.details = [
                "Masuk: \(TicketText.localTime(ticket.entryAt, in: configuration.city.timeZone.timeZone))",
                "Alasan: \(ticket.closureReason ?? "-")",
            ]
        default:
            content.kind = .free
            content.timeLabel = "Keluar"
            content.details = exitDetails(ticket, exit: at, charged: .zero)
        }
        Self.markReprints(ticket, &content)
        return content
    }

    /// A reprinted ticket says so, with the count, so a copy cannot pass for the first print.
    static func markReprints(_ ticket: ParkingTicket, _ content: inout TicketContent) {
        guard ticket.reprints > 0 else { return }
        content.details.append("CETAK ULANG ke-\(ticket.reprints)")
    }

    private func base(title: String, deviceID: Device.ID, at date: Date, ticket: ParkingTicket?) -> TicketContent {
        let city = configuration.city
        return TicketContent(
            title: title, cityName: city.name.uppercased(), merchantName: city.merchant.name, nmid: city.merchant.nmid,
            terminalLabel: deviceID.rawValue, amount: 0, billNumber: "", issuedAt: date,
            timeZone: city.timeZone.timeZone, plate: ticket?.plate,
            zone: ticket.map { ticket in
                configuration.zones.first { $0.id.rawValue == ticket.zone }?.name ?? ticket.zone
            },
            vehicleClass: ticket.flatMap { ticket in
                configuration.vehicleClasses.first { $0.id.rawValue == ticket.vehicleClass }?.name
            },
            verificationCode: "", qrPayload: "")
    }

    /// The rule that prices the ticket, in one Indonesian sentence (``TariffRule/summary``).
    func tariffSummary(_ ticket: ParkingTicket) -> String? {
        // An hour's stay names the rule; the rule's own summary tells the whole tariff.
        guard
            let quote = try? configuration.quote(
                vehicleClass: .init(ticket.vehicleClass), zone: .init(ticket.zone), entry: ticket.entryAt,
                exit: ticket.entryAt.addingTimeInterval(3600)),
            let set = try? configuration.tariffs.set(
                effectiveOn: configuration.city.timeZone.local(ticket.entryAt).date),
            let rule = set.rules.first(where: { $0.id == quote.ruleID })
        else { return nil }
        return rule.summary
    }

    /// Entry, exit, duration and the tariff's breakdown as the evaluator computes it for the stay.
    /// When the tariff now in the configuration prices the stay differently from the invoice (the
    /// configuration changed since), the breakdown is left out rather than contradict the amount.
    func exitDetails(_ ticket: ParkingTicket, exit: Date, charged: Rupiah) -> [String] {
        let zone = configuration.city.timeZone.timeZone
        var lines = [
            "Masuk: \(TicketText.localTime(ticket.entryAt, in: zone))",
            "Lama parkir: \(Self.duration(from: ticket.entryAt, to: exit))",
        ]
        guard
            let quote = try? configuration.quote(
                vehicleClass: .init(ticket.vehicleClass), zone: .init(ticket.zone), entry: ticket.entryAt, exit: exit),
            quote.amount == charged
        else { return lines }
        lines.append("Rincian (\(quote.ruleName)):")
        for line in quote.lines {
            let percent = line.percent == 100 ? "" : " \(line.percent)%"
            let unit = line.quantity == 1 ? "" : "\(line.quantity) x \(line.unitAmount.formatted)\(percent) = "
            lines.append("- \(line.label): \(unit)\(TicketText.rupiah(line.amount.value))")
        }
        lines.append("Jumlah: \(TicketText.rupiah(quote.amount.value))")
        return lines
    }

    /// `2 jam 5 menit`, `45 menit`, `1 hari 3 jam` (whole minutes, rounded down).
    static func duration(from start: Date, to end: Date) -> String {
        let minutes = max(0, Int(end.timeIntervalSince(start) / 60))
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        var parts: [String] = []
        if days > 0 { parts.append("\(days) hari") }
        if hours > 0 { parts.append("\(hours) jam") }
        if rest > 0 || parts.isEmpty { parts.append("\(rest) menit") }
        return parts.joined(separator: " ")
    }
}
