import Foundation

extension LateEvent {
    /// The money a fact moves for one invoice, before anyone knows whether the invoice's day is
    /// closed: what ``candidate(of:)`` reads from a fact, and what the store and the replay book as a
    /// ``LateEvent`` when the day is.
    public struct Candidate: Sendable, Hashable {
        /// What happened.
        public var kind: Kind
        /// The invoice.
        public var invoiceID: Invoice.ID
        /// The payment paid, refunded or reversed.
        public var paymentID: Payment.ID?
        /// The money; nil for the invoice's own amount (a settlement without a file row).
        public var amount: Rupiah?
        /// For a settlement with a file row, its MDR and net.
        public var mdr: Rupiah
        public var net: Rupiah?
        /// Whether the payment is an `extra` one; nil when only the payment's record says (a refund
        /// or reversal names the payment, not its effect).
        public var extra: Bool?
        /// Whether the money is what is left of the invoice's own payment once its refunds and
        /// reversals are taken off (`amount` is then nil): an invoice refunded by its status alone
        /// (`invoice.refunded` from ``LedgerStore/refundInvoice(_:reason:actor:at:)``) gives that
        /// back; one refunded because a refund or reversal took the whole payment back leaves
        /// nothing, as that refund's own line already booked it.
        public var restOfInvoice: Bool

        /// Creates a value from its parts.
        public init(
            kind: Kind, invoiceID: Invoice.ID, paymentID: Payment.ID?, amount: Rupiah?, mdr: Rupiah = .zero,
            net: Rupiah? = nil, extra: Bool?, restOfInvoice: Bool = false
        ) {
            self.kind = kind
            self.invoiceID = invoiceID
            self.paymentID = paymentID
            self.amount = amount
            self.mdr = mdr
            self.net = net
            self.extra = extra
            self.restOfInvoice = restOfInvoice
        }

        /// The late event this candidate books, once the store or the replay knows the days, the
        /// invoice's revenue line, its amount, the payment's effect and (for ``restOfInvoice``) what
        /// refunds and reversals gave back of the invoice's own payment before (`givenBack`). Nil
        /// when nothing is left to book.
        public func booked(
            sequence: Int64, closedDate: CivilDate, bookedDate: CivilDate, revenueLine: String, invoiceAmount: Rupiah,
            paymentIsExtra: Bool, givenBack: Rupiah = .zero, at: Date
        ) -> LateEvent? {
            var money = amount ?? invoiceAmount
            if restOfInvoice {
                guard givenBack < invoiceAmount else { return nil }
                money = Rupiah(invoiceAmount.value - givenBack.value)
            }
            return LateEvent(
                sequence: sequence, kind: kind, closedDate: closedDate, bookedDate: bookedDate, invoiceID: invoiceID,
                paymentID: paymentID, revenueLine: revenueLine, extra: extra ?? paymentIsExtra, amount: money, mdr: mdr,
                net: net ?? money, recordedAt: at)
        }
    }

    /// The money `fact` moves for an invoice, or nil for a fact that moves none: a payment recorded
    /// (`payment.recorded`, also the one a `matched_manually` resolution records), an invoice settled
    /// (`invoice.settled`), a payment refunded (`payment.refunded`) or taken back by the payer's bank
    /// (`payment.reversed`), and an invoice refunded by its status (`invoice.refunded`: what is left
    /// of its own payment, ``Candidate/restOfInvoice``), and a settlement withdrawn for a corrected
    /// re-send (`invoice.unsettled`). The switch names every fact, so a new kind of
    /// fact must say here whether it moves money; every store and the replay then book it when it
    /// arrives for a closed day.
    public static func candidate(of fact: LedgerFact) -> Candidate? {
        switch fact {
        case .paymentRecorded(let payment):
            return Candidate(
                kind: .payment, invoiceID: payment.invoiceID, paymentID: payment.id, amount: payment.amount,
                extra: payment.effect == .extra)
        case .invoiceSettled(let id, _, _, let settlement):
            return Candidate(
                kind: .settlement, invoiceID: id, paymentID: nil, amount: settlement?.gross,
                mdr: settlement?.mdr ?? .zero, net: settlement?.net, extra: false)
        case .paymentRefunded(let refund, _):
            return Candidate(
                kind: .refund, invoiceID: refund.invoiceID, paymentID: refund.paymentID, amount: refund.amount,
                extra: nil)
        case .paymentReversed(let reversal):
            return Candidate(
                kind: .reversal, invoiceID: reversal.invoiceID, paymentID: reversal.paymentID, amount: reversal.amount,
                extra: nil)
        case .invoiceUnsettled(let id, let settlement, _, _, _):
            return Candidate(
                kind: .unsettlement, invoiceID: id, paymentID: nil, amount: settlement.gross, mdr: settlement.mdr,
                net: settlement.net, extra: false)
        case .invoiceRefunded(let id, _, _):
            // After a refund or reversal of the whole payment nothing is left (that one is booked);
            // after the manual refund of a paid invoice (money given back outside the acquirer), all.
            return Candidate(
                kind: .refund, invoiceID: id, paymentID: nil, amount: nil, extra: false, restOfInvoice: true)
        // No money. An exception is work: opening one moves nothing, and of its resolutions only
        // `matched_manually` does, by the `payment.recorded` it writes (booked above); `refunded`
        // records that the money went back (the acquirer's refund is its own `payment.refunded`),
        // `written_off`, `bank_corrected`, `duplicate_of` and `explained` judge, they pay nothing.
        case .deviceEnrolled, .deviceRevoked, .deviceAttendantChanged, .deviceKeyRegistered, .offlineRecorded,
            .offlineBundleIssued, .invoiceIssued, .ticketOpened, .ticketClosed, .ticketClosedFree, .ticketVoided,
            .ticketReprinted, .invoiceCancelled, .invoiceExpired, .paymentException,
            .settlementImported, .settlementApplied, .settlementWithdrawn,
            .exceptionOpened, .exceptionAssigned, .exceptionResolved,
            .dayClosed, .complaintFiled, .complaintAssigned, .complaintAnswered, .complaintResolved:
            return nil
        }
    }
}
