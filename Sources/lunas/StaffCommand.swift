import API
import ArgumentParser
import Foundation
import Ledger

/// `lunas staff add|disable|list|link`: the people who work in the staff console.
struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "Add, disable and list staff console accounts; issue set-password links.",
        subcommands: [StaffAddCommand.self, StaffDisableCommand.self, StaffListCommand.self, StaffLinkCommand.self]
    )

    /// The store's staff directory, or exit 1 with a message.
    static func directory(_ store: any LedgerStore, _ command: String) throws -> any StaffDirectory {
        guard let directory = store as? any StaffDirectory else {
            FileHandle.standardError.write(Data("\(command): this ledger store keeps no staff accounts\n".utf8))
            throw ExitCode(1)
        }
        return directory
    }
}

/// `lunas staff add --email E --name N --role R [--zone Z …] [--password-stdin]`.
///
/// With `--password-stdin` the password is the first line of standard input (at least 12
/// characters, not a common one). Without it, the last line of standard output is a one-time
/// set-password link valid 24 hours, built from `public.baseURL`.
struct StaffAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a staff account (the last line is its set-password link).")

    @Option(help: "The sign-in e-mail address.")
    var email: String

    @Option(help: "The person's name.")
    var name: String

    @Option(help: "finance, supervisor, auditor or admin.")
    var role: String

    @Option(name: .customLong("zone"), help: "A zone a supervisor watches; repeat for several (none: the whole city).")
    var zones: [String] = []

    @Flag(help: "Read the password from the first line of standard input instead of printing a link.")
    var passwordStdin = false

    @OptionGroup var data: LedgerLocationOptions

    func validate() throws {
        guard StaffMember.Role(rawValue: role) != nil else {
            let roles = StaffMember.Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--role must be one of \(roles), got \"\(role)\"")
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
    }

    func run() async throws {
        let command = "lunas staff add"
        let (store, settings) = try await data.openStore(command, mode: .createIfMissing)
        if !zones.isEmpty {
            let known = try CityConfiguration.load(from: URL(fileURLWithPath: settings.configDirectory)).zones
                .map(\.id.rawValue)
            for zone in zones where !known.contains(zone) {
                throw ValidationError("--zone \"\(zone)\" is not a zone of the city; known: \(known.joined(separator: ", "))")
            }
        }
        let password = passwordStdin ? readLine(strippingNewline: true) ?? "" : nil
        let accounts = StaffAccounts(directory: try StaffCommand.directory(store, command), publicBase: settings.publicBase)
        try await CommandRefusal.reporting(command) {
            let created = try await accounts.add(
                email: email, name: name, role: StaffMember.Role(rawValue: role)!, zones: zones, password: password,
                actor: "operator")
            let member = created.member
            let zoneText = member.zones.isEmpty ? "the whole city" : member.zones.joined(separator: ",")
            print("added staff \(member.id) \(member.email) (\(member.role.rawValue), \(zoneText)): \(member.name)")
            if let link = created.link {
                print("set-password link (valid 24 hours, once; give it to the person over a safe channel):")
                print(link)
            }
        }
    }
}

/// `lunas staff disable --email E`: the account can no longer sign in; its sessions end.
struct StaffDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a staff account.")

    @OptionGroup var account: StaffAccountOptions

    func run() async throws {
        let command = "lunas staff disable"
        let (accounts, _) = try await account.open(command)
        try await CommandRefusal.reporting(command) {
            let member = try await accounts.disable(email: account.email, actor: "operator")
            print("disabled staff \(member.id) \(member.email)")
        }
    }
}

/// `lunas staff link --email E`: a new one-time set-password link (the last line), valid 24 hours.
struct StaffLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "link", abstract: "Issue a new set-password link for an account (the last line).")

    @OptionGroup var account: StaffAccountOptions

    func run() async throws {
        let command = "lunas staff link"
        let (accounts, directory) = try await account.open(command)
        let email = account.email
        try await CommandRefusal.reporting(command) {
            guard let member = try await directory.staffMember(email: email) else {
                throw LedgerError(.unknownStaff, "no staff account with e-mail \(email.lowercased())", field: "email")
            }
            print("set-password link for \(member.email) (valid 24 hours, once):")
            print(try await accounts.issueLink(for: member, actor: "operator"))
        }
    }
}

/// `--email E [--data-dir DIR] [--database-url URL] [--config FILE]` of the commands that act on one
/// existing staff account (`disable`, `link`).
struct StaffAccountOptions: ParsableArguments {
    @Option(help: "The account's e-mail address.")
    var email: String

    @OptionGroup var data: LedgerLocationOptions

    /// Opens the ledger (created when missing) and returns its staff accounts and directory; a store
    /// that keeps no staff accounts exits 1.
    func open(_ command: String) async throws -> (accounts: StaffAccounts, directory: any StaffDirectory) {
        let (store, settings) = try await data.openStore(command, mode: .createIfMissing)
        let directory = try StaffCommand.directory(store, command)
        return (StaffAccounts(directory: directory, publicBase: settings.publicBase), directory)
    }
}

/// `lunas staff list`: one line per account (id, e-mail, role, zones, state, name), tab-separated.
struct StaffListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List staff accounts.")

    @OptionGroup var data: LedgerLocationOptions

    func run() async throws {
        let command = "lunas staff list"
        let store = try await data.openStore(command, mode: .createIfMissing).store
        for member in try await StaffCommand.directory(store, command).staffMembers() {
            let state = member.disabledAt.map { "disabled \($0.formatted(.iso8601))" }
                ?? (member.passwordHash == nil ? "no password yet" : "active")
            print(
                [
                    member.id.rawValue, member.email, member.role.rawValue,
                    member.zones.isEmpty ? "-" : member.zones.joined(separator: ","), state, member.name,
                ].joined(separator: "\t"))
        }
    }
}
