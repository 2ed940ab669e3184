import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Reconciliation
import Testing

/// The console's figures on SQLite (real files): a day built by hand, and the SQL's grouping against
/// a plain Swift count over random days.
@Suite struct DayFiguresTests {
    @Test func emptyDayHasTwentyFourEmptyHours() async throws {
        let store = try await TestLedger.sqlite()
        let day = LedgerStoreContract.figuresDay
        let figures = try await store.dayFigures(from: day.from, to: day.to, in: .wit)
        #expect(figures.total == DayFigures.Figures() && figures.rows.isEmpty && figures.byZone.isEmpty)
        #expect(figures.byHour.map(\.hour) == Array(0..<24))
        #expect(try await store.deviceActivity(from: day.from, to: day.to).isEmpty)
    }

    /// Random invoices around a WIT day (some before, some after, statuses of every kind, sequence
    /// numbers out of time order so that days have holes): the SQL figures equal a count in Swift over
    /// the invoices the store returns one by one.
    @Test(arguments: [UInt64(1), 2, 3, 4]) func figuresMatchANaiveCount(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        let store = try await TestLedger.sqlite()
        let day = LedgerStoreContract.figuresDay
        let devices = ["JKR-P1", "JKR-P2", "JKR-P3"]
        let zones = ["AMB-A", "AMB-B"]
        for device in devices { try await LedgerStoreContract.enrolFiguresDevice(store, device, zones: zones) }
        var exceptionTimes: [Date] = []
        for index in 0..<Int.random(in: 20...45, using: &random) {
            let at = day.from + Double(Int.random(in: -3 * 3600...27 * 3600, using: &random))
            let zone = Bool.random(using: &random) ? nil : zones.randomElement(using: &random)
            let invoice = try await LedgerStoreContract.issueFigure(
                store, device: devices.randomElement(using: &random)!, zone: zone,
                amount: Int64.random(in: 1...20, using: &random) * 500, at: at,
                validFor: Bool.random(using: &random) ? 900 : 3 * 86_400)
            switch Int.random(in: 0...4, using: &random) {
            case 1: _ = try await store.recordPayment(TestLedger.payment(invoice, rrn: "P\(index)"))
            case 2:
                _ = try await store.recordPayment(TestLedger.payment(invoice, rrn: "P\(index)"))
                _ = try await store.settleInvoice(invoice.id, reference: "S\(index)", at: day.to + 86_400)
            case 3: _ = try await store.cancelInvoice(invoice.id, reason: "test", at: invoice.issuedAt + 60)
            case 4:
                _ = try await store.recordPayment(TestLedger.payment(invoice, rrn: "P\(index)"))
                _ = try await store.refundInvoice(invoice.id, reason: "test", at: day.to + 86_400)
            default: break
            }
            if Int.random(in: 0...5, using: &random) == 0 {
                let paidAt = at + 120
                exceptionTimes.append(paidAt)
                _ = try await store.recordPaymentException(
                    PaymentExceptionDraft(
                        billNumber: "NOSUCH\(index)", rrn: "E\(index)", issuer: "OVO", amount: Rupiah(1_000),
                        paidAt: paidAt, recordedAt: paidAt, source: .acquirerNotification, reason: .unknownInvoice,
                        detail: "unknown"))
            }
        }
        _ = try await store.expireDueInvoices(now: day.to + 3 * 3600)

        // The naive count: every invoice of the day, one at a time.
        let zone = CityTimeZone.wit
        func hour(_ date: Date) -> Int { zone.local(date).secondOfDay / 3600 }
        var expected: [String: [Int: DayFigures.Figures]] = [:]
        var activity: [Device.ID: (figures: DeviceActivity, numbers: Set<Int64>)] = [:]
        for device in try await store.devices() { activity[device.id] = (DeviceActivity(device: device), []) }
        for invoice in try await store.invoices(issuedFrom: day.from, to: day.to) {
            var invoiceZone = "-"
            if let ticketID = invoice.ticketID { invoiceZone = try #require(try await store.ticket(id: ticketID)).zone }
            try expected[invoiceZone, default: [:]][hour(invoice.issuedAt), default: DayFigures.Figures()]
                .addInvoices(status: invoice.status, count: 1, amount: invoice.amount)
            try activity[invoice.deviceID]?.figures.addInvoices(
                status: invoice.status, count: 1, amount: invoice.amount)
            activity[invoice.deviceID]?.numbers.insert(invoice.sequence)
        }
        for paidAt in exceptionTimes where paidAt >= day.from && paidAt < day.to {
            try expected["-", default: [:]][hour(paidAt), default: DayFigures.Figures()].openExceptions
                .add(count: 1, amount: Rupiah(1_000), what: "test")
        }

        let figures = try await store.dayFigures(from: day.from, to: day.to, in: zone)
        let expectedRows = expected.keys.sorted().flatMap { zone in
            expected[zone, default: [:]].keys.sorted().map { hour in
                DayFigures.Row(zone: zone, hour: hour, figures: expected[zone, default: [:]][hour, default: .init()])
            }
        }
        #expect(figures.rows == expectedRows)
        var total = DayFigures.Figures()
        for row in expectedRows { try total.add(row.figures) }
        #expect(figures.total == total)
        let issued = total.issued
        #expect(
            issued.count
                == total.paid.count + total.outstanding.count + total.cancelled.count + total.expired.count
                + total.refunded.count)

        let found = try await store.deviceActivity(from: day.from, to: day.to)
        #expect(found.map(\.deviceID.rawValue) == devices)
        for device in found {
            var want = try #require(activity[device.deviceID])
            if let low = want.numbers.min(), let high = want.numbers.max() {
                want.figures.sequenceRange = low...high
                want.figures.sequenceGaps = DailyTotals.gaps(in: want.numbers, after: low - 1)
            }
            #expect(device == want.figures)
        }
    }
}
