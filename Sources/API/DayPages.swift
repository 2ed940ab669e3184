import Foundation
import Ledger

/// The public page of a closed day's signed statement (`/public/days/{date}`), in Indonesian.
enum DayPages {
    static func notClosed(_ date: CivilDate, city: City) -> String {
        PublicPages.render(
            "dayNotClosed", title: "Laporan harian \(date)", ["city": city.name, "date": date.description])
    }

    static func statement(_ statement: DailyStatement, city: City) -> String {
        let figures = statement.figures
        func amount(_ value: CanonicalJSON?) -> String {
            guard case .int(let number)? = value else { return "-" }
            return Rupiah(number).formatted
        }
        func count(_ value: CanonicalJSON?) -> String {
            guard case .int(let number)? = value else { return "-" }
            return "\(number)"
        }
        let invoices = figures["invoices"]
        let revenue = figures["revenue"]
        var zones: [[String: Any]] = []
        if case .array(let rows)? = figures["byZone"] {
            zones = rows.map { zone in
                var name = "-"
                if case .string(let text)? = zone["zone"] { name = text == "-" ? "retribusi non-parkir" : text }
                return [
                    "name": name, "issued": count(zone["issued"]), "received": count(zone["received"]),
                    "receivedAmount": amount(zone["receivedAmount"]),
                ]
            }
        }
        // Late events of earlier, closed days booked against this one, in Indonesian words.
        let kinds: [LateEvent.Kind: String] = [
            .payment: "pembayaran", .settlement: "setelmen bank", .refund: "pengembalian", .reversal: "pembatalan bank",
        ]
        let late = ((try? statement.lateAdjustments) ?? []).map { line -> [String: Any] in
            [
                "closedDate": line.closedDate.description, "kind": kinds[line.kind] ?? line.kind.rawValue,
                "invoice": line.invoiceID.rawValue, "amount": line.amount.formatted,
            ]
        }
        return PublicPages.render(
            "dayStatement", title: "Laporan harian \(statement.date)",
            [
                "city": city.name, "date": statement.date.description,
                "closedAt": city.timeZone.local(statement.closedAt).date.description + " "
                    + city.timeZone.formatTime(statement.closedAt),
                "timeZone": statement.timeZone, "issued": count(invoices?["issued"]),
                "issuedAmount": amount(invoices?["issuedAmount"]), "gross": amount(revenue?["gross"]),
                "mdr": amount(revenue?["mdr"]), "net": amount(revenue?["net"]),
                "outstanding": amount(revenue?["outstanding"]), "refunded": amount(revenue?["refunded"]),
                "partiallyRefunded": amount(revenue?["partiallyRefunded"]),
                "hasLate": !late.isEmpty, "late": late,
                "zones": zones, "keyID": statement.keyID, "chainHead": "\(statement.chainHead.sequence)",
            ])
    }
}
