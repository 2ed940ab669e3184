import Foundation
import Ledger
import Mustache

/// The public HTML pages (``PublicTemplates``), rendered with swift-mustache: Indonesian, and English
/// with `?lang=en` (``PublicText``, ``ReceiptText``); the closed day's page Indonesian only.
enum PublicPages {
    static let library = MustacheLibrary.parsing([
        ("layout", PublicTemplates.layout), ("legal", PublicTemplates.legal),
        ("tariffs", PublicTemplates.tariffs), ("tariffSet", PublicTemplates.tariffSet),
        ("home", PublicTemplates.home), ("notFound", PublicTemplates.notFound), ("receipt", PublicTemplates.receipt),
        ("receiptRejected", PublicTemplates.receiptRejected), ("check", PublicTemplates.check),
        ("dayNotClosed", PublicTemplates.dayNotClosed),
        ("dayStatement", PublicTemplates.dayStatement),
        ("complaintForm", ComplaintTemplates.form), ("complaintFiled", ComplaintTemplates.filed),
        ("complaintStatus", ComplaintTemplates.status), ("complaintNotFound", ComplaintTemplates.notFound),
        ("complaintsLimited", ComplaintTemplates.limited), ("serviceStandard", ServiceStandardPage.template),
        ("languageSwitch", PublicLanguage.switchTemplate), ("languageField", PublicLanguage.fieldTemplate),
    ])

    /// `template` rendered with `values`, inside the layout with `title` (`<html lang>` of `language`).
    static func render(
        _ template: String, title: String, language: ConsoleText.Language = .id, _ values: [String: Any]
    ) -> String {
        let body = library.render(values, withTemplate: template) ?? ""
        return library.render(["title": title, "body": body, "lang": language.rawValue], withTemplate: "layout") ?? ""
    }

    /// A page in `language`: `values` with the words `text` gives for it as `t` and the language link
    /// to `path` with `query`.
    static func page<Text: BilingualText>(
        _ template: String, title: String, language: ConsoleText.Language, path: String, query: [(String, String)] = [],
        words text: Text.Type, _ values: [String: Any]
    ) -> String {
        var values = values.merging(PublicLanguage.values(language, path: path, query: query)) { $1 }
        values["t"] = text.table(language)
        values["title"] = title
        return render(template, title: title, language: language, values)
    }

    /// A receipt page (``page(_:title:language:path:query:words:_:)`` with ``ReceiptText``).
    static func receiptPage(
        _ template: String, title: String, language: ConsoleText.Language, path: String, query: [(String, String)],
        _ values: [String: Any]
    ) -> String {
        page(template, title: title, language: language, path: path, query: query, words: ReceiptText.self, values)
    }

    static func legal(_ basis: LegalBasis) -> [String: Any] {
        ["citation": basis.citation, "placeholder": basis.placeholder]
    }

    /// `GET /public/tariffs` as HTML in `language`: the tariff in force on `today` first, earlier ones
    /// folded under "Tarif sebelumnya", placeholder legal bases explained once.
    static func tariffs(
        _ publication: TariffPublication, today: CivilDate, language: ConsoleText.Language = .id
    ) -> String {
        func set(_ set: TariffPublication.Version) -> [String: Any] {
            var values: [String: Any] = [
                "name": set.name, "from": set.effectiveFrom.description, "legal": legal(set.legalBasis),
                "rules": set.rules.map {
                    ["name": $0.rule.name, "summary": $0.rule.summary(english: language == .en), "legal": legal($0.rule.legalBasis)]
                },
            ]
            if let until = set.effectiveUntil { values["until"] = until.description }
            return values
        }
        let inForce = publication.inForce(on: today)
        let current = inForce.map { [set($0)] } ?? []
        let earlier = publication.tariffSets.filter { $0.id != inForce?.id }.reversed().map(set)
        let fees: [[String: Any]] = publication.fees.map { fee in
            var values: [String: Any] = ["name": fee.name, "amount": fee.amount.formatted, "legal": legal(fee.legalBasis)]
            if let unit = fee.unit { values["unit"] = unit }
            return values
        }
        let placeholders =
            publication.tariffSets.contains { $0.legalBasis.placeholder || $0.rules.contains { $0.rule.legalBasis.placeholder } }
            || publication.fees.contains { $0.legalBasis.placeholder }
        return page(
            "tariffs", title: PublicText.text("tariffsTitle", language, ["city": publication.city]), language: language,
            path: "/public/tariffs", words: PublicText.self,
            [
                "merchantName": publication.merchantName, "nmid": publication.nmid,
                "timeZone": publication.timeZoneLabel, "current": current, "earlier": earlier,
                "hasEarlier": !earlier.isEmpty, "fees": fees, "placeholders": placeholders,
                "zones": publication.zones.map { ["name": $0.name, "tariffClass": $0.tariffClass.rawValue] },
            ])
    }

