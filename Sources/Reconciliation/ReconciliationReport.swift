import Ledger

/// Renders a reconciliation as JSON, CSV (the exception list) or one self-contained HTML page.
public struct ReconciliationReport: Sendable {
    /// Output formats.
    public enum Format: String, Sendable, CaseIterable {
        case json, csv, html
    }

    public let result: ReconciliationResult
    public let summary: ReconciliationSummary
    /// What the import registry said about the file, if one was consulted.
    public let importDecision: ImportDecision?
    /// The exception list (computed once, shared by every format).
    public let exceptions: [ReconciliationException]

    /// Creates a report (computes the summary and the exception list).
    public init(result: ReconciliationResult, importDecision: ImportDecision? = nil) {
        self.init(
            result: result, summary: ReconciliationSummary(result), exceptions: result.exceptions,
            importDecision: importDecision)
    }

    /// Creates a report from a summary and exception list computed elsewhere (for example concurrently).
    public init(
        result: ReconciliationResult, summary: ReconciliationSummary, exceptions: [ReconciliationException],
        importDecision: ImportDecision? = nil
    ) {
        self.result = result
        self.summary = summary
        self.exceptions = exceptions
        self.importDecision = importDecision
    }

    /// The report in `format`, as bytes.
    public func render(_ format: Format) -> [UInt8] {
        switch format {
        case .json: json()
        case .csv: exceptionsCSV()
        case .html: Array(html().utf8)
        }
    }

    /// Local time `YYYY-MM-DD HH:MM:SS+HH:MM` in the city's zone.
    func localTime(_ utc: Int64) -> String {
        let offset = result.options.utcOffsetSeconds
        let local = utc + Int64(offset)
        let date = CivilDate(utcSeconds: utc, offsetSeconds: offset)
        let seconds = Int(local - Int64(date.daysSince1970) * 86400)
        guard (0...9999).contains(date.components.year), abs(offset) < 100 * 3600 else {
            let sign = offset < 0 ? "-" : "+"
            return "\(date) \(CivilDate.pad(seconds / 3600, 2)):\(CivilDate.pad(seconds / 60 % 60, 2)):\(CivilDate.pad(seconds % 60, 2))"
                + "\(sign)\(CivilDate.pad(abs(offset) / 3600, 2)):\(CivilDate.pad(abs(offset) / 60 % 60, 2))"
        }
        // `YYYY-MM-DD HH:MM:SS+HH:MM`, digit by digit (one per exception in every format).
        return String(unsafeUninitializedCapacity: 25) { out in
            date.write(into: out, at: 0)
            out[10] = UInt8(ascii: " ")
            CivilDate.writeDigits(seconds / 3600, 2, out, 11)
            out[13] = UInt8(ascii: ":")
            CivilDate.writeDigits(seconds / 60 % 60, 2, out, 14)
            out[16] = UInt8(ascii: ":")
            CivilDate.writeDigits(seconds % 60, 2, out, 17)
            out[19] = UInt8(ascii: offset < 0 ? "-" : "+")
            CivilDate.writeDigits(abs(offset) / 3600, 2, out, 20)
            out[22] = UInt8(ascii: ":")
            CivilDate.writeDigits(abs(offset) / 60 % 60, 2, out, 23)
            return 25
        }
    }

