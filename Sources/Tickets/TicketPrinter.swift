import Foundation
import Ledger
import QRImage

/// What a printed ticket shows, from ledger records and the city's ticket catalogue: the bill of an
/// invoice (flat entry, hourly exit with its breakdown, fee), the entry ticket of an open hourly
/// ticket, the Rp0 ticket of a free exit and the void slip. Every ticket names the attendant who
/// worked with the device when it was issued (the caller looks it up), or the terminal when none
/// was recorded.
///
/// Pure: the server prints from its ``CityConfiguration`` and its store, the handheld from its
/// signed offline bundle and its local queue, with the same lines for the same stay.
public struct TicketPrinter: Sendable {
    /// The city's header and tariff catalogue.
    public let catalogue: TicketCatalogue

    /// Creates a printer for a catalogue.
    public init(catalogue: TicketCatalogue) { self.catalogue = catalogue }

    /// Creates a printer for a server's city configuration.
    public init(configuration: CityConfiguration) {
        self.init(catalogue: TicketCatalogue(configuration: configuration))
    }

    /// What a bill prints beyond the ticket: the charge, its bill number and QRIS, and the codes
    /// that verify it.
    public struct Bill: Sendable, Hashable {
        /// Whether the bill charges a parking stay (`KARCIS PARKIR`) or a fee (`TAGIHAN RETRIBUSI`).
        public var isParking: Bool
        /// The amount in whole rupiah.
        public var amount: Rupiah
        /// The bill number (QRIS tag 62-01).
        public var billNumber: BillNumber
        /// The QRIS payload printed as the QR code.
        public var qrisPayload: String
        /// The long signed receipt code; empty on an offline bill (the server signs at sync).
        public var receiptCode: String
        /// The issuing device.
        public var deviceID: Device.ID
        /// When the bill was issued.
        public var issuedAt: Date

        /// Creates a bill from its parts.
        public init(
            isParking: Bool, amount: Rupiah, billNumber: BillNumber, qrisPayload: String, receiptCode: String,
            deviceID: Device.ID, issuedAt: Date
        ) {
            self.isParking = isParking
            self.amount = amount
            self.billNumber = billNumber
            self.qrisPayload = qrisPayload
            self.receiptCode = receiptCode
            self.deviceID = deviceID
            self.issuedAt = issuedAt
        }

        /// The bill of an invoice.
        public init(invoice: Invoice) {
            self.init(
                isParking: invoice.kind == .parking, amount: invoice.amount, billNumber: invoice.billNumber,
                qrisPayload: invoice.qrisPayload, receiptCode: invoice.receiptCode, deviceID: invoice.deviceID,
                issuedAt: invoice.issuedAt)
        }
    }

    /// The printable bill of an invoice.
    ///
    /// - Parameters:
    ///   - invoice: the invoice.
    ///   - ticket: its parking ticket, if any.
    ///   - attendant: the attendant of the issuing device at issue time.
    public func content(invoice: Invoice, ticket: ParkingTicket?, attendant: String?) -> TicketContent {
        content(bill: Bill(invoice: invoice), ticket: ticket, attendant: attendant)
    }

    /// The printable bill: title, amount, bill number, QR, short code beside the check URL, and for
    /// a ticket its number, times and (at exit) the tariff breakdown.
    public func content(bill: Bill, ticket: ParkingTicket?, attendant: String?) -> TicketContent {
        var content = base(
            title: bill.isParking ? "KARCIS PARKIR" : "TAGIHAN RETRIBUSI", deviceID: bill.deviceID,
            at: bill.issuedAt, ticket: ticket)
        content.amount = bill.amount.value
        content.billNumber = bill.billNumber.rawValue
        // An offline bill has no signed receipt code until it syncs: its short code (from the bill
        // number, as the server computes it) is what it prints and what /cek finds once synced.
        content.verificationCode = bill.receiptCode.isEmpty ? bill.billNumber.rawValue : bill.receiptCode
        content.qrPayload = bill.qrisPayload
        content.shortCode = ReceiptShortCode(billNumber: bill.billNumber).grouped
        content.checkURL = catalogue.checkURL
        content.attendant = attendant
        if let ticket {
            content.ticketNumber = ticket.id.rawValue
            if let exit = ticket.exitAt {
                content.timeLabel = "Keluar"
                content.details = exitDetails(ticket, exit: exit, charged: bill.amount)
            } else {
                content.timeLabel = "Masuk"
            }
            Self.markReprints(ticket, &content)
        }
        return content
    }

