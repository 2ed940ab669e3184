import ArgumentParser
import Foundation
import Settings

/// Runs a command's settings resolution (`lunas serve`, `lunas acquirer-sim`, and every command
/// that reads the server's settings): a ``SettingsError`` is written to standard error after the
/// command's name and exits with its ``SettingsError/exitStatus`` (2 for a bad value, 78 for an
/// unreadable configuration file or a key in it that no reader owns).
func resolveSettings<Values>(
    _ command: String, _ resolve: () async throws -> Values
) async throws -> Values {
    do {
        return try await resolve()
    } catch let error as SettingsError {
        FileHandle.standardError.write(Data("\(command): \(error.message)\n".utf8))
        throw ExitCode(error.exitStatus)
    }
}
