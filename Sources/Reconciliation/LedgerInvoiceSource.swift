import Foundation
import Ledger
import QRIS

/// Feeds the matcher from the ledger: the invoices a settlement file can refer to, with the payments
/// the acquirer's notifications reported.
///
/// **Window.** Let *first day* be the city-local day of the file's earliest transaction, *last day*
/// that of its latest transaction, and *last settlement* its latest settlement date. The source loads
/// the invoices issued from the start of *first day* minus ``lookbackSeconds`` (the longest QR validity:
/// a code shown just before midnight is paid the next day) up to the end of *last settlement*.
/// Only invoices issued on *first day* … *last day* are this file's own: they are reported as
/// `unpaid_invoice` / `paid_not_settled` when no row settles them. Invoices from the look-back and the
/// tail are match candidates only (an earlier or later file reports them), so a day is never reported
/// twice. A file without rows loads nothing.
///
/// **Status.** `issued` and `expired` invoices that no row settles are `unpaid_invoice` (an expired code
/// still means money was not collected); `paid` and `paid_late` ones are `paid_not_settled`. `cancelled`
/// (never paid), `settled` (an earlier import settled them) and `refunded` invoices are candidates only:
/// a row for them is still matched, but their absence is not an exception.
///
/// **Fields.** Reference label and NMID come from the invoice's QRIS payload (tags 62-05 and 51-02) when
/// present; the terminal label is 62-07, else the device id; the attendant is the device id; the zone is
/// the parking ticket's, else the device's; the channel is the invoice kind (`fee`, `parking`); the RRN and
/// paid time are those of the payment that paid the invoice (not an `extra` one).
public struct LedgerInvoiceSource: ExpectedInvoiceSource {
    /// The invoices, in issue order (issue time, then id).
    public let table: InvoiceTable
    /// The issue times loaded, `[start, end)` in UTC seconds.
    public let window: Range<Int64>
    /// The issue times whose invoices are reported when unsettled, `[start, end)` in UTC seconds.
    public let reportedWindow: Range<Int64>

    /// The default look-back: 24 hours, the longest QR validity Lunas issues.
    public static let defaultLookbackSeconds: Int64 = 86_400
    /// Invoices read from the store per page (``LedgerStore/invoicesForMatching(issuedFrom:to:after:limit:)``).
    public static let pageSize = 10_000

    /// Creates a source from invoices already in a table (tests, other stores).
    public init(table: InvoiceTable, window: Range<Int64>, reportedWindow: Range<Int64>) {
        self.table = table
        self.window = window
        self.reportedWindow = reportedWindow
    }

    /// Calls `body` with every loaded invoice.
    public func forEachExpectedInvoice(_ body: (ExpectedInvoice) throws -> Void) throws {
        for index in 0..<table.count { try body(table[index]) }
    }

    /// The windows for `file` (see the type's documentation), or nil for a file without rows.
    /// - Parameters:
    ///   - utcOffsetSeconds: the city's UTC offset (local days).
    ///   - lookbackSeconds: how far before the first day invoices are still candidates.
    public static func windows(
        for file: SettlementFile, utcOffsetSeconds: Int, lookbackSeconds: Int64 = defaultLookbackSeconds
    ) -> (load: Range<Int64>, reported: Range<Int64>)? {
        let records = file.rows.records
        guard var earliest = records.first?.time else { return nil }
        var latest = earliest
        var lastSettlementDay = records[0].settlementDay
        for record in records {
            earliest = min(earliest, record.time)
            latest = max(latest, record.time)
            lastSettlementDay = max(lastSettlementDay, record.settlementDay)
        }
        let offset = Int64(utcOffsetSeconds)
        func dayStart(_ time: Int64) -> Int64 { Self.floorDiv(time + offset, 86_400) * 86_400 - offset }
        let firstDay = dayStart(earliest)
        let afterLastDay = dayStart(latest) + 86_400
        let afterSettlement = max(afterLastDay, (Int64(lastSettlementDay) + 1) * 86_400 - offset)
        return (firstDay - max(0, lookbackSeconds)..<afterSettlement, firstDay..<afterLastDay)
    }

