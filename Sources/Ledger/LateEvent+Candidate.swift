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

        /// Creates a value from its parts.
        public init(
            kind: Kind, invoiceID: Invoice.ID, paymentID: Payment.ID?, amount: Rupiah?, mdr: Rupiah = .zero,
            net: Rupiah? = nil, extra: Bool?
        ) {
            self.kind = kind
            self.invoiceID = invoiceID
            self.paymentID = paymentID
            self.amount = amount
            self.mdr = mdr
            self.net = net
            self.extra = extra
        }

        /// The late event this candidate books, once the store or the replay knows the days, the
        /// invoice's revenue line, its amount and the payment's effect.
        public func booked(
            sequence: Int64, closedDate: CivilDate, bookedDate: CivilDate, revenueLine: String, invoiceAmount: Rupiah,
            paymentIsExtra: Bool, at: Date
        ) -> LateEvent {
            let money = amount ?? invoiceAmount
            return LateEvent(
                sequence: sequence, kind: kind, closedDate: closedDate, bookedDate: bookedDate, invoiceID: invoiceID,
                paymentID: paymentID, revenueLine: revenueLine, extra: extra ?? paymentIsExtra, amount: money, mdr: mdr,
                net: net ?? money, recordedAt: at)
        }
    }

    /// The money `fact` moves for an invoice, or nil for a fact that moves none: a payment recorded
    /// (`payment.recorded`), an invoice settled (`invoice.settled`), a payment refunded
    /// (`payment.refunded`) or taken back by the payer's bank (`payment.reversed`), a settlement
    /// withdrawn for a corrected re-send (`invoice.unsettled`). The switch names
    /// every fact, so a new kind of fact must say here whether it moves money; every store and the
    /// replay then book it when it arrives for a closed day.
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
        // No money: the invoice's status alone (`invoice.refunded` follows a refund that is booked by
        // its own `payment.refunded`; an exception is work, not money).
        case .deviceEnrolled, .deviceRevoked, .deviceAttendantChanged, .deviceKeyRegistered, .offlineRecorded,
            .offlineBundleIssued, .invoiceIssued, .ticketOpened, .ticketClosed, .ticketClosedFree, .ticketVoided,
            .ticketReprinted, .invoiceCancelled, .invoiceExpired, .invoiceRefunded, .paymentException,
            .settlementImported, .settlementApplied, .settlementWithdrawn, .exceptionOpened, .exceptionAssigned, .exceptionResolved,
            .dayClosed, .complaintFiled, .complaintAssigned, .complaintAnswered, .complaintResolved:
            return nil
        }
    }
}
