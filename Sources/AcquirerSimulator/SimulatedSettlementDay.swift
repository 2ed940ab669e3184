import Reconciliation
import Acquirer
import Foundation
import Ledger

/// A day's settlement as the acquirer would send it: rows (CSV) and the bank statement (camt.053).
///
/// Settlement is T+N working days (N the settlement profile's `settlementDays`, 1 for the simulator;
/// weekends and the holiday calendar's days skipped): the file for settlement date D holds the payments
/// and refunds of every Jakarta day whose T+N is D — on a Monday, Friday to Sunday; after a holiday, the
/// holiday too. A non-working day's file holds nothing (the CSV's header alone). Each merchant gets one
/// batch (`<date>-<merchant>`) settled as one net credit.
public struct SimulatedSettlementDay: Sendable, Hashable {
    /// The day the money is paid out.
    public var settlementDate: CivilDate
    /// The Jakarta days whose transactions are settled, oldest first; empty on a non-working day.
    public var transactionDates: [CivilDate]
    /// Rows by transaction time, then RRN: Reconciliation's own row model, so what the simulator
    /// writes is what reconciliation reads.
    public var rows: [SettlementRow]
    /// The merchants, for statement owner names and accounts.
    public var merchants: [SimulatedMerchant]

    /// The CSV header (column order of ``csv``).
    public static let csvColumns = [
        "settlement_date", "batch_id", "trx_datetime", "rrn", "reference_no", "bill_number", "nmid", "merchant_id",
        "terminal_id", "issuer_name", "qr_type", "status", "gross_amount", "mdr_amount", "net_amount",
    ]

    /// The sum of gross amounts.
    public var grossTotal: Rupiah { rows.reduce(.zero) { $0 + $1.grossAmount } }
    /// The sum of MDR.
    public var mdrTotal: Rupiah { rows.reduce(.zero) { $0 + $1.fee } }
    /// The sum of net amounts.
    public var netTotal: Rupiah { rows.reduce(.zero) { $0 + $1.net } }

    /// The file as CSV: UTF-8, comma-separated, one header row, CRLF line ends (RFC 4180), amounts in
    /// whole rupiah without separators, times `yyyy-MM-dd HH:mm:ss` in Jakarta time (WIB, UTC+7), as
    /// Indonesian acquirers' reports write them. Profile:
    /// `Config/settlement-profiles/lunas-simulator.json`.
    public var csv: String {
        var lines = [Self.csvColumns.joined(separator: ",")]
        for row in rows {
            let fields = [
                row.settlementDate.description, row.batchID ?? "",
                Self.csvTime(row.transactionDate), row.rrn, row.acquirerReference ?? "",
                row.billNumber ?? "", row.nmid ?? "", row.merchantID ?? "", row.terminalID ?? "", row.issuer ?? "",
                row.qrType ?? "", row.status == .success ? "SUCCESS" : "REFUND", row.grossAmount.description,
                row.fee.description, row.net.description,
            ]
            lines.append(fields.map(CSVCell.rfc4180Field).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// `2026-11-22 08:00:00`: the instant in Jakarta time, without the offset (the profile names the zone).
    static func csvTime(_ instant: Date) -> String {
        let stamp = SNAPTimestamp(date: instant, offset: .jakarta).text  // 2026-11-22T08:00:00+07:00
        return stamp.prefix(10) + " " + stamp.dropFirst(11).prefix(8)
    }

    /// Batches: rows grouped by batch id, in first-appearance order.
    public var batches: [(batchID: String, merchantID: String, rows: [SettlementRow])] {
        var result: [(batchID: String, merchantID: String, rows: [SettlementRow])] = []
        for row in rows {
            let batch = row.batchID ?? ""
            if let index = result.firstIndex(where: { $0.batchID == batch }) {
                result[index].rows.append(row)
            } else {
                result.append((batchID: batch, merchantID: row.merchantID ?? "", rows: [row]))
            }
        }
        return result
    }
}

extension AcquirerSimulator {
    /// The settlement date on which payments of Jakarta day `day` are paid out: T+N working days.
    public func settlementDate(forPaymentOn day: CivilDate) -> CivilDate {
        holidays.addingWorkingDays(settlementDays, to: day)
    }

    /// The settlement file for a settlement date (T+N working days), with MDR from the schedule at each
    /// payment's own day.
    public func settlement(for settlementDate: CivilDate, mdr schedule: MDRSchedule) -> SimulatedSettlementDay {
        let days = holidays.paymentDays(settlingOn: settlementDate, settlementDays: settlementDays)
        let covered = Set(days)
        var rows: [SettlementRow] = []
        for transaction in allTransactions() {
            guard let merchant = merchants.first(where: { $0.merchantId == transaction.merchantId }),
                let payment = transaction.payment
            else { continue }
            let batch = "\(settlementDate.compact)-\(merchant.merchantId)"
            func row(
                _ status: SettlementStatus, time: Date, reference: String, gross: Rupiah, mdr: Rupiah
            ) -> SettlementRow {
                SettlementRow(
                    line: 0, transactionTime: Int64(time.timeIntervalSince1970.rounded(.down)),
                    settlementDate: settlementDate, rrn: payment.rrn, billNumber: transaction.partnerReferenceNo,
                    nmid: merchant.nmid, terminalID: transaction.terminalID, issuer: payment.issuer,
                    grossAmount: gross, feeAmount: mdr, netAmount: gross - mdr, status: status, batchID: batch,
                    acquirerReference: reference, merchantID: merchant.merchantId,
                    qrType: transaction.pointOfInitiation)
            }
            let day = CivilDate(containing: payment.paidAt, offset: .jakarta)
            if covered.contains(day) {
                let fee = schedule.mdr(
                    category: merchant.category, mcc: merchant.mcc, on: day, gross: transaction.amount)
                rows.append(
                    row(
                        .success, time: payment.paidAt, reference: transaction.referenceNo, gross: transaction.amount,
                        mdr: fee))
            }
            for refund in transaction.refunds
            where covered.contains(CivilDate(containing: refund.refundedAt, offset: .jakarta)) {
                rows.append(
                    row(
                        .reversal, time: refund.refundedAt, reference: refund.refundNo, gross: .zero - refund.amount,
                        mdr: .zero))
            }
        }
        // Payments before refunds at the same instant and RRN ("SUCCESS" < "REFUND" would say otherwise).
        rows.sort {
            ($0.transactionTime, $0.rrn, $0.status == .success ? 0 : 1)
                < ($1.transactionTime, $1.rrn, $1.status == .success ? 0 : 1)
        }
        for index in rows.indices { rows[index].line = index + 2 }  // after the CSV header
        return SimulatedSettlementDay(
            settlementDate: settlementDate, transactionDates: days, rows: rows, merchants: merchants)
    }
}

extension SettlementRow {
    /// The MDR withheld (the simulator always states it).
    var fee: Rupiah { feeAmount ?? .zero }
    /// Gross minus MDR.
    var net: Rupiah { netAmount ?? grossAmount - fee }
    /// The transaction time as an instant.
    var transactionDate: Date { Date(timeIntervalSince1970: TimeInterval(transactionTime)) }
}