    /// Loads the invoices `file` can refer to from `store`, a page at a time, straight into the
    /// matcher's compact table.
    /// - Parameters:
    ///   - store: the ledger.
    ///   - file: the settlement file (its rows give the window).
    ///   - utcOffsetSeconds: the city's UTC offset.
    ///   - lookbackSeconds: see ``windows(for:utcOffsetSeconds:lookbackSeconds:)``.
    /// - Throws: the store's `LedgerError`s; ``ReconciliationError`` `invoice.invalid` for a bill number
    ///   found twice.
    public static func load(
        from store: some LedgerStore, for file: SettlementFile, utcOffsetSeconds: Int,
        lookbackSeconds: Int64 = defaultLookbackSeconds
    ) async throws -> LedgerInvoiceSource {
        guard let bounds = windows(for: file, utcOffsetSeconds: utcOffsetSeconds, lookbackSeconds: lookbackSeconds)
        else {
            return LedgerInvoiceSource(table: InvoiceTable(), window: 0..<0, reportedWindow: 0..<0)
        }
        let (load, reported) = bounds
        var deviceZones: [Device.ID: String] = [:]
        for device in try await store.devices() { deviceZones[device.id] = device.zone }
        var table = InvoiceTable()
        var cursor: InvoiceMatchingRow.Cursor?
        while true {
            let page = try await store.invoicesForMatching(
                issuedFrom: Date(timeIntervalSince1970: TimeInterval(load.lowerBound)),
                to: Date(timeIntervalSince1970: TimeInterval(load.upperBound)), after: cursor, limit: pageSize)
            for invoice in page {
                try table.append(expected(invoice, zone: deviceZones[invoice.deviceID] ?? "", reported: reported))
            }
            guard page.count == pageSize, let last = page.last else { break }
            cursor = last.cursor
        }
        return LedgerInvoiceSource(table: table, window: load, reportedWindow: reported)
    }

    /// One invoice as the matcher sees it (see the type's documentation for each field).
    static func expected(_ invoice: InvoiceMatchingRow, zone deviceZone: String, reported: Range<Int64>)
        -> ExpectedInvoice
    {
        let paid = invoice.status.isPaid || invoice.paidAt != nil
        let issued = Self.seconds(invoice.issuedAt)
        // The ledger stores payloads it built itself; one that does not parse yields no tags
        // and the invoice still matches by bill number.
        let tags = try? QRISPayload(parsing: invoice.qrisPayload)
        return ExpectedInvoice(
            invoiceID: invoice.id.rawValue, billNumber: invoice.billNumber.rawValue,
            referenceLabel: tags?.referenceLabel, nmid: tags?.nmid ?? "",
            terminalID: tags?.terminalLabel ?? invoice.deviceID.rawValue, zone: invoice.ticketZone ?? deviceZone,
            channel: invoice.kind.rawValue, attendantID: invoice.deviceID.rawValue, amount: invoice.amount,
            issuedAt: issued, expiresAt: Self.seconds(invoice.expiresAt),
            paymentRRN: paid ? invoice.paymentRRN : nil,
            paidAt: ((paid ? invoice.paymentPaidAt : nil) ?? invoice.paidAt).map(Self.seconds),
            feeCode: invoice.feeCode, acquirer: nil, merchantCategory: nil, mcc: nil,
            expectsSettlement: reported.contains(issued) && Self.expectsSettlement(invoice.status))
    }

    /// Whether an invoice in this status is an exception when no settlement row settles it.
    public static func expectsSettlement(_ status: InvoiceStatus) -> Bool {
        switch status {
        case .issued, .expired, .paid, .paidLate: true
        case .cancelled, .settled, .refunded: false
        }
    }

    private static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }
}
