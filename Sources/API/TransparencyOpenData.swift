import Foundation
import Ledger
import Reconciliation

/// The open figures as open data: `GET /public/transparency/{YYYY-MM}.json` and `.csv`
/// (``TransparencyFigures``; the columns are ``TransparencyFigures/Measure/allCases``).
enum TransparencyOpenData {
    /// The public path of a closed day's signed statement.
    static func statementPath(_ date: CivilDate) -> String { "/public/days/\(date)" }

    /// The CSV's header line: `scope,month,date,zone,status`, one column per measure, then `statementSha256`.
    static var csvHeader: String {
        (["scope", "month", "date", "zone", "status"] + TransparencyFigures.Measure.allCases.map(\.rawValue)
            + ["statementSha256"]).joined(separator: ",")
    }

    /// `closed` or `live`.
    static func status(closed: Bool) -> String { closed ? "closed" : "live" }

    /// The JSON document: the month's total and zones, then every day with its status, statement link,
    /// total and zones. Keys sorted; amounts in whole rupiah; an unknown value is `null`.
    /// `generatedAt` is when the figures were counted (``TransparencyFigures/countedAt``), else `now`.
    static func json(_ figures: TransparencyFigures, city: City, now: Date) -> [UInt8] {
        let generatedAt = figures.countedAt ?? now
        func values(_ values: TransparencyFigures.Values, zone: String? = nil) -> CanonicalJSON {
            var members: [String: CanonicalJSON] = [:]
            for measure in TransparencyFigures.Measure.allCases {
                members[measure.rawValue] = values[measure].map(CanonicalJSON.int) ?? .null
            }
            if let zone { members["zone"] = .string(zone) }
            return .object(members)
        }
        let days: [CanonicalJSON] = figures.days.map { day in
            var members: [String: CanonicalJSON] = [
                "date": .string("\(day.date)"), "status": .string(status(closed: day.isClosed)),
                "total": values(day.total), "zones": .array(day.zones.map { values($0.values, zone: $0.zone) }),
                "statement": .null,
            ]
            if let statement = day.statement {
                members["statement"] = .object([
                    "url": .string(statementPath(day.date)), "sha256": .string(statement.sha256),
                    "keyId": .string(statement.keyID), "closedAt": .string(APITime.text(statement.closedAt)),
                ])
            }
            return .object(members)
        }
        let measures = TransparencyFigures.Measure.allCases.map { measure -> (String, CanonicalJSON) in
            (
                measure.rawValue,
                .object(["unit": .string(measure.unit.rawValue), "description": .string(measure.summary)])
            )
        }
        return CanonicalJSON.object([
            "month": .string("\(figures.month)"), "city": .string(city.id), "cityName": .string(city.name),
            "timeZone": .string(city.timeZone.identifier), "timeZoneLabel": .string(city.timeZone.label),
            "generatedAt": .string(APITime.text(generatedAt)), "status": .string(status(closed: figures.isClosed)),
            "measures": .object(Dictionary(uniqueKeysWithValues: measures)), "total": values(figures.total),
            "zones": .array(figures.zones.map { values($0.values, zone: $0.zone) }), "days": .array(days),
        ]).bytes
    }

    /// The CSV file (RFC 4180, CRLF, ``csvHeader``): for each day its whole-city row (zone `*`) and one
    /// row per zone, then the month's rows (scope `month`, date empty). An unknown value is an empty cell.
    static func csv(_ figures: TransparencyFigures) -> [UInt8] {
        var bytes = Array((csvHeader + "\r\n").utf8)
        func row(
            scope: String, date: String, zone: String, closed: Bool, _ values: TransparencyFigures.Values, sha: String?
        ) {
            var cells: [CSVCell] = [.text(scope), .text("\(figures.month)"), .text(date)]
            // `-` (fee invoices, no zone) is written as is: a lone hyphen is no formula.
            cells.append(zone == Device.noZone ? .empty : .text(zone))
            cells.append(.text(status(closed: closed)))
            cells += TransparencyFigures.Measure.allCases.map { CSVCell.number(values[$0]) }
            cells.append(.text(sha))
            for (index, cell) in cells.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                if index == 3, zone == Device.noZone { bytes.append(UInt8(ascii: "-")) }
                cell.append(to: &bytes)
            }
            bytes.append(contentsOf: "\r\n".utf8)
        }
        for day in figures.days {
            let sha = day.statement?.sha256
            row(scope: "day", date: "\(day.date)", zone: "*", closed: day.isClosed, day.total, sha: sha)
            for zone in day.zones {
                row(scope: "day", date: "\(day.date)", zone: zone.zone, closed: day.isClosed, zone.values, sha: sha)
            }
        }
        row(scope: "month", date: "", zone: "*", closed: figures.isClosed, figures.total, sha: nil)
        for zone in figures.zones {
            row(scope: "month", date: "", zone: zone.zone, closed: figures.isClosed, zone.values, sha: nil)
        }
        return bytes
    }
}
