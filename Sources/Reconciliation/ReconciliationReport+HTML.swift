import Ledger

extension ReconciliationReport {
    /// How many exceptions the HTML page lists (the CSV has them all).
    static let htmlExceptionLimit = 2000

    /// One self-contained HTML page (inline CSS and SVG, no scripts or external files) that finance staff
    /// can open or print: totals, counts, revenue by zone and hour, exceptions by category, breakdowns and
    /// the exception list.
    public func html() -> String {
        let file = result.file
        let counts = result.counts
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Settlement reconciliation \(MarkupEscaping.html(file.profileName))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px}
            td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f2f2f2;text-align:left}
            .warn{color:#a40}@media print{body{margin:0}h2{page-break-after:avoid}table{page-break-inside:auto}}
            </style></head><body>
            <h1>Settlement reconciliation</h1>
            <p>Profile <b>\(MarkupEscaping.html(file.profileName))</b> (acquirer \(MarkupEscaping.html(file.acquirer))), \(file.rows.count) rows,
            SHA-256 <code>\(file.sha256)</code>. Settlement period \(MarkupEscaping.html(file.rows.settlementPeriod.map { "\($0.lowerBound) – \($0.upperBound)" } ?? "–")),
            due T+\(result.options.settlementDays) working days, MDR from \(MarkupEscaping.html(result.options.schedule.source))
            (merchant category \(MarkupEscaping.html(result.options.defaultMerchantCategory ?? "none, default rate"))). \(summary.invoiceCount) invoices
            (\(Rupiah(summary.invoiceAmount).formatted)).\(importNote)</p>

            """
        for warning in result.warnings { h += "<p class=\"warn\">\(MarkupEscaping.html(warning))</p>\n" }
        h += "<h2>Totals</h2><p>Revenue is reported gross; MDR is a separate cost.</p>\n"
        h += table([summary.totals])
        h += "<h2>Counts by category</h2><table><tr><th>category</th><th>count</th><th>meaning</th></tr>\n"
        for category in SettlementCategory.allCases {
            h +=
                "<tr><td>\(category.rawValue)</td><td class=\"n\">\(counts[category] ?? 0)</td><td>\(MarkupEscaping.html(category.explanation))</td></tr>\n"
        }
        h += "</table>\n<h2>Exceptions by category</h2>\n" + exceptionChart(counts)
        h += "<h2>Revenue by zone and hour</h2>\n" + zoneHourChart()
        for (title, lines) in [
            ("By category (settlement rows)", summary.byCategory), ("By fee", summary.byFee),
            ("By zone", summary.byZone),
            ("By acquirer", summary.byAcquirer), ("By issuer", summary.byIssuer), ("By device", summary.byDevice),
            ("By attendant", summary.byAttendant),
        ] {
            h += "<h2>\(title)</h2>\n" + table(lines)
        }
        h += "<h2>Exceptions (\(exceptions.count))</h2>\n"
        if exceptions.count > Self.htmlExceptionLimit {
            h += "<p>The first \(Self.htmlExceptionLimit) are listed; the CSV report has all of them.</p>\n"
        }
        h +=
            "<table><tr><th>category</th><th>reason</th><th>line</th><th>RRN</th><th>bill</th><th>invoice</th><th>settled</th><th>zone</th><th>terminal</th><th>probable invoice</th></tr>\n"
        for e in exceptions.prefix(Self.htmlExceptionLimit) {
            let cells = [
                e.category.rawValue, e.reason, e.line.map { String($0) } ?? "", e.rrn ?? "", e.billNumber ?? "",
                e.invoiceID ?? "", e.settledAmount?.formatted ?? "", e.zone ?? "", e.terminalID ?? "",
                e.probableInvoiceID ?? "",
            ]
            h += "<tr>" + cells.map { "<td>\(MarkupEscaping.html($0))</td>" }.joined() + "</tr>\n"
        }
        return h + "</table>\n</body></html>\n"
    }

    private var importNote: String {
        switch importDecision {
        case nil, .new?: ""
        case .alreadyImported(let entry)?:
            " <b>This file was already imported on \(MarkupEscaping.html(entry.importedAt)); nothing changed.</b>"
        case .correctedResend(let previous)?:
            " <b>Corrected re-send: replaces \(previous.count) earlier file(s) for the same period ("
                + previous.map { "\($0.rows) rows, \(Rupiah($0.gross).formatted)" }.joined(separator: "; ") + ").</b>"
        }
    }

    private func table(_ lines: [ReconciliationSummary.Line]) -> String {
        var h = "<table><tr><th></th><th>rows</th><th>gross</th><th>MDR</th><th>net</th></tr>\n"
        for line in lines {
            h +=
                "<tr><td>\(MarkupEscaping.html(line.key))</td><td class=\"n\">\(line.count)</td><td class=\"n\">\(Rupiah(line.gross).formatted)</td>"
            h +=
                "<td class=\"n\">\(Rupiah(line.mdr).formatted)</td><td class=\"n\">\(Rupiah(line.net).formatted)</td></tr>\n"
        }
        return h + "</table>\n"
    }

    private func exceptionChart(_ counts: [SettlementCategory: Int]) -> String {
        let categories = SettlementCategory.allCases.filter(\.isException)
        let largest = max(1, categories.map { counts[$0] ?? 0 }.max() ?? 1)
        let rowHeight = 22
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"\(categories.count * rowHeight + 10)\" role=\"img\" aria-label=\"Exceptions by category\">\n"
        for (i, category) in categories.enumerated() {
            let count = counts[category] ?? 0
            let width = count == 0 ? 0 : max(1, 400 * count / largest)
            let y = i * rowHeight + 5
            svg += "<text x=\"150\" y=\"\(y + 15)\" text-anchor=\"end\" font-size=\"12\">\(category.rawValue)</text>"
            svg +=
                "<rect x=\"160\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\" fill=\"#c0504d\"><title>\(category.rawValue): \(count)</title></rect>"
            svg += "<text x=\"\(165 + width)\" y=\"\(y + 15)\" font-size=\"12\">\(count)</text>\n"
        }
        return svg + "</svg>\n"
    }

    private func zoneHourChart() -> String {
        let zones = summary.revenueByZoneHour
        guard !zones.isEmpty else { return "<p>No matched payments.</p>\n" }
        let largest = max(1, zones.flatMap(\.hours).max() ?? 1)
        let cell = 24
        let left = 130
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(left + 24 * cell + 10)\" height=\"\(zones.count * cell + 40)\" role=\"img\" aria-label=\"Gross revenue by zone and hour\">\n"
        for hour in 0..<24 {
            svg +=
                "<text x=\"\(left + hour * cell + cell / 2)\" y=\"14\" text-anchor=\"middle\" font-size=\"10\">\(hour)</text>"
        }
        for (row, zone) in zones.enumerated() {
            let y = 20 + row * cell
            svg +=
                "\n<text x=\"\(left - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" font-size=\"12\">\(MarkupEscaping.html(zone.zone))</text>"
            for (hour, value) in zone.hours.enumerated() {
                let shade = 255 - Int(200 * value / largest)
                svg +=
                    "<rect x=\"\(left + hour * cell)\" y=\"\(y)\" width=\"\(cell - 1)\" height=\"\(cell - 1)\" fill=\"rgb(\(shade),\(shade),255)\"><title>\(MarkupEscaping.html(zone.zone)) \(hour):00 \(Rupiah(value).formatted)</title></rect>"
            }
        }
        return svg + "\n</svg>\n<p>Darker is more gross revenue; hours are local time.</p>\n"
    }
}
