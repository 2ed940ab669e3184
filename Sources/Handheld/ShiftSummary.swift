import Ledger
import QRImage

/// The figures of a shift, from the handheld's own actions: what `shift end` prints.
public struct ShiftSummary: Sendable, Hashable {
    /// Tickets issued or opened.
    public var tickets = 0
    /// Bills (flat tickets at entry, hourly exits with a charge).
    public var bills = 0
    /// Their total, in rupiah.
    public var amount: Int64 = 0
    /// Bills known paid and their total.
    public var paid = 0
    /// The amount of the bills known paid.
    public var paidAmount: Int64 = 0
    /// Bills not known paid (unpaid, or not yet synced) and their total.
    public var unpaid = 0
    /// The amount of the bills not known paid.
    public var unpaidAmount: Int64 = 0
    /// Exits at Rp0.
    public var freeExits = 0
    /// Voided tickets.
    public var voids = 0
    /// Actions done offline.
    public var offline = 0
    /// Offline records not yet synced.
    public var queued = 0

    /// Counts a shift's actions against the tickets they left behind.
    init(actions: [LocalAction], tickets: [String: LocalTicket]) {
        for action in actions {
            if action.offline { offline += 1 }
            if action.syncState == .queued { queued += 1 }
            if action.operation == .issue || action.operation == .open { self.tickets += 1 }
            switch action.operation {
            case .issue, .exit:
                let amount = action.amount ?? 0
                bills += 1
                self.amount += amount
                if tickets[action.ticketLocalID]?.paid == true {
                    paid += 1
                    paidAmount += amount
                } else {
                    unpaid += 1
                    unpaidAmount += amount
                }
            case .exitFree: freeExits += 1
            case .void: voids += 1
            case .open: break
            }
        }
    }

    /// The printed lines, in the attendant's language.
    func lines(_ language: HandheldLanguage, attendant: String?) -> [String] {
        let rp = TicketText.rupiah
        return [
            language.pick("RINGKASAN SHIFT", "SHIFT SUMMARY") + (attendant.map { " — \($0)" } ?? ""),
            language.pick("Karcis: ", "Tickets: ") + "\(tickets)",
            language.pick("Tagihan: ", "Bills: ") + "\(bills) (\(rp(amount)))",
            language.pick("Lunas: ", "Paid: ") + "\(paid) (\(rp(paidAmount)))",
            language.pick("Belum lunas: ", "Unpaid: ") + "\(unpaid) (\(rp(unpaidAmount)))",
            language.pick("Keluar gratis: ", "Free exits: ") + "\(freeExits)",
            language.pick("Dibatalkan: ", "Voided: ") + "\(voids)",
            language.pick("Luring: ", "Offline: ") + "\(offline)"
                + (queued > 0 ? language.pick(" (\(queued) belum terkirim)", " (\(queued) not yet synced)") : ""),
        ]
    }

    /// The JSON form.
    var json: CanonicalJSON {
        .object([
            "tickets": .int(Int64(tickets)), "bills": .int(Int64(bills)), "amount": .int(amount),
            "paid": .int(Int64(paid)), "paidAmount": .int(paidAmount), "unpaid": .int(Int64(unpaid)),
            "unpaidAmount": .int(unpaidAmount), "freeExits": .int(Int64(freeExits)), "voids": .int(Int64(voids)),
            "offline": .int(Int64(offline)), "queued": .int(Int64(queued)),
        ])
    }
}