    /// The JSON report: file, import status, `counts` by category name, totals, breakdowns, exceptions.
    public func json() -> [UInt8] {
        var w = JSONWriter(capacity: (1 << 20) + exceptions.count * 768)
        let file = result.file
        w.beginObject()
        w.key("file")
        w.beginObject()
        w.field("sha256", file.sha256)
        w.field("profile", file.profileName)
        w.field("acquirer", file.acquirer)
        w.field("bytes", Int64(file.byteCount))
        w.field("rows", Int64(file.rows.count))
        let period = file.rows.settlementPeriod
        w.field("firstSettlementDate", period.map { "\($0.lowerBound)" })
        w.field("lastSettlementDate", period.map { "\($0.upperBound)" })
        w.endObject()
        if let importDecision {
            w.key("import")
            w.beginObject()
            w.field("status", importDecision.status)
            w.key("previous")
            w.beginArray()
            let previous: [SettlementImport] =
                switch importDecision {
                case .new: []
                case .alreadyImported(let entry): [entry]
                case .correctedResend(let entries): entries
                }
            for entry in previous {
                w.beginObject()
                w.field("sha256", entry.sha256)
                w.field("importedAt", entry.importedAt)
                w.field("rows", Int64(entry.rows))
                w.field("gross", entry.gross)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.field("invoices", Int64(summary.invoiceCount))
        w.field("invoiceAmount", summary.invoiceAmount)
        w.field("settlementDays", Int64(result.options.settlementDays))
        // Which MDR schedule and merchant category the expected fees came from.
        w.key("mdr")
        w.beginObject()
        w.field("schedule", result.options.schedule.source)
        w.field("merchantCategory", result.options.defaultMerchantCategory)
        w.field("mcc", result.options.defaultMCC)
        w.field("flatBasisPoints", result.options.schedule.rates.isEmpty ? Int64(result.options.schedule.defaultBasisPoints) : nil)
        w.endObject()
        w.key("counts")
        w.beginObject()
        let counts = result.counts
        for category in SettlementCategory.allCases { w.field(category.rawValue, Int64(counts[category] ?? 0)) }
        w.endObject()
        w.key("totals")
        line(&w, summary.totals)
        for (name, lines) in [
            ("byCategory", summary.byCategory), ("byFee", summary.byFee), ("byZone", summary.byZone),
            ("byDevice", summary.byDevice), ("byAttendant", summary.byAttendant), ("byAcquirer", summary.byAcquirer),
            ("byIssuer", summary.byIssuer),
        ] {
            w.key(name)
            w.beginArray()
            for item in lines { line(&w, item) }
            w.endArray()
        }
        w.key("revenueByZoneHour")
        w.beginObject()
        for (zone, hours) in summary.revenueByZoneHour {
            w.key(zone)
            w.beginArray()
            for value in hours { w.value(value) }
            w.endArray()
        }
        w.endObject()
        w.key("warnings")
        w.beginArray()
        for warning in result.warnings { w.value(warning) }
        w.endArray()
        w.key("exceptions")
        w.beginArray()
        for e in exceptions {
            w.beginObject()
            w.field("category", e.category.rawValue)
            w.field("reason", e.reason)
            w.field("line", e.line.map(Int64.init))
            w.field("rrn", e.rrn)
            w.field("billNumber", e.billNumber)
            w.field("referenceLabel", e.referenceLabel)
            w.field("invoiceId", e.invoiceID)
            w.field("expectedAmount", e.expectedAmount?.value)
            w.field("settledAmount", e.settledAmount?.value)
            w.field("expectedFee", e.expectedFee?.value)
            w.field("statedFee", e.statedFee?.value)
            w.field("transactionTime", e.transactionTime.map(localTime))
            w.field("settlementDate", e.settlementDate.map { "\($0)" })
            w.field("dueDate", e.dueDate.map { "\($0)" })
            w.field("zone", e.zone)
            w.field("terminalId", e.terminalID)
            w.field("attendantId", e.attendantID)
            w.field("issuer", e.issuer)
            w.field("probableInvoiceId", e.probableInvoiceID)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        var bytes = w.bytes
        bytes.append(10)
        return bytes
    }

    private func line(_ w: inout JSONWriter, _ line: ReconciliationSummary.Line) {
        w.beginObject()
        w.field("key", line.key)
        w.field("count", Int64(line.count))
        w.field("gross", line.gross)
        w.field("mdr", line.mdr)
        w.field("net", line.net)
        w.endObject()
    }

    /// The exception list as CSV (RFC 4180, UTF-8, one header line).
    public func exceptionsCSV() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((1 << 16) + exceptions.count * 320)
        out.append(
            contentsOf:
                "category,reason,line,rrn,bill_number,reference_label,invoice_id,expected_amount,settled_amount,expected_fee,stated_fee,transaction_time,settlement_date,due_date,zone,terminal_id,attendant_id,issuer,probable_invoice_id\n"
                .utf8)
        for e in exceptions {
            CSVCell.appendRecord(
                [
                    .text(e.category.rawValue), .text(e.reason), .number(e.line), .text(e.rrn), .text(e.billNumber),
                    .text(e.referenceLabel), .text(e.invoiceID), .number(e.expectedAmount?.value),
                    .number(e.settledAmount?.value), .number(e.expectedFee?.value), .number(e.statedFee?.value),
                    .text(e.transactionTime.map(localTime)), .text(e.settlementDate?.description),
                    .text(e.dueDate?.description), .text(e.zone), .text(e.terminalID), .text(e.attendantID),
                    .text(e.issuer), .text(e.probableInvoiceID),
                ], to: &out)
        }
        return out
    }
}
