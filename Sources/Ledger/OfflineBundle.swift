import Crypto
import Foundation
import QRIS

/// What a handheld needs to issue tickets offline, downloaded from `GET /api/v1/devices/me/bundle`
/// and signed with the city's receipt key ring exactly as ``DailyStatement`` is: canonical JSON,
/// `keyId` and `signature` (base64 Ed25519 over the canonical bytes without `signature`).
///
/// Members: `bundleVersion`, `bundleId` (hex SHA-256 of the canonical bytes without `bundleId`
/// and `signature`), `city` (`id`, `name`, `timeZone`, `billNumberPrefix`, `checkURL`), `deviceId`,
/// `deviceCode`, `deviceZones`, `attendant`, `staticQRIS`, `acceptsStaticBills`, `validFrom`,
/// `validUntil`, `maxHours`, `maxTickets`, `invoiceLifetimeSeconds`, `lastSequence`, and the tariff
/// catalogue as ``CityConfiguration``'s `Codable` types encode it: `vehicleClasses`, `zones`,
/// `tariffs` (the sets), `events`. Times are ``OfflineTime`` text. It holds no secret.
public struct OfflineBundle: Sendable, Hashable {
    /// The bundle format version (`bundleVersion`); a reader refuses any other.
    public static let version: Int64 = 1

    /// The city's identity as the handheld prints and prices it.
    public struct CityInfo: Sendable, Hashable {
        public var id: String
        public var name: String
        public var timeZone: CityTimeZone
        /// The prefix of every bill number (``OfflineBillNumber``).
        public var billNumberPrefix: String
        /// Where citizens check a receipt, if the city publishes it.
        public var checkURL: String?
        /// The merchant's name and NMID as printed on tickets (QRIS tags 59 and 51-02).
        public var merchantName: String?
        public var nmid: String?

        /// Creates a value from its parts.
        public init(
            id: String, name: String, timeZone: CityTimeZone, billNumberPrefix: String, checkURL: String?,
            merchantName: String? = nil, nmid: String? = nil
        ) {
            self.id = id
            self.name = name
            self.timeZone = timeZone
            self.billNumberPrefix = billNumberPrefix
            self.checkURL = checkURL
            self.merchantName = merchantName
            self.nmid = nmid
        }

        /// The parts of a configured city.
        public init(_ city: City) {
            self.init(
                id: city.id, name: city.name, timeZone: city.timeZone, billNumberPrefix: city.billNumberPrefix,
                checkURL: city.checkURL, merchantName: city.merchant.name, nmid: city.merchant.nmid)
        }
    }

    public var bundleID: String
    public var city: CityInfo
    public var deviceID: Device.ID
    public var deviceCode: DeviceCode
    /// The zones the device may issue in.
    public var deviceZones: [String]
    public var attendant: String?
    /// The city's static QRIS, from which the handheld makes dynamic codes by the tree edit.
    public var staticQRIS: String
    /// Whether the acquirer pays merchant-made dynamic codes; when false the handheld prints the
    /// static QRIS and the payment is matched by amount and time.
    public var acceptsStaticBills: Bool
    /// The window in which the handheld may issue with this bundle.
    public var validFrom: Date
    public var validUntil: Date
    /// `offline.maxHours`: how long the handheld may stay offline issuing.
    public var maxHours: Int64
    /// `offline.maxTickets`: how many records it may queue.
    public var maxTickets: Int64
    /// How long an invoice stays payable, in seconds.
    public var invoiceLifetimeSeconds: Int64
    /// The device's last sequence when the bundle was made.
    public var lastSequence: Int64
    public var vehicleClasses: [VehicleClass]
    public var zones: [Zone]
    public var tariffs: TariffSchedule
    public var events: TariffEventCalendar
    /// The signing key's id (hex) and the signature (base64); empty until ``signed(with:)``.
    public var keyID: String
    public var signature: String

    /// Creates an unsigned bundle (`bundleId`, `keyId`, `signature` are set by ``signed(with:)``).
    public init(
        city: CityInfo, deviceID: Device.ID, deviceCode: DeviceCode, deviceZones: [String], attendant: String?,
        staticQRIS: String, acceptsStaticBills: Bool, validFrom: Date, validUntil: Date, maxHours: Int64,
        maxTickets: Int64, invoiceLifetimeSeconds: Int64, lastSequence: Int64, vehicleClasses: [VehicleClass],
        zones: [Zone], tariffs: TariffSchedule, events: TariffEventCalendar
    ) {
        self.bundleID = ""
        self.city = city
        self.deviceID = deviceID
        self.deviceCode = deviceCode
        self.deviceZones = deviceZones
        self.attendant = attendant
        self.staticQRIS = staticQRIS
        self.acceptsStaticBills = acceptsStaticBills
        self.validFrom = validFrom.ledgerRounded
        self.validUntil = validUntil.ledgerRounded
        self.maxHours = maxHours
        self.maxTickets = maxTickets
        self.invoiceLifetimeSeconds = invoiceLifetimeSeconds
        self.lastSequence = lastSequence
        self.vehicleClasses = vehicleClasses
        self.zones = zones
        self.tariffs = tariffs
        self.events = events
        self.keyID = ""
        self.signature = ""
    }

