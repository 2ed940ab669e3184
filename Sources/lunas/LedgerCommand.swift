import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the module's command.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger", abstract: "Inspect and verify the ledger.")
}
