import Foundation

/// The merchant discount rate (MDR) schedule: what an acquirer withholds per payment, by merchant
/// category, MCC, validity dates and amount bounds. The one schedule of Lunas: the simulator
/// withholds it, reconciliation checks the bank's fee against it, the fixture generator uses it.
///
/// Bank Indonesia sets MDR per merchant category (0% for P2G, 0% for micro merchants up to a
/// ceiling, 0.7% regular…) with effective dates. Read from `Config/mdr.json`:
/// `{"rates": [{"category": "UMI", "mcc": null, "validFrom": "2024-12-01", "validTo": null,
/// "rateBasisPoints": 0, "maxAmount": 500000, "basis": "…"}], "default": {"rateBasisPoints": 70}}`.
/// A rate applies when the category matches, its `mcc` is null or equal, the day lies in
/// `validFrom…validTo` (both inclusive, `validTo` null = open) and the gross's magnitude lies in
/// `minAmount…maxAmount` (null = unbounded); a rate naming the MCC wins over one that does not,
/// otherwise the first in file order. MDR = round-half-up(|gross| × bp / 10000) in whole rupiah with
/// the sign of the gross (a reversal returns its fee), integer arithmetic only.
public struct MDRSchedule: Sendable, Hashable {
    /// One line of the schedule.
    public struct Rate: Sendable, Hashable {
        /// The merchant category (`UMI`, `P2G`, `UKE`…).
        public var category: String
        /// The merchant category code, or any when nil.
        public var mcc: String?
        /// The first day the rate applies.
        public var validFrom: CivilDate
        /// The last day the rate applies (inclusive), or open.
        public var validTo: CivilDate?
        /// The rate in basis points (70 = 0.7%).
        public var rateBasisPoints: Int
        /// The smallest gross the rate applies to, or any.
        public var minAmount: Int64?
        /// The largest gross the rate applies to, or any.
        public var maxAmount: Int64?
        /// The legal basis (BI regulation), for reports.
        public var basis: String
    }

    /// The rates, in file order.
    public var rates: [Rate]
    /// The rate used when no line applies.
    public var defaultBasisPoints: Int
    /// Where the schedule came from, for reports: `Config/mdr.json` or `--mdr-bp 30`.
    public var source: String

    /// A schedule with one rate for everything (`--mdr-bp`).
    public init(flatBasisPoints: Int, source: String? = nil) {
        rates = []
        defaultBasisPoints = flatBasisPoints
        self.source = source ?? "flat \(flatBasisPoints) bp"
    }

    /// Loads a schedule file (`Config/mdr.json`).
    /// - Throws: ``LedgerError`` `mdr.invalid` naming the file, the row and the key.
    public static func load(contentsOf url: URL) throws(LedgerError) -> MDRSchedule {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LedgerError(.mdrInvalid, "cannot read MDR schedule \(url.path)", field: url.path)
        }
        do {
            return try MDRSchedule(json: data, context: "MDR schedule \(url.relativePath)", source: url.relativePath)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.mdrInvalid, "\(error)")
        }
    }

    /// Parses the schedule, rejecting unknown keys and bad values by name.
    /// - Throws: ``LedgerError`` `mdr.invalid`.
    public init(json: Data, context: String = "MDR schedule", source: String = "MDR schedule") throws {
        let failure: ConfigObject.Failure = { LedgerError(.mdrInvalid, $0, field: $1) }
        self.source = source
        let root = try ConfigObject(
            ConfigValue.parse(json, what: context, failure: failure), context: context,
            allowed: ["rates", "default", "description"], failure: failure)
        guard case .array(let items)? = root.members["rates"] else { throw root.fail("rates", "must be a list") }
        rates = try items.enumerated().map { index, item in
            let rate = try ConfigObject(
                item, context: "\(context) rates[\(index)]", path: "rates[\(index)]",
                allowed: [
                    "category", "mcc", "validFrom", "validTo", "rateBasisPoints", "minAmount", "maxAmount", "basis",
                ], failure: failure)
            func date(_ key: String) throws -> CivilDate? {
                guard let text = try rate.string(key) else { return nil }
                guard let date = CivilDate(iso8601: text) else {
                    throw rate.fail(key, "must be a date YYYY-MM-DD, not \"\(text)\"")
                }
                return date
            }
            guard let from = try date("validFrom") else { throw rate.fail("validFrom", "is required") }
            guard let bp = try rate.int("rateBasisPoints"), (0...10000).contains(bp) else {
                throw rate.fail("rateBasisPoints", "is required, 0 to 10000")
            }
            let line = Rate(
                category: try rate.requiredString("category"), mcc: try rate.string("mcc"), validFrom: from,
                validTo: try date("validTo"), rateBasisPoints: Int(bp), minAmount: try rate.int("minAmount"),
                maxAmount: try rate.int("maxAmount"), basis: try rate.requiredString("basis"))
            if let to = line.validTo, to < from { throw rate.fail("validTo", "is before validFrom") }
            if let low = line.minAmount, low < 0 { throw rate.fail("minAmount", "must not be negative") }
            if let high = line.maxAmount, high < (line.minAmount ?? 0) {
                throw rate.fail("maxAmount", "must be at least minAmount (or 0)")
            }
            return line
        }
        let fallback = try ConfigObject(
            root.members["default"] ?? .null, context: "\(context) default", path: "default", allowed: ["rateBasisPoints", "basis"],
            failure: failure)
        guard let bp = try fallback.int("rateBasisPoints"), (0...10000).contains(bp) else {
            throw fallback.fail("rateBasisPoints", "is required, 0 to 10000")
        }
        defaultBasisPoints = Int(bp)
    }

    /// The rate in basis points for a transaction: the first line for the category whose MCC (if given),
    /// dates and amount bounds apply, MCC-specific lines first; else the default.
    public func basisPoints(category: String?, mcc: String?, on date: CivilDate, gross: Int64) -> Int {
        let amount = Int64(clamping: gross.magnitude)
        var best: Rate?
        for rate in rates where rate.category == category {
            if let rateMCC = rate.mcc, rateMCC != mcc { continue }
            if date < rate.validFrom { continue }
            if let to = rate.validTo, date > to { continue }
            if let low = rate.minAmount, amount < low { continue }
            if let high = rate.maxAmount, amount > high { continue }
            if best == nil || (best!.mcc == nil && rate.mcc != nil) { best = rate }
        }
        return best?.rateBasisPoints ?? defaultBasisPoints
    }

    /// MDR on `gross` at `basisPoints`: round half up to whole rupiah, sign of `gross`, no overflow.
    public static func fee(gross: Int64, basisPoints: Int) -> Int64 {
        let magnitude = Int64(clamping: gross.magnitude)
        let bp = Int64(basisPoints)
        let fee = (magnitude / 10000) * bp + ((magnitude % 10000) * bp + 5000) / 10000
        return gross < 0 ? -fee : fee
    }

    /// The MDR of a payment in whole rupiah (see ``fee(gross:basisPoints:)``).
    public func mdr(category: String?, mcc: String?, on day: CivilDate, gross: Rupiah) -> Rupiah {
        Rupiah(Self.fee(gross: gross.value, basisPoints: basisPoints(category: category, mcc: mcc, on: day, gross: gross.value)))
    }
}

extension LedgerError.Code {
    /// An MDR schedule file is unreadable or inconsistent.
    public static let mdrInvalid = Self("mdr.invalid")
}