    /// An unsigned bundle for a device from the city's configuration.
    public init(
        configuration: CityConfiguration, device: Device, deviceCode: DeviceCode, acceptsStaticBills: Bool,
        validFrom: Date, validUntil: Date, maxHours: Int64, maxTickets: Int64, invoiceLifetimeSeconds: Int64
    ) {
        self.init(
            city: CityInfo(configuration.city), deviceID: device.id, deviceCode: deviceCode, deviceZones: device.zones,
            attendant: device.attendant, staticQRIS: configuration.city.merchant.staticQRIS,
            acceptsStaticBills: acceptsStaticBills, validFrom: validFrom, validUntil: validUntil, maxHours: maxHours,
            maxTickets: maxTickets, invoiceLifetimeSeconds: invoiceLifetimeSeconds, lastSequence: device.lastSequence,
            vehicleClasses: configuration.vehicleClasses, zones: configuration.zones, tariffs: configuration.tariffs,
            events: configuration.events)
    }

    /// The bundle signed with the city's receipt key: `keyId`, `bundleId` and `signature` set.
    public func signed(with key: ReceiptSigningKey) throws -> OfflineBundle {
        var copy = self
        copy.keyID = key.publicKey.keyID.description
        copy.bundleID = Array(SHA256.hash(data: try copy.members(withBundleID: false).bytes)).ledgerHex
        copy.signature = Data(try key.signature(for: try copy.signedBytes())).base64EncodedString()
        return copy
    }

    /// The bytes the signature covers: the canonical JSON without `signature`.
    public func signedBytes() throws -> [UInt8] { try members(withBundleID: true).bytes }

    /// The whole bundle, signature included: the body of `GET /api/v1/devices/me/bundle`.
    public func canonical() throws -> CanonicalJSON {
        guard case .object(var members) = try members(withBundleID: true) else { return .null }
        members["signature"] = .string(signature)
        return .object(members)
    }

    /// The evaluator the handheld prices with (the server's own, from the bundle's catalogue).
    public var evaluator: TariffEvaluator {
        TariffEvaluator(timeZone: city.timeZone, vehicleClasses: vehicleClasses, zones: zones, events: events)
    }

    /// Prices a stay exactly as the server does.
    public func quote(vehicleClass: VehicleClass.ID, zone: Zone.ID, entry: Date, exit: Date?) throws -> TariffQuote {
        try evaluator.quote(tariffs, vehicleClass: vehicleClass, zone: zone, entry: entry, exit: exit)
    }

    /// The QRIS payload the handheld prints for an offline bill: where the acquirer pays
    /// merchant-made dynamic codes (``acceptsStaticBills``), the city's static QRIS made dynamic by
    /// the tree edit (amount, bill number as tag 62-01 and reference label 62-05, the device id as
    /// terminal label 62-07, exactly as the server makes online ones); otherwise the static QRIS
    /// itself. The server makes the same payload at sync and refuses a record that printed another.
    public func qrisPayload(billNumber: BillNumber, amount: Rupiah) throws -> String {
        guard acceptsStaticBills else { return staticQRIS }
        return try QRISPayload.makeDynamic(
            fromStatic: staticQRIS, amount: amount.value, billNumber: billNumber.rawValue,
            referenceLabel: billNumber.rawValue, terminalLabel: deviceID.rawValue)
    }

    /// Whether `date` is inside the validity window.
    public func isValid(at date: Date) -> Bool { validFrom <= date && date <= validUntil }

    /// Whether the signature verifies with one of `ring`'s keys (the key named by `keyId`, not
    /// revoked at all).
    /// - Returns: nil when it verifies; otherwise what is wrong.
    public func signatureProblem(ring: ReceiptKeyRing) -> String? {
        guard let id = ReceiptKeyID(hex: keyID), let entry = ring.entry(for: id) else {
            return "the bundle is signed with key \(keyID), which is not in the key ring"
        }
        // A bundle looks forward (what a handheld may issue from now on), and its own `validFrom`
        // is the signer's word: a revoked key signs no bundle, whatever date the bundle states.
        if let revokedAt = entry.revokedAt {
            return "key \(keyID) was revoked at \(OfflineTime.format(revokedAt)): it signs no bundle"
        }
        guard let signature = Data(base64Encoded: signature), let bytes = try? signedBytes(),
            entry.publicKey.isValidSignature(Array(signature), for: bytes)
        else {
            return "the signature does not verify with key \(keyID): the bundle was altered or not signed by it"
        }
        return nil
    }
}

extension LedgerError.Code {
    /// A bundle is malformed, of an unknown version, or its signature does not verify.
    public static let invalidOfflineBundle = LedgerError.Code("offline.invalidBundle")
}
