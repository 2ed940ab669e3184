import ArgumentParser
import Foundation
import Handheld
import Ledger

/// `lunas handheld …`: the reference handheld client an attendant's Linux terminal runs.
struct HandheldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handheld",
        abstract: "The attendant's handheld: issue, exit, void and reprint tickets, online or offline, and sync.",
        subcommands: [
            HandheldEnrollCommand.self, HandheldShiftCommand.self, HandheldIssueCommand.self, HandheldExitCommand.self,
            HandheldVoidCommand.self, HandheldReprintCommand.self, HandheldSyncCommand.self, HandheldStatusCommand.self,
            HandheldExportCommand.self,
        ]
    )
}

/// The options every `lunas handheld` subcommand takes.
struct HandheldOptions: ParsableArguments {
    @Option(help: "The handheld's state directory (local queue, credential, key, bundle; created 0700).")
    var stateDir: String

    @Option(help: "Where ESC/POS tickets are appended: a printer device (/dev/usb/lp0) or a file.")
    var printer: String?

    @Flag(help: "Print one JSON object instead of lines for the attendant.")
    var json = false

    @Option(help: "The language of messages and summaries: id (Indonesian, the default) or en.")
    var lang: String = "id"

    func validate() throws {
        if stateDir.isEmpty { throw ValidationError("--state-dir must not be empty") }
        if printer?.isEmpty == true { throw ValidationError("--printer must not be empty") }
        guard HandheldLanguage(rawValue: lang) != nil else { throw ValidationError("--lang must be id or en") }
    }

    var language: HandheldLanguage { HandheldLanguage(rawValue: lang) ?? .indonesian }

    /// Opens the state directory and runs `body`, printing its output; a ``HandheldError`` is
    /// printed in the attendant's language on standard error and ends the command with its exit code.
    func run(_ body: (Handheld) async throws -> HandheldOutput) async throws {
        // Whatever the handheld creates (the printer file included) is the attendant's alone.
        umask(0o077)
        do {
            let handheld = try Handheld.open(stateDirectory: stateDir, language: language, printer: printer)
            let output = try await body(handheld)
            if json {
                print(output.json.text)
            } else {
                output.lines.forEach { print($0) }
            }
        } catch let error as HandheldError {
            if json {
                let object: [String: String] = ["code": error.code.rawValue, "message": error.text(language)]
                let data =
                    (try? JSONSerialization.data(withJSONObject: ["error": object], options: [.sortedKeys])) ?? Data()
                FileHandle.standardError.write(data + Data("\n".utf8))
            } else {
                FileHandle.standardError.write(Data("lunas handheld: \(error.text(language))\n".utf8))
            }
            throw ExitCode(Self.exitCode(error.code))
        }
    }

    /// 1 refused or not possible, 2 a bad argument, 69 the server unreachable, 74 the printer or the
    /// state directory, 78 not enrolled.
    static func exitCode(_ code: HandheldError.Code) -> Int32 {
        switch code {
        case .invalidArgument: 2
        case .unreachable: 69
        case .printer, .state: 74
        case .notEnrolled, .alreadyEnrolled: 78
        default: 1
        }
    }
}

/// `lunas handheld enroll --server URL --token TOKEN | --uri lunas://enroll?server=…&token=…`.
struct HandheldEnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enrol this handheld: store its credential, register its signing key, download the offline bundle.")

    @Option(help: "The server's base URL (http or https).")
    var server: String?

    // Unconditional: a token may begin with "-" (base64url).
    @Option(
        parsing: .unconditional,
        help: "The device's bearer token from lunas device enroll (a secret: stored 0600, never printed).")
    var token: String?

    @Option(help: "Read the token from this file instead (e.g. /dev/stdin), so that ps does not show it.")
    var tokenFile: String?

    @Option(help: "The enrolment link of the console's QR: lunas://enroll?server=URL&token=TOKEN.")
    var uri: String?

    @OptionGroup var options: HandheldOptions

    func validate() throws {
        if tokenFile != nil, token != nil || uri != nil {
            throw ValidationError("give --token-file with --server, without --token or --uri")
        }
        if uri != nil {
            guard server == nil, token == nil else {
                throw ValidationError("give --uri or --server and --token, not both")
            }
            guard EnrollmentURI(uri ?? "") != nil else {
                throw ValidationError("--uri must be lunas://enroll?server=URL&token=TOKEN")
            }
        } else {
            guard let server, token != nil || tokenFile != nil else {
                throw ValidationError("give --server and --token (or --token-file), or --uri")
            }
            guard EnrollmentURI.isServerURL(server) else { throw ValidationError("--server must be an http(s) URL") }
            if token?.isEmpty == true { throw ValidationError("--token must not be empty") }
        }
    }

    func run() async throws {
        var secret = token ?? ""
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw ValidationError("--token-file \(tokenFile) cannot be read")
            }
            secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else { throw ValidationError("--token-file \(tokenFile) is empty") }
        }
        let link = uri.flatMap(EnrollmentURI.init) ?? EnrollmentURI(server: server ?? "", token: secret)
        try await options.run { try await $0.enroll(server: link.server, token: link.token) }
    }
}

