import Foundation
import Ledger

/// The current city day's ledger figures for `/metrics`, kept incrementally from the event log.
///
/// A scrape reads only the events appended since the previous one (`events(after:limit:)`, the
/// log's primary key), never the day's rows again: the first scrape of a day finds the day's first
/// event by a binary search on the sequence (O(log n) single-row reads), steps back a bounded
/// window to catch events whose business time runs ahead of their position (offline sync), and
/// folds forward. Every writer is seen (other processes, other nodes, the command line), since
/// the figures come from the log, not from this process's own requests. Sums are checked.
actor LedgerDayCounter {
    /// The figures of one city day, as ``DailyTotals`` counts them: invoices by issue time,
    /// payments by paid time and effect.
    struct Figures: Sendable, Equatable {
        /// Invoices issued in the day.
        var issued = 0
        /// Payments in the day that paid an invoice on time.
        var paid = 0
        /// Payments in the day after expiry or cancellation.
        var paidLate = 0
        /// Rupiah of `paid` and `paidLate`.
        var amount = Rupiah.zero
    }

    /// How far before the day's first event (by business time) the fold starts, in events.
    static let lookBack: Int64 = 10_000
    /// Events read per call.
    static let page = 1_000

    private var day: Date?
    private var cursor: Int64 = 0
    private var figures = Figures()

    /// The figures of the day `[from, to)` in `store` (always the same store), after folding the
    /// events appended since the last call.
    /// - Throws: the store's errors; `LedgerError` `amount.overflow` when the day's rupiah do not fit.
    func figures(of store: any LedgerStore, from: Date, to: Date) async throws -> Figures {
        if day != from {
            let start = max(0, try await firstSequence(of: store, atOrAfter: from) - 1 - Self.lookBack)
            // No suspension from here to the fold: a scrape running meanwhile (actors re-enter at
            // each `await`) sees either the old day or this one whole.
            if day != from {
                day = from
                cursor = start
                figures = Figures()
            }
        }
        while true {
            let events = try await store.events(after: cursor, limit: Self.page)
            guard day == from else { return figures }
            // Another scrape may have folded some of these while this one waited.
            for event in events where event.sequence > cursor {
                try fold(event, from: from, to: to)
                cursor = event.sequence
            }
            if events.count < Self.page { return figures }
        }
    }

    private func fold(_ event: LedgerEvent, from: Date, to: Date) throws {
        switch event.kind {
        case .invoiceIssued, .ticketClosed, .paymentRecorded: break
        default: return
        }
        switch try event.fact() {
        case .invoiceIssued(let invoice, _, _, _), .ticketClosed(_, _, let invoice, _, _):
            if invoice.issuedAt >= from, invoice.issuedAt < to { figures.issued += 1 }
        case .paymentRecorded(let payment):
            guard payment.paidAt >= from, payment.paidAt < to else { return }
            switch payment.effect {
            case .paid: figures.paid += 1
            case .paidLate: figures.paidLate += 1
            default: return
            }
            figures.amount = try figures.amount.adding(payment.amount, what: "metrics: rupiah paid today")
        default: return
        }
    }

    /// The sequence of the first event whose time is at or after `date` (one past the last event
    /// when there is none), by binary search over the gap-free sequence 1…n.
    private func firstSequence(of store: any LedgerStore, atOrAfter date: Date) async throws -> Int64 {
        func event(_ sequence: Int64) async throws -> LedgerEvent? {
            try await store.events(after: sequence - 1, limit: 1).first
        }
        var high: Int64 = 1
        while let found = try await event(high), found.at < date { high *= 2 }
        var low: Int64 = 1  // the answer lies in low...high
        while low < high {
            let middle = low + (high - low) / 2
            if let found = try await event(middle), found.at < date { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
