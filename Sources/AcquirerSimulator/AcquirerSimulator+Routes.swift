import Reconciliation
import Acquirer
import Foundation
import Ledger

/// The body of `POST /sim/pay`: `{"qris": PAYLOAD, "issuer": "OVO", "amount": 5000}` (issuer and
/// amount optional; amount in whole rupiah, only for a QR that carries none).
public struct SimulatedPayRequest: Sendable, Hashable, Codable {
    /// The QRIS payload to pay.
    public var qris: String
    /// The paying e-wallet or bank.
    public var issuer: String?
    /// The amount, in whole rupiah.
    public var amount: Int64?

    /// Creates a value from its fields.
    public init(qris: String, issuer: String? = nil, amount: Int64? = nil) {
        self.qris = qris
        self.issuer = issuer
        self.amount = amount
    }
}

/// The answer of `POST /sim/pay`.
public struct SimulatedPayResponse: Sendable, Hashable, Codable {
    /// The simulator's reference of the transaction.
    public var referenceNo: String
    /// The bill number (QRIS tag 62-01).
    public var billNumber: String
    /// Retrieval Reference Number (12 digits).
    public var rrn: String
    /// The paying e-wallet or bank.
    public var issuer: String
    /// The amount, in whole rupiah.
    public var amount: Int64
    /// ISO-8601 with `+07:00`.
    public var paidAt: String
}

extension AcquirerSimulator {
    /// `POST /sim/pay`: pays as an e-wallet. Answers 200 with ``SimulatedPayResponse`` and returns the
    /// payment (the adapter then plans and sends its notify), or 400/422
    /// `{"error":{"code","message","field"}}` and no payment.
    public func handlePay(body: [UInt8], now: Date) -> (response: SNAPHTTPResponse, payment: SimulatedPayment?) {
        do throws(AcquirerError) {
            let request = try SNAPCoding.decode(SimulatedPayRequest.self, from: body, what: "pay request")
            let payment = try pay(
                qris: request.qris, issuer: request.issuer, amount: request.amount.map(Rupiah.init), now: now)
            let answer = SimulatedPayResponse(
                referenceNo: payment.referenceNo, billNumber: payment.billNumber, rrn: payment.rrn,
                issuer: payment.issuer,
                amount: payment.amount.value, paidAt: SNAPTimestamp(date: payment.paidAt, offset: .jakarta).text)
            return (SNAPHTTPResponse(status: 200, message: answer), payment)
        } catch {
            let status = error.code == .simulatorNotPayable || error.code == .simulatorUnknownMerchant ? 422 : 400
            return (Self.errorResponse(status: status, error), nil)
        }
    }

    /// `GET /sim/settlement?date=YYYY-MM-DD&format=csv|camt053`: the settlement file of settlement date
    /// `date` (`text/csv` or `application/xml`); `GET /sim/settlement?paidOn=YYYY-MM-DD`: the file that holds
    /// the payments of Jakarta day `paidOn` (the one of ``settlementDate(forPaymentOn:)``). Both answer the
    /// file's settlement date in `X-Settlement-Date`; 400 names the bad parameter (neither or both given,
    /// not a real day, an unknown format).
    public func handleSettlement(
        date: String?, paidOn: String? = nil, format: String?, mdr: MDRSchedule, now: Date
    ) -> SNAPHTTPResponse {
        let settlementDate: CivilDate
        switch (date, paidOn) {
        case (let date?, nil):
            guard let day = CivilDate(iso8601: date) else { return Self.badDay(date, field: "date") }
            settlementDate = day
        case (nil, let paidOn?):
            guard let day = CivilDate(iso8601: paidOn) else { return Self.badDay(paidOn, field: "paidOn") }
            settlementDate = self.settlementDate(forPaymentOn: day)
        case (nil, nil):
            return Self.errorResponse(
                status: 400,
                AcquirerError(
                    .invalidDate,
                    "query parameter date=YYYY-MM-DD (settlement date) or paidOn=YYYY-MM-DD (payment day) is required",
                    field: "date"))
        case (_?, _?):
            return Self.errorResponse(
                status: 400,
                AcquirerError(
                    .invalidField, "give date= (settlement date) or paidOn= (payment day), not both",
                    field: "paidOn"))
        }
        let file = settlement(for: settlementDate, mdr: mdr)
        let dated = settlementDate.description
        switch format ?? "csv" {
        case "csv":
            return SNAPHTTPResponse(
                status: 200, headers: ["Content-Type": "text/csv; charset=utf-8", "X-Settlement-Date": dated],
                body: Array(file.csv.utf8))
        case "camt053":
            return SNAPHTTPResponse(
                status: 200, headers: ["Content-Type": "application/xml", "X-Settlement-Date": dated],
                body: Array(file.camt053(createdAt: now).utf8))
        default:
            return Self.errorResponse(
                status: 400,
                AcquirerError(.invalidField, "format must be csv or camt053, got '\(format ?? "")'", field: "format"))
        }
    }

    static func badDay(_ text: String, field: String) -> SNAPHTTPResponse {
        errorResponse(
            status: 400,
            AcquirerError(.invalidDate, "\(field): expected a real day as YYYY-MM-DD, got '\(text)'", field: field))
    }

    /// Lunas's error body: `{"error":{"code","message","field"}}`.
    static func errorResponse(status: Int, _ error: AcquirerError) -> SNAPHTTPResponse {
        struct Body: Encodable {
            struct Detail: Encodable {
                var code: String
                var message: String
                var field: String?
            }
            var error: Detail
        }
        return SNAPHTTPResponse(
            status: status,
            message: Body(error: .init(code: error.code.rawValue, message: error.message, field: error.field)))
    }
}
