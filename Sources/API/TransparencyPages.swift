import Foundation
import Ledger
import Mustache

/// The open-figures page, `/transparansi` (Indonesian; English with `?lang=en`), rendered with
/// swift-mustache inside the public pages' layout.
enum TransparencyPages {
    static let library = MustacheLibrary.parsing([
        ("layout", PublicTemplates.layout), ("transparency", TransparencyTemplates.page),
        ("message", TransparencyTemplates.message),
    ])

    /// `template` with `values` (plus the words `t` and the language links) inside the layout.
    static func render(
        _ template: String, title: String, language: ConsoleText.Language, query: String, _ values: [String: Any]
    ) -> String {
        var values = values
        values["t"] = TransparencyText.table(language)
        values["english"] = language == .en
        values["langQuery"] = language == .en ? "?lang=en" : ""
        values["switchLang"] = language == .en ? "id" : "en"
        values["switchHref"] =
            "/transparansi?" + (query.isEmpty ? "" : query + "&") + (language == .en ? "lang=id" : "lang=en")
        let body = library.render(values, withTemplate: template) ?? ""
        return library.render(["title": title, "body": body, "lang": language.rawValue], withTemplate: "layout") ?? ""
    }

    /// A refusal (a malformed or future month) as a page.
    static func message(heading: String, text: String, language: ConsoleText.Language) -> String {
        render("message", title: heading, language: language, query: "", ["heading": heading, "text": text])
    }

    /// The month's page.
    /// - Parameter current: the month that holds today (no link past it).
    static func month(
        _ figures: TransparencyFigures, city: City, current: CityMonth, language: ConsoleText.Language
    ) -> String {
        let t = TransparencyText.table(language)
        let measures = TransparencyFigures.Measure.allCases
        let english = language == .en
        let lang = english ? "&lang=en" : ""
        func cells(_ values: TransparencyFigures.Values) -> [String] {
            measures.map { TransparencyText.value(values[$0], $0, language) }
        }
        func zoneName(_ zone: String) -> String { zone == Device.noZone ? t["noZone"] ?? zone : zone }
        let month = figures.month
        var values: [String: Any] = [
            "style": TransparencyTemplates.style, "city": city.name, "month": "\(month)",
            "monthName": TransparencyText.monthName(month, language), "timeZone": city.timeZone.label,
            "countedAt": figures.countedAt.map {
                city.timeZone.local($0).date.description + " " + city.timeZone.formatTime($0)
            } ?? "",
            "headings": measures.map { TransparencyText.label($0, language) },
            "monthTotals": measures.map {
                [
                    "label": TransparencyText.label($0, language),
                    "value": TransparencyText.value(figures.total[$0], $0, language),
                ]
            },
            "hasDays": !figures.days.isEmpty,
            "days": figures.days.map { day -> [String: Any] in
                [
                    "date": "\(day.date)", "closed": day.isClosed,
                    "statementHref": TransparencyOpenData.statementPath(day.date), "cells": cells(day.total),
                ]
            },
            "zones": figures.zones.map { ["name": zoneName($0.zone), "cells": cells($0.values)] as [String: Any] },
            "jsonHref": "/public/transparency/\(month).json", "csvHref": "/public/transparency/\(month).csv",
            "charts": charts(figures, language: language).map { ["svg": $0.svg, "caption": $0.title] },
        ]
        if let previous = month.previous { values["previousHref"] = "/transparansi?bulan=\(previous)\(lang)" }
        if let next = month.next, next <= current { values["nextHref"] = "/transparansi?bulan=\(next)\(lang)" }
        return render(
            "transparency",
            title: "\(t["heading"] ?? ""), \(TransparencyText.monthName(month, language)) — \(city.name)",
            language: language, query: "bulan=\(month)", values)
    }

    /// The two charts: gross revenue per day, and invoices issued and paid per day.
    static func charts(_ figures: TransparencyFigures, language: ConsoleText.Language) -> [TransparencyChart] {
        let t = TransparencyText.table(language)
        let english = language == .en
        let month = TransparencyText.monthName(figures.month, language)
        func slots(_ measures: [TransparencyFigures.Measure]) -> [TransparencyChart.Slot] {
            figures.days.map { day in
                .init(day: day.date.day, closed: day.isClosed, values: measures.map { day.total[$0] ?? 0 })
            }
        }
        let gross = figures.total[.gross] ?? 0
        let issued = figures.total[.issued] ?? 0
        let paid = figures.total[.paid] ?? 0
        return [
            TransparencyChart(
                id: "chart-gross", title: "\(t["grossChart"] ?? ""), \(month)",
                summary: english
                    ? "Gross revenue per day; \(Rupiah(gross).formatted) in all over \(figures.days.count) days."
                    : "Pendapatan bruto per hari; seluruhnya \(Rupiah(gross).formatted) dalam \(figures.days.count) hari.",
                series: [
                    .init(name: TransparencyText.label(.gross, language), colour: "#1e6b34", liveColour: "#8cc79b")
                ],
                slots: slots([.gross]), dayCount: figures.month.dayCount, liveLabel: t["legendLive"] ?? "",
                axisLabel: { TransparencyChart.shortRupiah($0, english: english) }),
            TransparencyChart(
                id: "chart-count", title: "\(t["countChart"] ?? ""), \(month)",
                summary: english
                    ? "Invoices issued and paid per day; \(issued) issued and \(paid) paid in all."
                    : "Tagihan diterbitkan dan dibayar per hari; seluruhnya \(issued) diterbitkan dan \(paid) dibayar.",
                series: [
                    .init(name: TransparencyText.label(.issued, language), colour: "#1a4f8b", liveColour: "#9bbbe0"),
                    .init(name: TransparencyText.label(.paid, language), colour: "#1e6b34", liveColour: "#8cc79b"),
                ],
                slots: slots([.issued, .paid]), dayCount: figures.month.dayCount, liveLabel: t["legendLive"] ?? "",
                axisLabel: { TransparencyChart.shortCount($0, english: english) }),
        ]
    }
}
