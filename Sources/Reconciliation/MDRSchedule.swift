import Ledger
import Foundation

/// The merchant discount rate schedule: rates by merchant category, MCC, validity dates and amount bounds.
///
/// Read from `Config/mdr.json`:
/// `{"rates": [{"category": "UMI", "mcc": null, "validFrom": "2024-12-01", "validTo": null,
/// "rateBasisPoints": 0, "maxAmount": 500000, "basis": "…"}], "default": {"rateBasisPoints": 70}}`.
/// MDR = round-half-up(gross × bp / 10000) in whole rupiah, integer arithmetic only.
public struct MDRSchedule: Sendable {
    /// One line of the schedule.
    public struct Rate: Sendable, Hashable {
        public var category: String
        public var mcc: String?
        public var validFrom: CivilDate
        public var validTo: CivilDate?
        public var rateBasisPoints: Int
        public var minAmount: Int64?
        public var maxAmount: Int64?
        public var basis: String
    }

    public var rates: [Rate]
    /// The rate used when no line applies.
    public var defaultBasisPoints: Int

    /// A schedule with one rate for everything (`--mdr-bp`).
    public init(flatBasisPoints: Int) {
        rates = []
        defaultBasisPoints = flatBasisPoints
    }

    /// Loads `Config/mdr.json`.
    public static func load(contentsOf url: URL) throws -> MDRSchedule {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ReconciliationError(
                .io, "cannot read MDR schedule \(url.path): \(error.localizedDescription)", cause: error)
        }
        return try MDRSchedule(json: data, context: "MDR schedule \(url.lastPathComponent)")
    }

    /// Parses the schedule, rejecting unknown keys and bad values by name.
    public init(json: Data, context: String = "MDR schedule") throws {
        let root = try StrictObject(
            JSONValue.parse(json, what: context), context: context, code: .configInvalid,
            allowed: ["rates", "default", "description"])
        guard case .array(let items)? = root.members["rates"] else { throw root.fail("rates", "must be a list") }
        rates = try items.enumerated().map { index, item in
            let rate = try StrictObject(
                item, context: "\(context) rates[\(index)]", code: .configInvalid,
                allowed: [
                    "category", "mcc", "validFrom", "validTo", "rateBasisPoints", "minAmount", "maxAmount", "basis",
                ])
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
            return line
        }
        let fallback = try StrictObject(
            root.members["default"] ?? .null, context: "\(context) default", code: .configInvalid,
            allowed: ["rateBasisPoints", "basis"])
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
}
