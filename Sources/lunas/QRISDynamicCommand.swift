import ArgumentParser
import QRIS

/// `lunas qris dynamic`: a one-payment code from the city's static QRIS (offline fallback).
struct QRISDynamicCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dynamic",
        abstract: "Make a dynamic payload (fixed amount, bill number) from a static QRIS.",
        discussion: """
            The payload is printed on the last line of standard output, after a summary. The \
            acquirer never issued such a code, so payments can only be matched by amount: prefer \
            acquirer-issued dynamic QRIS. Exit status: 0 on success, 1 when the static payload or \
            a value is invalid, 2 on a usage error.
            """
    )

    @Option(name: .customLong("from"), help: "The static QRIS payload.")
    var staticPayload: String

    @Option(help: "The amount in whole rupiah, e.g. 25000 (no separators or decimals).")
    var amount: String

    @Option(help: "Tag 62.01, at most 25 printable ASCII characters.")
    var billNumber: String?

    @Option(help: "Tag 62.05, at most 25 printable ASCII characters.")
    var referenceLabel: String?

    @Option(help: "Tag 62.07, at most 25 printable ASCII characters.")
    var terminalLabel: String?

    func run() async throws {
        guard !amount.isEmpty, amount.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let rupiah = Int64(amount) else {
            QRISInput.printError(
                "error: --amount must be whole rupiah as digits only (e.g. 25000), not '\(QRISInput.visible(amount))'")
            throw ExitCode(2)
        }
        do {
            let text = try QRISPayload.makeDynamic(
                fromStatic: staticPayload, amount: rupiah, billNumber: billNumber, referenceLabel: referenceLabel,
                terminalLabel: terminalLabel)
            for line in QRISSummary(try QRISPayload(parsing: text)).lines { print(QRISInput.visible(line)) }
            QRISInput.printError(
                "note: converted offline; the acquirer did not issue this code, so match payments by amount")
            print(text)
        } catch {
            QRISInput.printError("error \(error.code) \(error.path ?? "-") \(QRISInput.visible(error.message))")
            throw ExitCode(1)
        }
    }
}
