import ArgumentParser

/// `lunas qris`: decode, validate and convert QRIS payloads, for support staff and scripts.
struct QRISCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qris",
        abstract: "Decode, validate and build QRIS payloads.",
        discussion: """
            Exit status: 0 when there is no error-severity issue, 1 when a payload is invalid, \
            2 on a usage error.
            """,
        subcommands: [QRISDecodeCommand.self, QRISValidateCommand.self, QRISDynamicCommand.self]
    )
}
