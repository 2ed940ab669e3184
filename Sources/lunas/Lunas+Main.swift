import API
import ArgumentParser
import Foundation

extension Lunas {
    /// Runs the command line with exit status 2 on a usage error for every subcommand
    /// (ArgumentParser's default is 64, EX_USAGE). Everything else is ArgumentParser's own
    /// behaviour: help on standard output with status 0, other errors as it reports them.
    static func main() async {
        // `serve`: run every task on NIO's event loops (before any task runs; see ServerRuntime).
        if CommandLine.arguments.dropFirst().first == "serve" { _ = ServerRuntime.runTasksOnEventLoops() }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
