import ArgumentParser

// Placeholder until its issue lands; replaced wholesale by the module's command.
struct QRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "qr", abstract: "Render QR images.")
}
