import ArgumentParser

/// `--mdr-bp`, `--merchant-category` and `--mcc`: the overrides of ``MerchantRateChoice``, the same
/// in `lunas reconcile run` and `lunas reconcile generate-fixtures`.
struct MerchantRateOptions: ParsableArguments {
    @Option(help: "Use one MDR rate in basis points instead of the schedule.")
    var mdrBp: String?

    @Option(
        help: "MDR category for invoices that carry none (UMI, UKE, UME, UBE, P2G...; default: the city's merchant).")
    var merchantCategory: String?

    @Option(help: "The merchant's MCC (default: the city's merchant).")
    var mcc: String?

    /// The schedule and category these flags choose.
    /// - Parameters:
    ///   - configDirectory: the city configuration directory (`Config`).
    ///   - schedulePath: `--mdr`, where the command has it.
    /// - Throws: ``UsageError`` (exit 2) naming the bad option or file.
    func choice(configDirectory: String, schedulePath: String? = nil) throws -> MerchantRateChoice {
        try MerchantRateChoice(
            configDirectory: configDirectory, flatBasisPoints: mdrBp, schedulePath: schedulePath,
            merchantCategory: merchantCategory, mcc: mcc)
    }
}