    /// The entry ticket of an open hourly ticket: no QR and no amount, the tariff in words and
    /// "bayar saat keluar".
    public func entryContent(ticket: ParkingTicket, attendant: String?) -> TicketContent {
        var content = base(title: "KARCIS PARKIR", deviceID: ticket.deviceID, at: ticket.entryAt, ticket: ticket)
        content.kind = .entry
        content.ticketNumber = ticket.id.rawValue
        content.timeLabel = "Masuk"
        content.notice = "BAYAR SAAT KELUAR"
        if let summary = tariffSummary(ticket) { content.details = ["Tarif: \(summary)"] }
        Self.markReprints(ticket, &content)
        content.attendant = attendant
        return content
    }

    /// A ticket closed without an invoice: the Rp0 ticket of a free exit (entry, exit, duration and
    /// the breakdown, no QR) or the void slip ("DIBATALKAN" and the reason).
    public func closedContent(ticket: ParkingTicket, attendant: String?) -> TicketContent {
        let at = ticket.exitAt ?? ticket.entryAt
        var content = base(title: "KARCIS PARKIR", deviceID: ticket.deviceID, at: at, ticket: ticket)
        content.ticketNumber = ticket.id.rawValue
        content.attendant = attendant
        switch ticket.closure {
        case .void:
            content.kind = .entry
            content.title = "KARCIS BATAL"
            content.notice = "DIBATALKAN"
            content.footer = "Karcis ini tidak berlaku"
            content.timeLabel = "Dibatalkan"
            content.details = [
                "Masuk: \(TicketText.localTime(ticket.entryAt, in: catalogue.timeZone.timeZone))",
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
    public static func markReprints(_ ticket: ParkingTicket, _ content: inout TicketContent) {
        guard ticket.reprints > 0 else { return }
        content.details.append("CETAK ULANG ke-\(ticket.reprints)")
    }

    private func base(title: String, deviceID: Device.ID, at date: Date, ticket: ParkingTicket?) -> TicketContent {
        TicketContent(
            title: title, cityName: catalogue.cityName.uppercased(), merchantName: catalogue.merchantName,
            nmid: catalogue.nmid, terminalLabel: deviceID.rawValue, amount: 0, billNumber: "", issuedAt: date,
            timeZone: catalogue.timeZone.timeZone, plate: ticket?.plate,
            zone: ticket.map { ticket in
                catalogue.zones.first { $0.id.rawValue == ticket.zone }?.name ?? ticket.zone
            },
            vehicleClass: ticket.flatMap { ticket in
                catalogue.vehicleClasses.first { $0.id.rawValue == ticket.vehicleClass }?.name
            },
            verificationCode: "", qrPayload: "")
    }

    /// The rule that prices the ticket, in one Indonesian sentence (``TariffRule/summary``).
    public func tariffSummary(_ ticket: ParkingTicket) -> String? {
        // An hour's stay names the rule; the rule's own summary tells the whole tariff.
        guard
            let quote = try? catalogue.quote(
                vehicleClass: ticket.vehicleClass, zone: ticket.zone, entry: ticket.entryAt,
                exit: ticket.entryAt.addingTimeInterval(3600)),
            let set = try? catalogue.tariffs.set(effectiveOn: catalogue.timeZone.local(ticket.entryAt).date),
            let rule = set.rules.first(where: { $0.id == quote.ruleID })
        else { return nil }
        return rule.summary
    }

    /// Entry, exit, duration and the tariff's breakdown as the evaluator computes it for the stay.
    /// When the tariff now in the configuration prices the stay differently from the invoice (the
    /// configuration changed since), the breakdown is left out rather than contradict the amount.
    public func exitDetails(_ ticket: ParkingTicket, exit: Date, charged: Rupiah) -> [String] {
        let zone = catalogue.timeZone.timeZone
        var lines = [
            "Masuk: \(TicketText.localTime(ticket.entryAt, in: zone))",
            "Lama parkir: \(Self.duration(from: ticket.entryAt, to: exit))",
        ]
        guard
            let quote = try? catalogue.quote(
                vehicleClass: ticket.vehicleClass, zone: ticket.zone, entry: ticket.entryAt, exit: exit),
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
    public static func duration(from start: Date, to end: Date) -> String {
        let minutes = max(0, Int(end.timeIntervalSince(start) / 60))
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        var parts: [String] = []
        if days > 0 { parts.append("\(days) hari") }
        if hours > 0 { parts.append("\(hours) jam") }
        if rest > 0 || parts.isEmpty { parts.append("\(rest) menit") }
        return parts.joined(separator: " ")
    }
}
