import API
import ArgumentParser
import Foundation
import Ledger

/// `lunas device enroll|revoke|list`: manage the handhelds, kiosks and workstations.
struct DeviceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Enrol, revoke and list devices.",
        subcommands: [DeviceEnrollCommand.self, DeviceRevokeCommand.self, DeviceListCommand.self]
    )
}

/// `lunas device enroll --name NAME --role ROLE [--zone ZONE …] [--attendant NAME] [--data-dir DIR]
/// [--database-url URL] [--config FILE]`.
///
/// `--zone` may be given several times (`--zone A --zone B`): the device is enrolled for every
/// one. A supervisor enrolled without zones covers the whole city. Prints the device id and, on
/// the last line of standard output, its bearer token: shown once, stored only as its SHA-256.
/// The enrolment event names the server operator as its actor.
struct DeviceEnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll",
        abstract: "Enrol a device; its bearer token is printed on the last line (shown once).")

    @Option(help: "A human name (\"Jukir Jl. Pattimura 03\").")
    var name: String

    @Option(help: "attendant, kiosk, supervisor, finance, admin or auditor.")
    var role: String

    @Option(
        name: .customLong("zone"),
        help: "A zone code the device works in; repeat for several (attendants issue only in their zones).")
    var zones: [String] = []

    @Option(help: "The person working with the device (printed on its tickets as \"Petugas\").")
    var attendant: String?

    @OptionGroup var data: LedgerLocationOptions

    func validate() throws {
        if let attendant, attendant.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--attendant must not be empty")
        }
        guard Device.Role(rawValue: role) != nil else {
            let roles = Device.Role.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--role must be one of \(roles), got \"\(role)\"")
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
    }

    func run() async throws {
        let settings = try await data.resolve("lunas device enroll")
        if !zones.isEmpty {
            let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: settings.configDirectory))
            let known = configuration.zones.map(\.id.rawValue)
            for zone in zones where !known.contains(zone) {
                throw ValidationError(
                    "--zone \"\(zone)\" is not a zone of \(settings.configFile); known: \(known.joined(separator: ", "))"
                )
            }
        }
        let store = try await StoreOpening.open(for: "lunas device enroll", settings: settings, mode: .createIfMissing)
        let token = DeviceToken.generate()
        let id = Device.ID(DeviceToken.generateID())
        let device = try await store.enrolDevice(
            DeviceDraft(
                id: id, name: name, role: Device.Role(rawValue: role)!, zones: zones,
                credentialHash: Device.credentialHash(forToken: token), enrolledAt: Date(),
                idempotencyKey: "enrol-\(id.rawValue)",
                attendant: attendant?.trimmingCharacters(in: .whitespaces)))
        let zoneText = device.zones.isEmpty ? "no zone" : "zones \(device.zones.joined(separator: ","))"
        print("enrolled device \(device.id) (\(device.role.rawValue), \(zoneText)): \(device.name)")
        if let attendant = device.attendant { print("attendant: \(attendant)") }
        print("bearer token (shown once; store it on the device):")
        print(token)
    }
}

/// `lunas device revoke ID [--reason TEXT] [--data-dir DIR] [--database-url URL]`: effective on the device's next request.
struct DeviceRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a device.")

    @Argument(help: "The device id.")
    var id: String

    @Option(help: "Why it is revoked (kept in the ledger).")
    var reason: String = "revoked by an administrator"

    @OptionGroup var data: LedgerLocationOptions

    func run() async throws {
        let command = "lunas device revoke"
        let store = try await data.openStore(command, mode: .createIfMissing).store
        let device = try await CommandRefusal.reporting(command) {
            try await store.revokeDevice(Device.ID(id), reason: reason, at: Date())
        }
        print("revoked device \(device.id) (\(device.role.rawValue)): \(device.name)")
    }
}

/// `lunas device list [--data-dir DIR] [--database-url URL]`: one line per device, tab-separated:
/// id, role, zones, state, last sequence, name, device code (`-` before it has one), attendant
/// (`-` for none).
struct DeviceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List enrolled devices.")

    @OptionGroup var data: LedgerLocationOptions

    func run() async throws {
        let store = try await data.openStore("lunas device list", mode: .createIfMissing).store
        for device in try await store.devices() {
            let state = device.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"
            print(
                [
                    device.id.rawValue, device.role.rawValue,
                    device.zones.isEmpty ? Device.noZone : device.zones.joined(separator: ","), state,
                    "seq \(device.lastSequence)",
                    device.name, device.code.map { "code \($0)" } ?? "-", device.attendant ?? "-",
                ]
                .joined(separator: "\t"))
        }
    }
}
