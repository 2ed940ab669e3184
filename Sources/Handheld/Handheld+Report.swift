import Foundation
import Ledger
import QRImage

/// What the attendant reads after an action, and its JSON form.
extension Handheld {
    /// The lines and JSON of a ticket after an action.
    func describe(_ ticket: LocalTicket, operation: LocalAction.Operation?, offline: Bool) -> HandheldOutput {
        let mode = offline ? say("LURING (tersimpan, dikirim saat sinkron)", "OFFLINE (queued for sync)") : "ONLINE"
        let what: String =
            switch operation {
            case .issue: say("Karcis diterbitkan", "Ticket issued")
            case .open: say("Karcis masuk dibuka", "Entry ticket opened")
            case .exit: say("Karcis keluar ditagih", "Exit billed")
            case .exitFree: say("Keluar gratis (Rp0)", "Free exit (Rp0)")
            case .void: say("Karcis dibatalkan", "Ticket voided")
            case nil: say("Karcis dicetak ulang", "Ticket reprinted")
            }
        var lines = ["\(what) — \(mode)", say("No. karcis: ", "Ticket: ") + ticket.localID]
        lines.append(say("Plat: ", "Plate: ") + ticket.plate)
        if let amount = ticket.amount, ticket.state == .billed {
            lines.append(say("Jumlah: ", "Amount: ") + TicketText.rupiah(amount))
        }
        if let bill = ticket.billNumber { lines.append(say("No. tagihan: ", "Bill number: ") + bill) }
        var json: [String: CanonicalJSON] = [
            "ticket": Self.json(ticket), "mode": .string(offline ? "offline" : "online"),
        ]
        json["operation"] = operation.map { CanonicalJSON.string($0.rawValue) } ?? .string("reprint")
        return HandheldOutput(lines: lines, json: json)
    }

    /// A ticket as JSON.
    static func json(_ ticket: LocalTicket) -> CanonicalJSON {
        var members: [String: CanonicalJSON] = [
            "number": .string(ticket.localID), "plate": .string(ticket.plate),
            "vehicleClass": .string(ticket.vehicleClass), "zone": .string(ticket.zone),
            "entryAt": .string(Self.timeText(ticket.entryAt)), "state": .string(ticket.state.rawValue),
            "source": .string(ticket.source), "reprints": .int(Int64(ticket.reprints)),
        ]
        members["serverId"] = ticket.serverID.map(CanonicalJSON.string) ?? .null
        members["exitAt"] = ticket.exitAt.map { CanonicalJSON.string(Self.timeText($0)) } ?? .null
        members["sequence"] = ticket.sequence.map(CanonicalJSON.int) ?? .null
        members["amount"] = ticket.amount.map(CanonicalJSON.int) ?? .null
        members["billNumber"] = ticket.billNumber.map(CanonicalJSON.string) ?? .null
        members["qris"] = ticket.qrisPayload.map(CanonicalJSON.string) ?? .null
        members["invoiceId"] = ticket.invoiceID.map(CanonicalJSON.string) ?? .null
        members["paid"] = ticket.paid.map(CanonicalJSON.bool) ?? .null
        return .object(members)
    }

    /// RFC 3339 UTC with milliseconds, as the ledger writes times.
    static func timeText(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
