import Foundation
import Reconciliation

/// The parts of a stored reconciliation report (`report.json` in the settlement archive, the bytes of
/// `GET /api/v1/settlements/{id}/report?format=json`) that the console's report page shows.
struct ConsoleSettlementReport: Decodable {
    struct File: Decodable {
        var profile: String?
        var bytes: Int64?
        var rows: Int?
        var firstSettlementDate: String?
        var lastSettlementDate: String?
    }

    struct Line: Decodable {
        var count: Int
        var gross: Int64
        var mdr: Int64
        var net: Int64
    }

    /// One exception row of the report.
    struct Row: Decodable {
        var category: String
        var reason: String?
        var line: Int?
        var rrn: String?
        var billNumber: String?
        var invoiceId: String?
        var expectedAmount: Int64?
        var settledAmount: Int64?
        var transactionTime: String?
        var zone: String?
    }

    var file: File
    var invoices: Int?
    var invoiceAmount: Int64?
    var counts: [String: Int]
    var totals: Line?
    var warnings: [String]?
    var exceptions: [Row]

    /// Exception rows shown on one page of the report page.
    static let pageSize = 50

    /// Decodes the stored JSON report.
    static func decode(_ bytes: [UInt8]) throws -> ConsoleSettlementReport {
        try JSONDecoder().decode(ConsoleSettlementReport.self, from: Data(bytes))
    }

    /// The rows of `category` (every exception when nil), page `page` (from 1, clamped to the pages there
    /// are), with the page count.
    func page(_ page: Int, category: String?) -> (rows: ArraySlice<Row>, page: Int, pages: Int) {
        let selected = category.map { name in exceptions.filter { $0.category == name } } ?? exceptions
        let pages = max(1, (selected.count + Self.pageSize - 1) / Self.pageSize)
        let page = min(max(1, page), pages)
        let start = (page - 1) * Self.pageSize
        return (selected[start..<min(start + Self.pageSize, selected.count)], page, pages)
    }

    /// `1.2 MiB`, `340 KiB`, `512 B`.
    static func size(_ bytes: Int64?) -> String {
        guard let bytes else { return "—" }
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1 << 20 { return String(format: "%.1f KiB", Double(bytes) / 1024) }
        return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
    }

    /// `2026-12-01` or `2026-12-01 – 2026-12-02`.
    static func period(_ first: String?, _ last: String?) -> String {
        guard let first else { return "—" }
        guard let last, last != first else { return first }
        return "\(first) – \(last)"
    }

    /// The categories in the order the page lists them: the exceptions first, matched last.
    static let categoryOrder: [SettlementCategory] =
        SettlementCategory.allCases.filter(\.isException) + [.matched]
}
