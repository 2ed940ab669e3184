import API
import ArgumentParser
import Foundation
import Ledger

/// How a subcommand that changes the ledger reports a refused input: `command: code: message` on
/// standard error, exit 1.
enum CommandRefusal {
    /// Runs `body`; a ``Ledger/LedgerError`` or an ``API/APIError`` (the refusals the ledger and the
    /// services it shares with the API throw) prints `command: code: message` and exits 1.
    static func reporting<Value>(_ command: String, _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as LedgerError {
            FileHandle.standardError.write(Data("\(command): \(error.code): \(error.message)\n".utf8))
            throw ExitCode(1)
        } catch let error as APIError {
            FileHandle.standardError.write(Data("\(command): \(error.code): \(error.message)\n".utf8))
            throw ExitCode(1)
        }
    }
}
