import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    /// 2026-11-23 in Ambon (WIT, UTC+9): from 2026-11-22 15:00 UTC to 2026-11-23 15:00 UTC.
    static let figuresDay: (from: Date, to: Date) = {
        let zone = CityTimeZone.wit
        let date = CivilDate(year: 2026, month: 11, day: 23)!
        return (zone.startOfDay(date), zone.startOfDay(date.adding(days: 1)))
    }()

    /// Enrols an issuing device for `zones`, the day before ``figuresDay``.
    static func enrolFiguresDevice(_ store: some LedgerStore, _ id: String, zones: [String]) async throws {
        _ = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID(id), name: "Juru parkir \(id)", role: .attendant, zones: zones,
                credentialHash: Device.credentialHash(forToken: "token-\(id)"),
                enrolledAt: figuresDay.from.addingTimeInterval(-2 * 86_400), idempotencyKey: "enrol-\(id)"))
    }

    /// Issues a parking invoice in `zone` (or a fee invoice when `zone` is nil) at `at`.
    static func issueFigure(
        _ store: some LedgerStore, device: String, zone: String?, amount: Int64, at: Date, validFor: TimeInterval = 900
    ) async throws -> Invoice {
        let terms = TestLedger.terms(device: device, amount: amount, at: at, validFor: validFor)
        let purpose: InvoiceDraft.Purpose =
            if let zone {
                .parking(
                    ParkingDetails(
                        plate: "DE\(TestLedger.counter.next())X", vehicleClass: "CAR", zone: zone, entryAt: at))
            } else {
                .fee(code: "RET-PASAR")
            }
        return try await store.issueInvoice(
            InvoiceDraft(terms: terms, purpose: purpose, idempotencyKey: "fig-\(terms.billNumber)")
        ).invoice
    }

    /// Every figure of a day built by hand: zones, hours on both edges of the WIT day, each status,
    /// open exceptions, two devices, a sequence gap, and the invoices just outside the day.
    static func dayFigures(_ store: some LedgerStore) async throws {
        let day = figuresDay
        let hour: TimeInterval = 3600
        try await enrolFiguresDevice(store, "JKR-A1", zones: ["AMB-A"])
        try await enrolFiguresDevice(store, "JKR-B1", zones: ["AMB-B"])
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-F1", role: .finance, at: day.from))

        // 23:59:59.999 WIT the day before (14:59:59.999 UTC): not the day's. Sequence 1 of A1.
        _ = try await issueFigure(store, device: "JKR-A1", zone: "AMB-A", amount: 1_000, at: day.from - 0.001)
        // 00:00 WIT exactly (15:00 UTC the day before): hour 0, paid. Sequence 2.
        let paid = try await issueFigure(store, device: "JKR-A1", zone: "AMB-A", amount: 2_000, at: day.from)
        _ = try await store.recordPayment(TestLedger.payment(paid, rrn: "F1"))
        // 09:10 WIT: outstanding (a long expiry). Sequence 3.
        let outstanding = try await issueFigure(
            store, device: "JKR-A1", zone: "AMB-A", amount: 3_000, at: day.from + 9 * hour + 600, validFor: 86_400 * 3)
        // Sequence 4 goes to an invoice of the next day: a hole in the day's numbers.
        _ = try await issueFigure(store, device: "JKR-A1", zone: "AMB-A", amount: 9_000, at: day.to, validFor: 86_400)
        // 09:30 WIT: cancelled. Sequence 5.
        let cancelled = try await issueFigure(
            store, device: "JKR-A1", zone: "AMB-A", amount: 4_000, at: day.from + 9 * hour + 1800)
        _ = try await store.cancelInvoice(cancelled.id, reason: "wrong plate", at: cancelled.issuedAt + 60)
        // 10:00 WIT, fee (no zone), B1: paid, then settled. B1 sequence 1.
        let settled = try await issueFigure(store, device: "JKR-B1", zone: nil, amount: 7_000, at: day.from + 10 * hour)
        _ = try await store.recordPayment(TestLedger.payment(settled, rrn: "F2"))
        _ = try await store.settleInvoice(settled.id, reference: "S-F2", at: day.to)
        // 10:30 WIT, B1 in AMB-B: paid, then refunded. Sequence 2.
        let refunded = try await issueFigure(
            store, device: "JKR-B1", zone: "AMB-B", amount: 6_000, at: day.from + 10 * hour + 1800)
        _ = try await store.recordPayment(TestLedger.payment(refunded, rrn: "F3"))
        _ = try await store.refundInvoice(refunded.id, reason: "double charge", at: day.to)
        // 23:59:59.999 WIT, B1 in AMB-B: expired, hour 23. Sequence 3. Then 00:00 WIT the next day: not the day's.
        let expired = try await issueFigure(store, device: "JKR-B1", zone: "AMB-B", amount: 5_000, at: day.to - 0.001)
        _ = try await issueFigure(store, device: "JKR-B1", zone: "AMB-B", amount: 8_000, at: day.to, validFor: 86_400)
        _ = try await store.expireDueInvoices(now: expired.expiresAt)
        // Open exceptions about no invoice: one paid 00:30 WIT (the day's, hour 0), one the day before.
        for (rrn, paidAt) in [("X1", day.from + 1800), ("X0", day.from - 1800)] {
            _ = try await store.recordPaymentException(
                PaymentExceptionDraft(
                    billNumber: "NOSUCH\(rrn)", rrn: rrn, issuer: "OVO", amount: Rupiah(1_500), paidAt: paidAt,
                    recordedAt: paidAt, source: .acquirerNotification, reason: .unknownInvoice, detail: "unknown"))
        }

        let figures = try await store.dayFigures(from: day.from, to: day.to, in: .wit)
        let total = figures.total
        #expect(total.issued == Tally(count: 6, amount: Rupiah(27_000)))
        #expect(total.paid == Tally(count: 2, amount: Rupiah(9_000)))
        #expect(total.settled == Tally(count: 1, amount: Rupiah(7_000)))
        #expect(total.outstanding == Tally(count: 1, amount: Rupiah(3_000)))
        #expect(total.cancelled == Tally(count: 1, amount: Rupiah(4_000)))
        #expect(total.expired == Tally(count: 1, amount: Rupiah(5_000)))
        #expect(total.refunded == Tally(count: 1, amount: Rupiah(6_000)))
        #expect(total.openExceptions == Tally(count: 1, amount: Rupiah(1_500)))
        #expect(figures.byZone.map(\.zone) == ["-", "AMB-A", "AMB-B"])
        #expect(figures.byZone.map(\.figures.issued.amount) == [Rupiah(7_000), Rupiah(9_000), Rupiah(11_000)])
        #expect(figures.byZone[0].figures.openExceptions.count == 1)
        #expect(figures.byHour.count == 24)
        #expect(figures.byHour[0].figures.issued == Tally(count: 1, amount: Rupiah(2_000)))
        #expect(figures.byHour[0].figures.openExceptions.count == 1)
        #expect(figures.byHour[9].figures.issued == Tally(count: 2, amount: Rupiah(7_000)))
        #expect(figures.byHour[10].figures.issued == Tally(count: 2, amount: Rupiah(13_000)))
        #expect(figures.byHour[23].figures.expired == Tally(count: 1, amount: Rupiah(5_000)))
        #expect(figures.byHour[1].figures == DayFigures.Figures())
        #expect(
            figures.rows.map { "\($0.zone)@\($0.hour)" } == [
                "-@0", "-@10", "AMB-A@0", "AMB-A@9", "AMB-B@10", "AMB-B@23",
            ])

        let activity = try await store.deviceActivity(from: day.from, to: day.to)
        #expect(activity.map(\.deviceID.rawValue) == ["JKR-A1", "JKR-B1"])  // the finance device issues nothing
        let a1 = activity[0]
        #expect(a1.name == "Juru parkir JKR-A1" && a1.role == .attendant && a1.zones == ["AMB-A"])
        #expect(a1.issued == Tally(count: 3, amount: Rupiah(9_000)))
        #expect(a1.paid == Tally(count: 1, amount: Rupiah(2_000)))
        #expect(a1.unpaid == Tally(count: 1, amount: Rupiah(3_000)))
        #expect(a1.cancelled == Tally(count: 1, amount: Rupiah(4_000)))
        #expect(a1.sequenceRange == 2...5 && a1.sequenceGaps == [4...4] && a1.missingSequenceNumbers == 1)
        #expect(a1.substantiatedComplaints == 0 && a1.ticketsOpened == 0)
        let b1 = activity[1]
        #expect(b1.issued == Tally(count: 3, amount: Rupiah(18_000)))
        #expect(b1.paid == Tally(count: 2, amount: Rupiah(13_000)))
        #expect(b1.unpaid == Tally(count: 1, amount: Rupiah(5_000)))
        #expect(b1.sequenceRange == 1...3 && b1.sequenceGaps.isEmpty)
        _ = outstanding
    }

    /// Hourly tickets take sequence numbers too: an opened ticket fills what would be a gap, and is
    /// counted; a device that did nothing is listed with zeros; a device revoked before the day is not.
    static func deviceActivityTickets(_ store: some LedgerStore) async throws {
        let day = figuresDay
        try await enrolFiguresDevice(store, "JKR-T1", zones: ["AMB-A"])
        try await enrolFiguresDevice(store, "JKR-T2", zones: ["AMB-A"])
        try await enrolFiguresDevice(store, "JKR-T3", zones: ["AMB-A"])
        _ = try await store.revokeDevice(Device.ID("JKR-T3"), reason: "lost", at: day.from - 60)
        _ = try await issueFigure(store, device: "JKR-T1", zone: "AMB-A", amount: 1_000, at: day.from + 3600)
        _ = try await store.openTicket(
            TicketDraft(
                details: ParkingDetails(plate: "DE1T", vehicleClass: "CAR", zone: "AMB-A", entryAt: day.from + 7200),
                deviceID: Device.ID("JKR-T1"), idempotencyKey: "open-T1"))
        _ = try await issueFigure(store, device: "JKR-T1", zone: "AMB-A", amount: 1_000, at: day.from + 9000)
        let activity = try await store.deviceActivity(from: day.from, to: day.to)
        #expect(activity.map(\.deviceID.rawValue) == ["JKR-T1", "JKR-T2"])
        #expect(
            activity[0].ticketsOpened == 1 && activity[0].sequenceRange == 1...3 && activity[0].sequenceGaps.isEmpty)
        #expect(activity[1].issued == Tally() && activity[1].sequenceRange == nil)
    }
}
