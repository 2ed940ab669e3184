import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the module's command.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reconcile", abstract: "Reconcile a settlement file against issued invoices.")
}
