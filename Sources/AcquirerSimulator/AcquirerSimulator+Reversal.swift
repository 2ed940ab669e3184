import Acquirer
import Foundation
import Ledger

/// The body of `POST /sim/reverse`: `{"rrn": "123456789012", "amount": 5000}` (amount optional: all
/// that is left of the payment).
public struct SimulatedReversalRequest: Sendable, Hashable, Codable {
    /// The RRN of the payment the payer's bank takes back.
    public var rrn: String
    /// How much, in whole rupiah.
    public var amount: Int64?

    /// Creates a value from its fields.
    public init(rrn: String, amount: Int64? = nil) {
        self.rrn = rrn
        self.amount = amount
    }
}

/// The answer of `POST /sim/reverse`.
public struct SimulatedReversalResponse: Sendable, Hashable, Codable {
    /// The acquirer's number for the reversal (`CB…`), the `reference_no` of its settlement row.
    public var refundNo: String
    /// The bill number of the payment reversed.
    public var billNumber: String
    /// The amount taken back, in whole rupiah.
    public var amount: Int64
    /// ISO-8601 with `+07:00`.
    public var reversedAt: String
}

extension AcquirerSimulator {
    /// `POST /sim/reverse`: the payer's bank takes a payment back on its own (a chargeback), which
    /// the merchant never asked for: the payment's next settlement file lists it as a `REFUND` row
    /// with the payment's RRN, a negative gross and the reversal's own `reference_no`. 200 with
    /// ``SimulatedReversalResponse``; 404 `sim.unknownPayment` when no payment has the RRN, 422
    /// `sim.notReversible` for an amount that is not more than zero or is more than is left of it.
    public func handleReverse(body: [UInt8], now: Date) -> SNAPHTTPResponse {
        do throws(AcquirerError) {
            let request = try SNAPCoding.decode(SimulatedReversalRequest.self, from: body, what: "reverse request")
            guard
                var transaction = order.lazy.compactMap({ self.transactions[$0] }).first(where: {
                    $0.payment?.rrn == request.rrn
                })
            else {
                return Self.errorResponse(
                    status: 404,
                    AcquirerError(.simulatorUnknownPayment, "no payment has RRN \(request.rrn)", field: "rrn"))
            }
            let left = transaction.amount - transaction.refundedAmount
            let amount = request.amount.map(Rupiah.init) ?? left
            guard amount > .zero, amount <= left else {
                return Self.errorResponse(
                    status: 422,
                    AcquirerError(
                        .simulatorNotReversible, "amount must be 1–\(left.value) (what is left of the payment)",
                        field: "amount"))
            }
            let reversal = SimulatedTransaction.Refund(
                refundNo: "CB" + nextReference(now: now), partnerRefundNo: "", amount: amount, refundedAt: now)
            transaction.refunds.append(reversal)
            if transaction.refundedAmount == transaction.amount { transaction.status = .refunded }
            transactions[transaction.referenceNo] = transaction
            return SNAPHTTPResponse(
                status: 200,
                message: SimulatedReversalResponse(
                    refundNo: reversal.refundNo, billNumber: transaction.partnerReferenceNo, amount: amount.value,
                    reversedAt: SNAPTimestamp(date: now, offset: .jakarta).text))
        } catch {
            return Self.errorResponse(status: 400, error)
        }
    }
}

extension AcquirerError.Code {
    /// No payment of the simulator has the RRN.
    public static let simulatorUnknownPayment = Self("sim.unknownPayment")
    /// The amount cannot be taken back from the payment.
    public static let simulatorNotReversible = Self("sim.notReversible")
}