    /// `GET /`: the citizens' start page in `language`.
    static func home(_ publication: TariffPublication, language: ConsoleText.Language = .id) -> String {
        page(
            "home", title: PublicText.text("homeTitle", language, ["city": publication.city]), language: language,
            path: "/", words: PublicText.self, ["merchantName": publication.merchantName])
    }

    /// The page of an unknown address, for browsers (English with `?lang=en`).
    static func notFound(language: ConsoleText.Language = .id) -> String {
        var values = PublicLanguage.values(language, path: "/")
        values["t"] = PublicText.table(language)
        return render("notFound", title: PublicText.text("notFoundTitle", language), language: language, values)
    }

    /// A genuine receipt.
    /// - Parameter extraPayments: how many payments beyond the first the invoice received (each is refunded).
    static func receipt(
        _ view: ReceiptView, configuration: CityConfiguration, extraPayments: Int = 0,
        language: ConsoleText.Language = .id
    ) -> String {
        let zone = configuration.city.timeZone
        let refunded = view.status == InvoiceStatus.refunded.rawValue
        let cancelled = view.status == InvoiceStatus.cancelled.rawValue
        var values: [String: Any] = [
            "refunded": refunded, "cancelled": cancelled, "paid": !refunded && view.paid,
            "unpaid": !refunded && !cancelled && !view.paid, "paidTwice": extraPayments > 0,
            "paidAt": view.paidAt.map { localText($0, zone) } ?? "-", "statusText": ReceiptText.status(view.status, language),
            "hasRefunds": !view.refunds.isEmpty,
            "refunds": view.refunds.map {
                [
                    "amount": Rupiah($0.amount).formatted, "at": localText($0.refundedAt, zone),
                    "how": ReceiptText.text($0.kind == "reversal" ? "reversedOn" : "refundedOn", language),
                ]
            },
            "byBank": view.refunds.last?.kind == "reversal",
            "billNumber": view.billNumber, "amount": Rupiah(view.amount).formatted,
            "issuedAt": localText(view.issuedAt, zone), "merchantName": view.merchantName, "nmid": view.nmid,
            "shortCode": view.shortCode, "receiptCode": view.receiptCode,
        ]
        if let last = view.refunds.last { values["refundedAt"] = localText(last.refundedAt, zone) }
        return receiptPage(
            "receipt", title: "\(ReceiptText.text("receiptTitle", language)) \(view.billNumber)", language: language,
            path: "/public/receipts/" + view.receiptCode.urlComponentEncoded, query: [], values)
    }

    /// `GET /cek`: the one-field form for the code on the ticket, with the reason the last code
    /// did not open a receipt.
    static func check(code: String, problem: String?, language: ConsoleText.Language = .id) -> String {
        var values: [String: Any] = ["code": code]
        if let problem { values["problem"] = problem }
        return receiptPage(
            "check", title: ReceiptText.text("checkTitle", language), language: language, path: "/cek",
            query: code.isEmpty ? [] : [("code", code)], values)
    }

    /// A receipt code that is not genuine (`code` as it was asked for, for the language link).
    static func receiptRejected(reason: String, code: String, language: ConsoleText.Language = .id) -> String {
        receiptPage(
            "receiptRejected", title: ReceiptText.text("rejectedTitle", language), language: language,
            path: "/public/receipts/" + code.urlComponentEncoded, query: [], ["reason": reason])
    }

    /// An API time shown as the city's local date and time (`2026-11-23 14:05 WIT`).
    static func localText(_ iso: String, _ zone: CityTimeZone) -> String {
        guard let date = try? Date(iso, strategy: .iso8601) else { return iso }
        return zone.local(date).date.description + " " + zone.formatTime(date)
    }
}
