import Foundation
import Ledger

/// The public page of a closed day's signed statement (`/public/days/{date}`), Indonesian, English
/// with `?lang=en` (words from ``PublicText``).
enum DayPages {
    static func notClosed(_ date: CivilDate, city: City, language: ConsoleText.Language = .id) -> String {
        PublicPages.page(
            "dayNotClosed", title: PublicText.text("dayTitle", language, ["city": city.name, "date": date.description]),
            language: language, path: "/public/days/\(date)", words: PublicText.self,
            ["notClosed": PublicText.text("dayNotClosed", language, ["date": date.description])])
    }

    static func statement(_ statement: DailyStatement, city: City, language: ConsoleText.Language = .id) -> String {
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
                if case .string(let text)? = zone["zone"] {
                    name = text == "-" ? PublicText.text("otherCharges", language) : text
                }
                return [
                    "name": name, "issued": count(zone["issued"]), "received": count(zone["received"]),
                    "receivedAmount": amount(zone["receivedAmount"]),
                ]
            }
        }
        // Late events of earlier, closed days booked against this one.
        let late = ((try? statement.lateAdjustments) ?? []).map { line -> [String: Any] in
            [
                "closedDate": line.closedDate.description, "kind": PublicText.text("late.\(line.kind.rawValue)", language),
                "invoice": line.invoiceID.rawValue, "amount": line.amount.formatted,
            ]
        }
        let closedAt = city.timeZone.local(statement.closedAt).date.description + " " + city.timeZone.formatTime(statement.closedAt)
        let signedNote = PublicText.text(
            "signedNote", language,
            [
                "keyID": MarkupEscaping.html(statement.keyID),
                "keysLink": "<a href=\"/public/receipt-keys\">/public/receipt-keys</a>",
                "command": "<code>lunas day verify \(PublicText.text("verifyFile", language)) --keys receipt-keys.json</code>",
                "chainHead": "\(statement.chainHead.sequence)",
            ])
        return PublicPages.page(
            "dayStatement",
            title: PublicText.text("dayTitle", language, ["city": city.name, "date": statement.date.description]),
            language: language, path: "/public/days/\(statement.date)", words: PublicText.self,
            [
                "closed": PublicText.text("dayClosed", language, ["closedAt": closedAt]), "signedNote": signedNote,
                "timeZone": statement.timeZone, "issued": count(invoices?["issued"]),
                "issuedAmount": amount(invoices?["issuedAmount"]), "gross": amount(revenue?["gross"]),
                "mdr": amount(revenue?["mdr"]), "net": amount(revenue?["net"]),
                "outstanding": amount(revenue?["outstanding"]), "refunded": amount(revenue?["refunded"]),
                "partiallyRefunded": amount(revenue?["partiallyRefunded"]),
                "hasLate": !late.isEmpty, "late": late,
                "zones": zones,
            ])
    }
}
