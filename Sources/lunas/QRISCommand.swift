import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the module's command.
struct QRISCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "qris", abstract: "Decode, validate and build QRIS payloads.")
}
