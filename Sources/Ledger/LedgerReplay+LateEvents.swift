import Foundation

extension LedgerReplay {
    /// Applies one fact recorded by event `sequence` at `at`, and books it as a late event
    /// (``lateEvents``) when it moves money for an invoice of a day closed before it, as the store
    /// does in the same transaction.
    ///
    /// - Throws: `LedgerError` `replay.ruleBroken` when the fact contradicts the state so far
    ///   (unknown invoice, repeated bill number, sequence not the device's next, illegal transition).
    public mutating func apply(_ fact: LedgerFact, at: Date, sequence: Int64) throws {
        try applyFact(fact, at: at, sequence: sequence)
        if case .dayClosed(let statement) = fact {
            let bound = (
                from: statement.from.ledgerMilliseconds, to: statement.to.ledgerMilliseconds, date: statement.date
            )
            let index = closedBounds.firstIndex { $0.from > bound.from } ?? closedBounds.endIndex
            closedBounds.insert(bound, at: index)
            return
        }
        guard let candidate = LateEvent.candidate(of: fact) else { return }
        guard let invoice = invoices[candidate.invoiceID] else {
            throw broken("event #\(sequence) moves money for unknown invoice \(candidate.invoiceID)")
        }
        guard let closedDate = closedDay(containing: invoice.issuedAt.ledgerMilliseconds) else { return }
        let bookedDate = LateEvent.bookedDate(after: closedDate) { closedDays[$0] != nil }
        let vehicleClass = invoice.ticketID.flatMap { tickets[$0]?.vehicleClass }
        let paymentIsExtra = candidate.paymentID.flatMap { payments[$0]?.effect } == .extra
        let givenBack = candidate.restOfInvoice ? ownGivenBack[invoice.id] ?? .zero : .zero
        lateEvents[sequence] = candidate.booked(
            sequence: sequence, closedDate: closedDate, bookedDate: bookedDate,
            revenueLine: LateEvent.revenueLine(feeCode: invoice.feeCode, vehicleClass: vehicleClass),
            invoiceAmount: invoice.amount, paymentIsExtra: paymentIsExtra, givenBack: givenBack,
            at: Date(ledgerMilliseconds: at.ledgerMilliseconds))
    }

    /// The closed day whose bounds hold `milliseconds` (days never overlap: the last one starting at
    /// or before it is the only one that may).
    private func closedDay(containing milliseconds: Int64) -> CivilDate? {
        var low = 0
        var high = closedBounds.count
        while low < high {
            let middle = (low + high) / 2
            if closedBounds[middle].from <= milliseconds { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let bound = closedBounds[low - 1]
        return milliseconds < bound.to ? bound.date : nil
    }
}
