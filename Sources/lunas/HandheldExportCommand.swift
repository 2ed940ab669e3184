import ArgumentParser
import Foundation
import Handheld

/// `lunas handheld export --state-dir DIR [--output FILE]`: the queued offline records as the body
/// of `POST /api/v1/devices/{id}/offline-tickets`, for an administrator to bring to the server
/// from a handheld that cannot sync (revoked or broken).
struct HandheldExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the queued offline records as the JSON body the next sync would send (for an administrator).")

    @Option(help: "Write the body to this file (replaced atomically, 0600) instead of standard output.")
    var output: String?

    @OptionGroup var options: HandheldOptions

    func validate() throws {
        if output?.isEmpty == true { throw ValidationError("--output must not be empty") }
    }

    func run() async throws { try await options.run { try await $0.export(to: output) } }
}
