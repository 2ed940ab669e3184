import Foundation
import Ledger

/// The server side of offline issuance (issue 16, `docs/offline.md`): a handheld registers its key,
/// downloads a signed bundle, and syncs the records it made offline; every record is checked and
/// recorded (or refused) with its own times and `source: offline`.
public struct OfflineDesk: Sendable {
    /// The limits of `offline.*` settings.
    public struct Limits: Sendable, Hashable {
        public var maxHours: Int
        public var maxTickets: Int
        public var maxClockSkewMinutes: Int
        public var bundleValidityHours: Int

        /// Creates limits; the defaults are the settings' defaults.
        public init(
            maxHours: Int = 12, maxTickets: Int = 500, maxClockSkewMinutes: Int = 10, bundleValidityHours: Int = 24
        ) {
            self.maxHours = maxHours
            self.maxTickets = maxTickets
            self.maxClockSkewMinutes = maxClockSkewMinutes
            self.bundleValidityHours = bundleValidityHours
        }
    }

    let configuration: CityConfiguration
    let store: any LedgerStore
    /// Signs bundles and offline receipts with the city's receipt key now.
    let signer: ReceiptSigner
    let invoiceLifetime: TimeInterval
    let now: @Sendable () -> Date
    /// The last bundle recorded per device (a repeated download within minutes writes nothing).
    let memo = OfflineBundleMemo()
    /// The `offline.*` settings.
    public var limits: Limits
    /// The acquirer profile's `acceptsStaticBills`: whether merchant-made dynamic codes are paid.
    public var acceptsStaticBills: Bool

    /// Creates the desk.
    public init(
        configuration: CityConfiguration, store: any LedgerStore, signer: ReceiptSigner,
        invoiceLifetime: TimeInterval, limits: Limits = Limits(), acceptsStaticBills: Bool = false,
        now: @escaping @Sendable () -> Date
    ) {
        self.configuration = configuration
        self.store = store
        self.signer = signer
        self.invoiceLifetime = invoiceLifetime
        self.limits = limits
        self.acceptsStaticBills = acceptsStaticBills
        self.now = now
    }

    /// Registers the device's public key (base64 of 32 bytes) once.
    /// - Returns: the device, and whether this call registered the key (false: the same key again).
    /// - Throws: `device.invalidKey` (400), `device.keyAlreadyRegistered` (409), device errors.
    public func registerKey(device: Device, publicKey text: String) async throws -> (device: Device, isNew: Bool) {
        let key = try DevicePublicKey(base64: text)
        let before = try await store.device(id: device.id)
        let updated = try await store.registerDeviceKey(device.id, publicKey: key, actor: .device(device.id), at: now())
        return (updated, before?.publicKey == nil)
    }

    /// A signed bundle for the device, valid from now for `offline.bundleValidityHours`; the
    /// download is recorded (`offline.bundleIssued`) so that sync can check records against its window.
    /// - Throws: `device.noKey` (409) before the device registered its key.
    public func bundle(for device: Device) async throws -> OfflineBundle {
        guard let current = try await store.device(id: device.id), let code = current.code, current.publicKey != nil
        else {
            throw LedgerError(
                .deviceKeyMissing, "device \(device.id) must register its key (POST /api/v1/devices/me/key) first",
                field: "publicKey")
        }
        let at = now().ledgerRounded
        let (reused, recordedID) = await memo.validFrom(for: device.id, now: at)
        func build(from: Date) throws -> OfflineBundle {
            try OfflineBundle(
                configuration: configuration, device: current, deviceCode: code, acceptsStaticBills: acceptsStaticBills,
                validFrom: from, validUntil: from.addingTimeInterval(TimeInterval(limits.bundleValidityHours * 3600)),
                maxHours: Int64(limits.maxHours), maxTickets: Int64(limits.maxTickets),
                invoiceLifetimeSeconds: Int64(invoiceLifetime)
            ).signed(with: signer.key)
        }
        if recordedID != nil {
            // The same content and window as the bundle last recorded: its event is already there.
            let again = try build(from: reused)
            if again.bundleID == recordedID { return again }
        }
        let bundle = try build(from: at)
        try await store.recordBundleIssued(
            device.id, bundleID: bundle.bundleID, validFrom: bundle.validFrom, validUntil: bundle.validUntil,
            actor: .device(device.id), at: at)
        await memo.recorded(bundle.bundleID, validFrom: at, for: device.id)
        return bundle
    }
}
