import ArgumentParser
import Foundation
import Reconciliation

/// `lunas reconcile`: match an acquirer settlement file (CSV profile, camt.053/054, MT940) against
/// issued invoices and write the summary and exception list.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile a settlement file against issued invoices.",
        discussion: """
            lunas reconcile SETTLEMENT_FILE --profile PROFILE.json [--invoices INVOICES.csv | --data-dir DIR]
                [--mdr-bp N] [--format json|csv|html] [--out FILE]
            See 'lunas reconcile run --help' for every option.
            Exit status: 0 reconciled (exceptions are in the report), 1 malformed file or other data error,
            2 usage error.
            """,
        subcommands: [ReconcileRunCommand.self, ReconcileGenerateCommand.self],
        defaultSubcommand: ReconcileRunCommand.self
    )
}

/// The reconciliation itself (the default subcommand, so `lunas reconcile FILE --profile P` runs it).
struct ReconcileRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Reconcile a settlement file against issued invoices (the default).")

    @Argument(help: "The settlement file (CSV/TSV as the profile says, camt.053/054 XML, or MT940).")
    var settlementFile: String?

    @Option(help: "The settlement profile JSON (a path, or a name in Config/settlement-profiles/).")
    var profile: String?

    @Option(
        help:
            "Invoice export CSV (invoice_id,bill_number,reference_label,nmid,terminal_id,zone,channel,attendant_id,amount,issued_at,expires_at)."
    )
    var invoices: String?

    @Option(
        help:
            "Reconcile against the ledger in this data directory (DIR/lunas.sqlite; imports are remembered in DIR/settlement-imports.jsonl)."
    )
    var dataDir: String?

    @OptionGroup var rate: MerchantRateOptions

    @Option(
        help: "The MDR schedule (default: mdr.json of the city configuration the profile sits in, else Config/mdr.json).")
    var mdr: String?

    @Option(
        help: "Holiday calendar folder or file (default: holidays/ beside the profile's folder, else Config/holidays).")
    var holidays: String?

    @Option(help: "Output format: json, csv (the exception list) or html.")
    var format: String = "json"

    @Option(help: "Write the report here instead of standard output.")
    var out: String?

    @Option(help: "Also write the exception list as CSV to this file.")
    var exceptionsCsv: String?

    @Option(help: "Import registry (JSON lines): remembers imported files by SHA-256 and detects re-sends.")
    var registry: String?

    @Flag(help: "Never show the progress bar.")
    var noProgress = false

    func run() async throws {
        let plan: ReconcilePlan
        do {
            plan = try ReconcilePlan(command: self)
        } catch let error as UsageError {
            printError("error: \(error.message)")
            throw ExitCode(2)
        }
        do {
            try await plan.execute()
        } catch let error as ReconciliationError {
            printError("error: \(error.message)")
            throw ExitCode(1)
        }
    }
}

/// A usage error: bad or missing options (exit 2).
struct UsageError: Error {
    var message: String
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