/// `lunas handheld shift start --attendant NAME | shift end`.
struct HandheldShiftCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shift", abstract: "Start or end the attendant's shift.",
        subcommands: [HandheldShiftStartCommand.self, HandheldShiftEndCommand.self])
}

/// `lunas handheld shift start --attendant NAME`.
struct HandheldShiftStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start", abstract: "Start a shift; the attendant's name is printed on tickets as Petugas.")

    @Option(help: "The attendant's name.")
    var attendant: String

    @OptionGroup var options: HandheldOptions

    func run() async throws { try await options.run { try await $0.shiftStart(attendant: attendant) } }
}

/// `lunas handheld shift end`.
struct HandheldShiftEndCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "End the shift and print its summary: tickets, amounts, paid, unpaid, voids, offline count.")

    @OptionGroup var options: HandheldOptions

    func run() async throws { try await options.run { try await $0.shiftEnd() } }
}

/// `lunas handheld issue --plate P --class C [--zone Z]`.
struct HandheldIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "issue", abstract: "Issue a ticket at entry (a flat bill, or an hourly entry ticket).")

    @Option(help: "The vehicle's plate.")
    var plate: String

    @Option(name: .customLong("class"), help: "The vehicle class (motorcycle, car, …).")
    var vehicleClass: String

    @Option(help: "The zone; may be left out by a handheld enrolled for one zone.")
    var zone: String?

    @OptionGroup var options: HandheldOptions

    func run() async throws {
        try await options.run { try await $0.issue(plate: plate, vehicleClass: vehicleClass, zone: zone) }
    }
}

/// `lunas handheld exit --plate P | --ticket ID`.
struct HandheldExitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exit", abstract: "Close an hourly ticket at exit: its bill, or Rp0 within the grace period.")

    @Option(help: "The plate of the one open ticket to close.")
    var plate: String?

    @Option(help: "The ticket's number.")
    var ticket: String?

    @OptionGroup var options: HandheldOptions

    func validate() throws {
        guard (plate == nil) != (ticket == nil) else { throw ValidationError("give --plate or --ticket (one)") }
    }

    func run() async throws { try await options.run { try await $0.exit(plate: plate, ticket: ticket) } }
}

/// `lunas handheld void --ticket ID --reason R`.
struct HandheldVoidCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "void", abstract: "Void an open ticket and print the void slip.")

    @Option(help: "The ticket's number.")
    var ticket: String

    @Option(help: "Why (1–200 characters).")
    var reason: String

    @OptionGroup var options: HandheldOptions

    func run() async throws { try await options.run { try await $0.void(ticket: ticket, reason: reason) } }
}

/// `lunas handheld reprint --ticket ID`.
struct HandheldReprintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reprint", abstract: "Print a ticket again (counted; the copy says CETAK ULANG ke-N).")

    @Option(help: "The ticket's number.")
    var ticket: String

    @OptionGroup var options: HandheldOptions

    func run() async throws { try await options.run { try await $0.reprint(ticket: ticket) } }
}

/// `lunas handheld sync`.
struct HandheldSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Send the queued offline records and download the offline bundle again.")

    @Option(help: "Records per request (1–500; smaller batches for a slow link).")
    var batchSize: Int = Handheld.syncBatchSize

    @OptionGroup var options: HandheldOptions

    func validate() throws {
        guard (1...500).contains(batchSize) else { throw ValidationError("--batch-size must be 1–500") }
    }

    func run() async throws { try await options.run { try await $0.sync(batchSize: batchSize) } }
}

/// `lunas handheld status`.
struct HandheldStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show the enrolment, the queue, the last sync and since when offline.")

    @OptionGroup var options: HandheldOptions

    func run() async throws { try await options.run { try await $0.status() } }
}
