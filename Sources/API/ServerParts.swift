import Foundation
import Ledger
import Reconciliation

/// Everything ``buildApplication(settings:store:parts:logger:now:onMetricsListening:)`` wires
/// besides the store, loaded and checked from the settings.
///
/// `lunas serve` loads these before it opens the store, so a start refused here (a bad city
/// configuration, a demo-only acquirer profile, a receipt key readable by others) exits without
/// creating the ledger database.
public struct ServerParts: Sendable {
    /// The city configuration of ``ServerSettings/configDirectory``.
    public var configuration: CityConfiguration
    /// The acquirer link, when the configuration names an acquirer.
    public var acquirer: AcquirerLink?
    /// The receipt keys of the data directory or the database (the signing key created on first
    /// start), reloaded while the node runs.
    public var receiptKeys: ReceiptKeyReloader
    /// The data directory's lock (SQLite only): shared while the node runs, so that `lunas receipt-key
    /// rotate` refuses to rotate the files under it (``DataDirectoryLock``). Keep the parts as long as
    /// the server runs.
    public var dataDirectoryLock: DataDirectoryLock? = nil
    /// The receipt signing key now.
    public var signingKey: ReceiptSigningKey { receiptKeys.live.signing }
    /// Settlement uploads: the profiles of the configuration and the archive in the data directory.
    public var settlements: SettlementImporter
    /// The chart of accounts of `accounts.json` for the daily journal (nil when the file is absent:
    /// the journal route then answers 503 `journal.notConfigured`).
    public var accounts: ChartOfAccounts? = nil
    /// The working-day calendar of `holidays/` (weekends only when the folder is absent), for
    /// complaint deadlines.
    public var holidays = HolidayCalendar()

    /// Loads the configuration, the acquirer link, the receipt key and the settlement importer.
    ///
    /// The acquirer first: a profile refused at start (demo-only, unsafe notify scheme) leaves the
    /// data directory untouched.
    /// - Parameters:
    ///   - settings: the resolved settings.
    ///   - now: the clock the acquirer link uses.
    /// - Throws: `config.invalid` for a bad configuration, `config.demoOnly` for a demo-only acquirer
    ///   profile without ``ServerSettings/demo``, `settings.demoNotLoopback`, a refused receipt key,
    ///   `data.busy` while a receipt key rotation holds the data directory (SQLite).
    public static func load(
        settings: ServerSettings, now: @escaping @Sendable () -> Date = { Date() }, shared: SharedNodeState? = nil
    ) async throws -> ServerParts {
        try settings.checkDemoHost()
        let configuration = try CityConfiguration.load(from: URL(fileURLWithPath: settings.configDirectory))
        let dataDirectory = URL(fileURLWithPath: settings.dataDirectory)
        let acquirer = try await AcquirerLink.load(
            configDirectory: settings.configDirectory, dataDirectory: settings.dataDirectory,
            acquirerURL: settings.acquirerURL, demo: settings.demo, now: now, shared: shared)
        // On SQLite, before the key is read: a start while `lunas receipt-key rotate` holds the folder is refused.
        let lock = shared == nil ? try DataDirectoryLock.serving(dataDirectory) : nil
        PrivateFile.removeLeftovers(under: dataDirectory.path)
        let keys = try await ReceiptKeyReloader.load(
            store: shared?.receiptKeys ?? FileReceiptKeyStore(dataDirectory: dataDirectory),
            configured: configuration.receiptKeys)
        let settlements = try SettlementImporter(
            configDirectory: URL(fileURLWithPath: settings.configDirectory), dataDirectory: dataDirectory,
            merchant: configuration.city.merchant, maximumBytes: settings.maximumSettlementBytes,
            diskReserveBytes: Int64(settings.settlementDiskReserveBytes), shared: shared?.settlements)
        let accountsFile = URL(fileURLWithPath: settings.configDirectory).appendingPathComponent("accounts.json")
        let accounts = try FileManager.default.contents(atPath: accountsFile.path).map {
            try ChartOfAccounts(json: $0, context: accountsFile.path)
        }
        let holidayFolder = URL(fileURLWithPath: settings.configDirectory).appendingPathComponent("holidays")
        let holidays =
            FileManager.default.fileExists(atPath: holidayFolder.path)
            ? try HolidayCalendar.load(path: holidayFolder.path) : HolidayCalendar()
        return ServerParts(
            configuration: configuration, acquirer: acquirer, receiptKeys: keys, dataDirectoryLock: lock,
            settlements: settlements, accounts: accounts, holidays: holidays)
    }
}
