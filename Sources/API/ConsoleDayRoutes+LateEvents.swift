import Foundation
import Ledger

extension ConsoleDayRoutes {
    /// The day page's late events (issue 14): those booked against `date` (money facts about
    /// earlier, closed days' invoices recorded after their close; the day's statement carries them
    /// once it closes) and, for a closed day, those about it that later days booked. Each names its
    /// event, kind, the other day (a link to its page), the invoice (a link to its receipt page),
    /// the payment and the money.
    func lateEventValues(_ date: CivilDate, closed: Bool, _ view: ConsoleView) async throws -> [String: Any] {
        let booked = try await services.store.lateEvents(bookedOn: date)
        var values: [String: Any] = [
            "booked": try await lines(booked, otherDay: \.closedDate, view),
            "hasBooked": !booked.isEmpty, "bookedSummary": try summary(booked, view),
            "bookedNote": view.text(closed ? "dayLateInStatement" : "dayLateWillBeInStatement"),
        ]
        if closed {
            let about = try await services.store.lateEvents(about: date)
            values["about"] = [
                "lines": try await lines(about, otherDay: \.bookedDate, view), "has": !about.isEmpty,
                "summary": try summary(about, view),
            ]
        }
        return values
    }

    /// "2 · Rp8.000 (pembayaran 1 · Rp3.000; …)": the count, the sum and the sums per kind.
    private func summary(_ events: [LateEvent], _ view: ConsoleView) throws -> String {
        var total = Rupiah.zero
        var byKind: [LateEvent.Kind: (count: Int, amount: Rupiah)] = [:]
        for late in events {
            total = try total.adding(late.amount, what: "late events")
            let sum = byKind[late.kind] ?? (0, .zero)
            byKind[late.kind] = (sum.count + 1, try sum.amount.adding(late.amount, what: "late events"))
        }
        let kinds = LateEvent.Kind.allCases.compactMap { kind in
            byKind[kind].map { "\(view.text("late.kind.\(kind.rawValue)")) \($0.count) · \(view.money($0.amount))" }
        }
        return "\(events.count) · \(view.money(total))" + (kinds.isEmpty ? "" : " (\(kinds.joined(separator: "; ")))")
    }

    private func lines(
        _ events: [LateEvent], otherDay: KeyPath<LateEvent, CivilDate>, _ view: ConsoleView
    ) async throws -> [[String: Any]] {
        let english = view.language == .en ? "?lang=en" : ""
        var rows: [[String: Any]] = []
        for late in events {
            var row: [String: Any] = [
                "event": "\(late.sequence)", "kind": view.text("late.kind.\(late.kind.rawValue)"),
                "day": "\(late[keyPath: otherDay])", "dayHref": "/console/days/\(late[keyPath: otherDay])\(english)",
                "invoice": late.invoiceID.rawValue, "payment": late.paymentID?.rawValue ?? "—",
                "amount": view.money(late.amount), "recordedAt": view.time(late.recordedAt),
                "line": late.revenueLine, "extra": late.extra,
            ]
            if late.kind == .settlement {
                let mdr = "\(view.text("day.mdr")) \(view.money(late.mdr))"
                row["bank"] = "\(mdr) · \(view.text("dayLateNet")) \(view.money(late.net))"
            }
            if let invoice = try await services.store.invoice(id: late.invoiceID) {
                row["invoiceHref"] = "/public/receipts/" + invoice.receiptCode.urlComponentEncoded
            }
            rows.append(row)
        }
        return rows
    }
}
