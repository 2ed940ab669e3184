import ArgumentParser

/// The `lunas` command: argument parsing and wiring only; the work lives in the modules.
@main
struct Lunas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lunas",
        abstract: "Cashless city revenue: QRIS invoices, parking tickets, ledger and settlement reconciliation.",
        subcommands: [
            QRISCommand.self, QRCommand.self, LedgerCommand.self, ReconcileCommand.self, ServeCommand.self,
            DeviceCommand.self, StaffCommand.self, AcquirerSimCommand.self, SettlementCommand.self, DayCommand.self,
            HandheldCommand.self, DBCommand.self, ReceiptKeyCommand.self,
        ]
    )
}
