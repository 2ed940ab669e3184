import Foundation
import Ledger

/// The Merchant Discount Rate schedule (`Config/mdr.json`): what an acquirer withholds per payment.
///
/// MDR (Merchant Discount Rate) is set by Bank Indonesia per merchant category (0% for P2G, 0% for
/// micro merchants up to a ceiling, 0.7% regular…) with effective dates. Format (owned by the
/// reconciliation module):
/// `{"rates": [{"category": "UMI", "mcc": null, "validFrom": "2024-12-01", "validTo": null,
/// "rateBasisPoints": 0, "maxAmount": 500000, "basis": "…"}], "default": {"rateBasisPoints": 70}}`.
/// A rate applies when the category matches, its `mcc` is null or equal, the day lies in
/// `validFrom…validTo` (both inclusive, `validTo` null = open), and the gross is at most `maxAmount`
/// (null = any). A rate naming the MCC wins over one that does not; otherwise the first in file order.
public struct MDRSchedule: Sendable, Hashable, Codable {
    /// The rates, in file order.
    public var rates: [Rate]
    /// The rate when no row applies.
    public var `default`: DefaultRate

    /// One row of the schedule.
    public struct Rate: Sendable, Hashable, Codable {
        /// The merchant category (`UMI`, `P2G`, `REGULAR`…).
        public var category: String
        /// The merchant category code, or any when null.
        public var mcc: String?
        /// The first day the rate applies.
        public var validFrom: CivilDate
        /// The last day the rate applies (inclusive), or open.
        public var validTo: CivilDate?
        /// The rate in basis points (70 = 0.7%).
        public var rateBasisPoints: Int
        /// The largest gross the rate applies to, or any.
        public var maxAmount: Int64?
        /// The legal basis (PADG number and article), for reports.
        public var basis: String?
    }

    /// The rate for anything no row matches.
    public struct DefaultRate: Sendable, Hashable, Codable {
        /// The rate in basis points (70 = 0.7%).
        public var rateBasisPoints: Int
    }

    /// Reads and checks a schedule.
    /// - Throws: ``AcquirerError`` `mdr.invalid` naming the file, the row and the bad value.
    public static func load(path: String) throws(AcquirerError) -> MDRSchedule {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AcquirerError(.invalidMDRSchedule, "cannot read MDR schedule \(path)")
        }
        let schedule: MDRSchedule
        do {
            schedule = try SNAPCoding.decode(MDRSchedule.self, from: data, what: "MDR schedule \(path)")
        } catch {
            throw AcquirerError(.invalidMDRSchedule, error.message, field: error.field, cause: error)
        }
        for (index, rate) in schedule.rates.enumerated() {
            guard (0...10_000).contains(rate.rateBasisPoints) else {
                throw AcquirerError(
                    .invalidMDRSchedule,
                    "\(path): rates[\(index)].rateBasisPoints must be 0–10000, got \(rate.rateBasisPoints)",
                    field: "rates[\(index)].rateBasisPoints")
            }
            if let validTo = rate.validTo, validTo < rate.validFrom {
                throw AcquirerError(
                    .invalidMDRSchedule,
                    "\(path): rates[\(index)] ends (\(validTo)) before it starts (\(rate.validFrom))",
                    field: "rates[\(index)].validTo")
            }
            if let maxAmount = rate.maxAmount, maxAmount < 0 {
                throw AcquirerError(
                    .invalidMDRSchedule, "\(path): rates[\(index)].maxAmount is negative",
                    field: "rates[\(index)].maxAmount")
            }
        }
        guard (0...10_000).contains(schedule.default.rateBasisPoints) else {
            throw AcquirerError(
                .invalidMDRSchedule, "\(path): default.rateBasisPoints must be 0–10000",
                field: "default.rateBasisPoints")
        }
        return schedule
    }

    /// The rate in basis points for a payment.
    public func basisPoints(category: String, mcc: String?, on day: CivilDate, gross: Rupiah) -> Int {
        let matching = rates.filter { rate in
            rate.category == category && (rate.mcc == nil || rate.mcc == mcc) && rate.validFrom <= day
                && (rate.validTo.map { day <= $0 } ?? true) && (rate.maxAmount.map { gross.value <= $0 } ?? true)
        }
        return (matching.first { $0.mcc != nil } ?? matching.first)?.rateBasisPoints ?? self.default.rateBasisPoints
    }

    /// MDR in whole rupiah: round-half-up(gross × bp / 10000). Zero or negative gross gives zero.
    public func mdr(category: String, mcc: String?, on day: CivilDate, gross: Rupiah) -> Rupiah {
        guard gross > .zero else { return .zero }
        let points = Int64(basisPoints(category: category, mcc: mcc, on: day, gross: gross))
        // gross × bp fits Int64 for any gross below 9.2 × 10^14 rupiah; split to stay exact above that.
        let whole = gross.value / 10_000 * points
        let rest = gross.value % 10_000 * points
        return Rupiah(whole + (rest + 5_000) / 10_000)
    }
}

extension AcquirerError.Code {
    /// The MDR schedule file is unreadable or inconsistent.
    public static let invalidMDRSchedule = Self("mdr.invalid")
}
