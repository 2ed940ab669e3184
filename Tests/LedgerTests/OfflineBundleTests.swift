import Foundation
import Testing

@testable import Ledger

@Suite("Offline bundles")
struct OfflineBundleTests {
    static func configuration() throws -> CityConfiguration {
        try CityConfiguration.load(from: CityConfigurationTests.demoDirectory)
    }

    static func bundle(_ configuration: CityConfiguration) throws -> OfflineBundle {
        let device = Device(
            id: Device.ID("dev_hh1"), name: "HH", role: .attendant, zones: [configuration.zones[0].id.rawValue],
            credentialHash: String(repeating: "0", count: 64), enrolledAt: Date(ledgerMilliseconds: 0),
            lastSequence: 12,
            attendant: "Budi")
        let from = Date(ledgerMilliseconds: 1_796_000_000_000)
        return OfflineBundle(
            configuration: configuration, device: device, deviceCode: try DeviceCode("7K2Q"), acceptsStaticBills: true,
            validFrom: from, validUntil: from.addingTimeInterval(86_400), maxHours: 12, maxTickets: 500,
            invoiceLifetimeSeconds: 900)
    }

    @Test func signsReadsAndVerifies() throws {
        let configuration = try Self.configuration()
        let key = ReceiptSigningKey.generate()
        let ring = try ReceiptKeyRing(keys: [.init(label: "t", publicKey: key.publicKey)])
        let signed = try Self.bundle(configuration).signed(with: key)
        #expect(signed.bundleID.utf8.count == 64)
        #expect(signed.keyID == key.publicKey.keyID.description)
        let text = try signed.canonical().text
        #expect(!text.contains(key.base64))
        let read = try OfflineBundle.verified(try CanonicalJSON.parse(text), ring: ring)
        #expect(read == signed)
        #expect(read.tariffs == configuration.tariffs)
        #expect(read.lastSequence == 12 && read.deviceZones == [configuration.zones[0].id.rawValue])
        // The handheld prices exactly as the server does.
        let entry = read.validFrom.addingTimeInterval(3600)
        for vehicle in configuration.vehicleClasses {
            for zone in configuration.zones {
                for minutes in [0, 7, 61, 200, 1500] {
                    let exit = entry.addingTimeInterval(TimeInterval(minutes * 60))
                    let server = try? configuration.quote(
                        vehicleClass: vehicle.id, zone: zone.id, entry: entry, exit: exit)
                    let handheld = try? read.quote(vehicleClass: vehicle.id, zone: zone.id, entry: entry, exit: exit)
                    #expect(server?.amount == handheld?.amount)
                }
            }
        }
    }

    @Test func refusesTamperingUnknownKeysAndVersions() throws {
        let key = ReceiptSigningKey.generate()
        let ring = try ReceiptKeyRing(keys: [.init(label: "t", publicKey: key.publicKey)])
        let signed = try Self.bundle(try Self.configuration()).signed(with: key)
        guard case .object(var members) = try signed.canonical() else { return }
        members["maxTickets"] = .int(100_000)
        #expect(throws: LedgerError.self) { try OfflineBundle.verified(.object(members), ring: ring) }
        members["maxTickets"] = .int(500)
        #expect(try OfflineBundle.verified(.object(members), ring: ring) == signed)
        members["extra"] = .bool(true)
        #expect(throws: LedgerError.self) { try OfflineBundle.verified(.object(members), ring: ring) }
        members["extra"] = nil
        members["bundleVersion"] = .int(2)
        #expect(throws: LedgerError.self) { try OfflineBundle(canonical: .object(members)) }
        let other = try ReceiptKeyRing(keys: [.init(label: "o", publicKey: ReceiptSigningKey.generate().publicKey)])
        #expect(throws: LedgerError.self) { try OfflineBundle.verified(try signed.canonical(), ring: other) }
        let revoked = ring.revoking(key.publicKey.keyID, at: signed.validFrom)
        #expect(signed.signatureProblem(ring: revoked) != nil)
        // A revoked key signs no bundle, even one that says it was made before the revocation
        // (its validFrom is the signer's word: a leaked key could backdate it).
        let revokedLater = ring.revoking(key.publicKey.keyID, at: signed.validUntil.addingTimeInterval(86_400))
        #expect(signed.signatureProblem(ring: revokedLater)?.contains("signs no bundle") == true)
    }
}
