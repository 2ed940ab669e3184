import Foundation
import Ledger

// The open figures' parts of the OpenAPI document (`OpenAPIDocument.template` places them): the
// page `/transparansi` and the open data `/public/transparency/{month}.json` and `.csv`. The
// measures' properties are made from `TransparencyFigures.Measure.allCases`, as the data is.
extension OpenAPIDocument {
    /// One YAML property per measure, at `indent` spaces.
    static func transparencyMeasureProperties(indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return TransparencyFigures.Measure.allCases.map { measure in
            let description = "\(measure.summary) (\(measure.unit.rawValue))".replacingOccurrences(of: "'", with: "''")
            return "\(pad)\(measure.rawValue): {type: [integer, 'null'], minimum: 0, description: '\(description)'}"
        }.joined(separator: "\n")
    }

    /// The schemas `TransparencyValues`, `TransparencyZone`, `TransparencyDay` and `TransparencyMonth`
    /// (under `components.schemas`).
    static let transparencySchemas = """
            TransparencyValues:
              type: object
              description: 'The published figures of one row (a day, a zone, the month); null: unknown'
              required: [\(TransparencyFigures.Measure.allCases.map(\.rawValue).joined(separator: ", "))]
              properties:
        \(transparencyMeasureProperties(indent: 8))
            TransparencyZone:
              allOf:
                - {$ref: '#/components/schemas/TransparencyValues'}
                - {type: object, required: [zone], properties: {zone: {type: string, description: 'the zone id; - for fee invoices, which belong to no zone'}}}
            TransparencyDay:
              type: object
              required: [date, status, statement, total, zones]
              properties:
                date: {type: string, format: date, description: 'a city day (the city''s time zone)'}
                status: {type: string, enum: [closed, live], description: 'closed: the figures of the signed statement; live: counted from the ledger now (at most 30 s old)'}
                statement:
                  type: [object, 'null']
                  description: 'a closed day''s signed statement; null while the day is live'
                  required: [url, sha256, keyId, closedAt]
                  properties:
                    url: {type: string, description: 'its public path, /public/days/{date}'}
                    sha256: {type: string, pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the statement''s bytes as that path serves them'}
                    keyId: {type: string, description: 'the signing key in /public/receipt-keys'}
                    closedAt: {type: string, format: date-time}
                total: {$ref: '#/components/schemas/TransparencyValues'}
                zones: {type: array, items: {$ref: '#/components/schemas/TransparencyZone'}}
            TransparencyMonth:
              type: object
              description: 'A city month''s open figures: every day up to today (a past month: every day), the month''s sums, per zone'
              required: [month, city, cityName, timeZone, timeZoneLabel, generatedAt, status, measures, total, zones, days]
              properties:
                month: {type: string, pattern: '^[0-9]{4}-[0-9]{2}$'}
                city: {type: string}
                cityName: {type: string}
                timeZone: {type: string, description: 'IANA zone the days are counted in (Asia/Jayapura)'}
                timeZoneLabel: {type: string}
                generatedAt: {type: string, format: date-time}
                status: {type: string, enum: [closed, live], description: 'closed once every day of the month is closed'}
                measures: {type: object, description: 'each measure''s unit (count or rupiah) and meaning', additionalProperties: {type: object, required: [unit, description], properties: {unit: {type: string}, description: {type: string}}}}
                total: {$ref: '#/components/schemas/TransparencyValues'}
                zones: {type: array, items: {$ref: '#/components/schemas/TransparencyZone'}}
                days: {type: array, maxItems: 31, items: {$ref: '#/components/schemas/TransparencyDay'}}
        """

    /// The paths `/transparansi` and `/public/transparency/{month}.json|.csv`.
    static let transparencyPaths = """
          /transparansi:
            get:
              operationId: getTransparencyPage
              summary: 'The open figures of a month as an Indonesian page with charts (English with lang=en)'
              security: []
              parameters: [{name: bulan, in: query, required: false, description: 'the month, YYYY-MM; empty or absent: the current month in the city''s zone', schema: {type: string, pattern: '^(([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2]))?$'}}, {name: lang, in: query, required: false, description: 'en: English; anything else: Indonesian', schema: {type: string}}]
              responses: {'200': {description: 'the page', content: {text/html: {}}}, '400': {description: 'bulan is not a month YYYY-MM', content: {text/html: {}}}, '404': {description: 'the month has not begun yet', content: {text/html: {}}}}
          /public/transparency/{month}.json:
            get:
              operationId: getTransparencyJSON
              summary: 'A month''s open figures per day, per zone and in total, as JSON'
              description: >-
                Closed days carry their signed statement's figures and link (status closed); days not yet closed
                are counted from the ledger (status live, at most 30 s old). Amounts are whole rupiah; dates are
                city days. A month after the current one is 404 transparency.futureMonth; a month before the
                ledger's first event has zero figures.
              security: []
              parameters: [{$ref: '#/components/parameters/month'}]
              responses: {'200': {description: 'the figures', content: {application/json: {schema: {$ref: '#/components/schemas/TransparencyMonth'}}}}, '400': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}}
          /public/transparency/{month}.csv:
            get:
              operationId: getTransparencyCSV
              summary: 'The same figures as CSV'
              description: >-
                RFC 4180 with CRLF and this header: \(TransparencyOpenData.csvHeader). scope is day or month; month
                is YYYY-MM; date is the city day YYYY-MM-DD (empty on month rows); zone is * for the whole city, - for
                fee invoices, else the zone id; status is closed or live; each measure is an integer (whole rupiah
                for amounts), empty when unknown; statementSha256 is the closed day's statement hash. Per day: the
                whole-city row, then one row per zone; then the month's rows.
              security: []
              parameters: [{$ref: '#/components/parameters/month'}]
              responses: {'200': {description: 'the figures', content: {text/csv: {}}}, '400': {$ref: '#/components/responses/Error'}, '404': {$ref: '#/components/responses/Error'}}
        """

    /// The path parameter `month` (under `components.parameters`).
    static let transparencyMonthParameter = """
            month: {name: month, in: path, required: true, description: 'a city month, YYYY-MM (years 0001-9999)', schema: {type: string, pattern: '^([1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-(0[1-9]|1[0-2])$'}}
        """
}
