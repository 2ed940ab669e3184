import ArgumentParser
import Foundation
import Ledger

/// The MDR schedule and merchant category a command uses: by default `mdr.json` of the
/// configuration directory and the category and MCC of the city's merchant (`lunas.json` →
/// `city.merchant`), exactly as `lunas serve` and the simulator use them; `--mdr-bp`,
/// `--mdr`, `--merchant-category` and `--mcc` override.
struct MerchantRateChoice: Sendable {
    var schedule: MDRSchedule
    var merchantCategory: String?
    var mcc: String?

    /// Resolves the choice.
    /// - Parameters:
    ///   - configDirectory: the city configuration directory (`Config`).
    ///   - flatBasisPoints: `--mdr-bp`, text as given.
    ///   - schedulePath: `--mdr`.
    ///   - merchantCategory: `--merchant-category`.
    ///   - mcc: `--mcc`.
    /// - Throws: ``UsageError`` (exit 2) naming the bad option or file.
    init(
        configDirectory: String, flatBasisPoints: String?, schedulePath: String?, merchantCategory: String?,
        mcc: String?
    ) throws {
        var merchant: CityMerchant?
        if merchantCategory == nil || mcc == nil,
            FileManager.default.fileExists(atPath: configDirectory + "/lunas.json")
        {
            do {
                merchant = try CityConfiguration.load(from: URL(fileURLWithPath: configDirectory)).city.merchant
            } catch {
                throw UsageError(message: "cannot read the city's merchant from \(configDirectory): \(error)")
            }
        }
        self.merchantCategory = merchantCategory ?? merchant?.mdrCategory.scheduleCategory
        self.mcc = mcc ?? merchant?.mcc
        if let text = flatBasisPoints {
            guard let value = Int(text), (0...10000).contains(value) else {
                throw UsageError(message: "--mdr-bp must be a whole number of basis points 0–10000, not \"\(text)\"")
            }
            schedule = MDRSchedule(flatBasisPoints: value, source: "--mdr-bp \(value)")
            return
        }
        let path = schedulePath ?? configDirectory + "/mdr.json"
        do {
            schedule = try MDRSchedule.load(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw UsageError(message: "\(error.message) (give --mdr FILE or --mdr-bp N)")
        }
    }

    /// One line for standard error: which schedule and category apply.
    var summary: String {
        "MDR: \(schedule.source), merchant category \(merchantCategory ?? "none (default rate)"), MCC \(mcc ?? "none")"
    }
}
