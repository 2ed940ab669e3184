import Foundation

/// A money fact about an invoice of a **closed** city day, recorded after that day was closed and
/// booked against the next open day (issue #14: "after close, nothing may change that day's figures
/// silently").
///
/// The fact itself is recorded as always (a `payment.recorded`, `invoice.settled`, `payment.refunded`
/// or reversal event, ``sequence``); the closed day's signed statement stays as it was signed. The
/// late event is what the ledger adds beside it, in the same transaction: a line naming the closed
/// day (``closedDate``), the day it is booked against (``bookedDate``: the first day after the
/// closed one that is not closed when the fact is recorded), the invoice, the payment and the money.
/// The booked day's statement (`figures.lateAdjustments`) and journal carry it once that day closes.
///
/// The lines are derived from the chain alone (``LedgerReplay`` rebuilds them and `ledger verify`
/// compares them with the stored rows), so they need no event of their own.
public struct LateEvent: Sendable, Hashable {
    /// What happened late.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A payment recorded for the invoice (notify, a settlement file's row, a matched exception).
        case payment
        /// The invoice settled by the bank (`amount` gross, with the row's MDR and net).
        case settlement
        /// Money given back to the payer through the acquirer (`payment.refunded`).
        case refund
        /// Money the bank took back from a payment (a settlement file's `reversal` row).
        case reversal
        /// A settlement withdrawn (`invoice.unsettled`: the file that settled the invoice was replaced
        /// by a corrected re-send): the booking of ``settlement`` taken back, `amount` gross with the
        /// withdrawn row's MDR and net.
        case unsettlement
    }

    /// The event that recorded the fact (its sequence number in the chain): the line's id.
    public var sequence: Int64
    /// What happened.
    public var kind: Kind
    /// The closed day the invoice belongs to (the day it was issued).
    public var closedDate: CivilDate
    /// The open day the fact is booked against.
    public var bookedDate: CivilDate
    /// The invoice.
    public var invoiceID: Invoice.ID
    /// The payment paid, refunded or reversed (nil for a settlement).
    public var paymentID: Payment.ID?
    /// The invoice's revenue line (``revenueLine(feeCode:vehicleClass:)``).
    public var revenueLine: String
    /// Whether the money is an `extra` payment (paid a second time, to give back), not the invoice's
    /// own: it is booked to suspense, not revenue.
    public var extra: Bool
    /// The money: paid, settled (gross), refunded or reversed. Always more than zero.
    public var amount: Rupiah
    /// For a settlement, the MDR and net the bank's row stated (0 and `amount` without a row).
    public var mdr: Rupiah
    public var net: Rupiah
    /// When the fact was recorded (the event's time).
    public var recordedAt: Date

    /// Creates a value from its parts.
    public init(
        sequence: Int64, kind: Kind, closedDate: CivilDate, bookedDate: CivilDate, invoiceID: Invoice.ID,
        paymentID: Payment.ID?, revenueLine: String, extra: Bool, amount: Rupiah, mdr: Rupiah, net: Rupiah,
        recordedAt: Date
    ) {
        self.sequence = sequence
        self.kind = kind
        self.closedDate = closedDate
        self.bookedDate = bookedDate
        self.invoiceID = invoiceID
        self.paymentID = paymentID
        self.revenueLine = revenueLine
        self.extra = extra
        self.amount = amount
        self.mdr = mdr
        self.net = net
        self.recordedAt = recordedAt
    }

    /// An invoice's revenue line: `fee:CODE` for a fee, `parking:VEHICLE_CLASS` for a ticket's
    /// invoice (`parking:-` without a ticket). The SQL of ``DayBreakdownRow`` groups by the same text.
    public static func revenueLine(feeCode: String?, vehicleClass: String?) -> String {
        if let feeCode { return "fee:\(feeCode)" }
        return "parking:\(vehicleClass ?? "-")"
    }

    /// The day a late fact is booked against: the first day after `closedDate` that `isClosed` does
    /// not name. (Days close only after they end, so this is at the latest the day it is recorded.)
    public static func bookedDate(
        after closedDate: CivilDate, isClosed: (CivilDate) throws -> Bool
    ) rethrows
        -> CivilDate
    {
        var date = closedDate.adding(days: 1)
        while try isClosed(date) { date = date.adding(days: 1) }
        return date
    }

    /// The line as the statement carries it (`figures.lateAdjustments.lines[]`).
    public var canonical: CanonicalJSON {
        .object([
            "event": .int(sequence), "kind": .string(kind.rawValue), "closedDate": .string("\(closedDate)"),
            "bookedDate": .string("\(bookedDate)"), "invoice": .string(invoiceID.rawValue),
            "payment": paymentID.map { .string($0.rawValue) } ?? .null, "revenueLine": .string(revenueLine),
            "extra": .bool(extra), "amount": .int(amount.value), "mdr": .int(mdr.value), "net": .int(net.value),
            "recordedAt": .time(recordedAt),
        ])
    }

    /// Reads a line of a statement.
    /// - Throws: `event.badPayload` naming the member that is missing or mistyped.
    public init(canonical value: CanonicalJSON) throws {
        let reader = try PayloadReader(value, path: "lateAdjustments.lines[]")
        let kindText = try reader.string("kind")
        guard let kind = Kind(rawValue: kindText) else { throw reader.bad("kind", "is not a late event kind") }
        func date(_ key: String) throws -> CivilDate {
            guard let date = CivilDate(iso8601: try reader.string(key)) else {
                throw reader.bad(key, "is not YYYY-MM-DD")
            }
            return date
        }
        func money(_ key: String) throws -> Rupiah {
            let value = try reader.int(key)
            guard value >= 0 else { throw reader.bad(key, "is below zero") }
            return Rupiah(value)
        }
        guard case .bool(let extra) = try reader.value("extra") else {
            throw reader.bad("extra", "is not true or false")
        }
        self.init(
            sequence: try reader.int("event"), kind: kind, closedDate: try date("closedDate"),
            bookedDate: try date("bookedDate"), invoiceID: Invoice.ID(try reader.string("invoice")),
            paymentID: try reader.optionalString("payment").map { Payment.ID($0) },
            revenueLine: try reader.string("revenueLine"), extra: extra, amount: try money("amount"),
            mdr: try money("mdr"), net: try money("net"), recordedAt: try reader.time("recordedAt"))
    }
}
