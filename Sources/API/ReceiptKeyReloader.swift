import Foundation
import Ledger
import Logging
import Synchronization

/// Keeps a running node's receipt keys (``Ledger/LiveReceiptKeys``) in step with its
/// ``Ledger/ReceiptKeyStore``, so a key rotated through `lunas receipt-key rotate` (or through another
/// node) signs this node's next receipt and verifies here without a restart (issue #18).
///
/// Two ways a rotation reaches a node:
/// - ``follow(_:logger:)``: on PostgreSQL, a rotation sends `pg_notify` on the receipt key channel
///   (`PostgresReceiptKeyStore.channel`) in its transaction; the node's listener turns it into a
///   wake-up of a ``Ledger/LedgerChangeSignal``, and the node reloads (also once each time the
///   listener connects again, since a notification sent meanwhile was lost).
/// - ``verify(_:)``: a code signed by a key this node does not know reloads the ring, at most once
///   per ``unknownKeyInterval`` whatever the codes: `GET /public/receipts/{code}` is public, and
///   random key ids must not cost one database query each.
///
/// The verifier's ring is the city's configured ring (`Config/receipt-keys.json`, whose entries win:
/// they may carry `revokedAt`) followed by the store's keys it does not list.
public final class ReceiptKeyReloader: Sendable {
    /// The node's keys, read by its signers and verifier.
    public let live: LiveReceiptKeys
    /// The ring of `Config/receipt-keys.json`.
    let configured: ReceiptKeyRing
    /// Where the keys are kept; nil for keys that never change (tests, benchmarks).
    let store: (any ReceiptKeyStore)?
    /// The shortest time between two reloads caused by unknown key ids.
    public let unknownKeyInterval: Duration
    private let lastUnknownReload = Mutex<ContinuousClock.Instant?>(nil)
    private let reloadCount = Atomic<Int>(0)

    /// Keys that are never reloaded: `signing` and the configured ring.
    // Everything that throws runs before the designated init: Swift 6.3.1's optimiser crashes
    // ("Found ownership error", CopyPropagation) on a throwing init of a class holding an `Atomic`.
    public convenience init(fixed signing: ReceiptSigningKey, configured: ReceiptKeyRing) throws {
        let ring = try Self.merged(configured: configured, stored: .signing(signing))
        self.init(
            live: LiveReceiptKeys(.init(signing: signing, ring: ring, storedKeys: 1)), configured: configured,
            store: nil, unknownKeyInterval: .seconds(10))
    }

    private init(
        live: LiveReceiptKeys, configured: ReceiptKeyRing, store: (any ReceiptKeyStore)?, unknownKeyInterval: Duration
    ) {
        self.live = live
        self.configured = configured
        self.store = store
        self.unknownKeyInterval = unknownKeyInterval
    }

    /// Reads the keys of `store` (creating the signing key on a first start) for a node.
    /// - Parameters:
    ///   - store: the data directory's files or the database's table.
    ///   - configured: the city's `Config/receipt-keys.json` ring.
    ///   - unknownKeyInterval: the shortest time between two reloads caused by unknown key ids.
    /// - Throws: the store's errors; `receipt.duplicateKey` never (the configured entries win).
    public static func load(
        store: any ReceiptKeyStore, configured: ReceiptKeyRing, unknownKeyInterval: Duration = .seconds(10)
    ) async throws -> ReceiptKeyReloader {
        let keys = try await read(store, configured: configured)
        return ReceiptKeyReloader(
            live: LiveReceiptKeys(keys), configured: configured, store: store, unknownKeyInterval: unknownKeyInterval)
    }

    /// How many times the keys were read from the store since start-up (for tests and logs).
    public var reloads: Int { reloadCount.load(ordering: .relaxed) }

    /// Reads the store's keys and puts them in place (a read older than the keys in place is dropped).
    public func reload() async throws {
        guard let store else { return }
        reloadCount.add(1, ordering: .relaxed)
        live.replace(with: try await Self.read(store, configured: configured))
    }

    /// Reloads each time `signal` moves, until the calling task is cancelled; a failed reload is
    /// logged and tried again on the next signal.
    public func follow(_ signal: any LedgerChangeSignal, logger: Logger) async {
        var seen = signal.generation
        while !Task.isCancelled {
            await signal.wait(after: seen, until: .now.advanced(by: .seconds(3600)))
            if Task.isCancelled { return }
            seen = signal.generation
            let before = live.signing.publicKey.keyID
            do {
                try await reload()
                let now = live.signing.publicKey.keyID
                if now != before {
                    logger.info("receipt key rotated", metadata: ["receiptKeyID": "\(now)", "retired": "\(before)"])
                }
            } catch {
                logger.warning("reloading the receipt keys failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Verifies a receipt code with the ring now; a code signed by a key the ring lacks reloads the
    /// ring first, when no such reload ran within ``unknownKeyInterval``.
    /// - Throws: ``Ledger/ReceiptVerifier/verify(_:issuedAt:)``'s errors; the store's when a reload fails.
    public func verify(_ code: String) async throws -> VerifiedReceipt {
        do {
            return try ReceiptVerifier(keyRing: live.ring).verify(code)
        } catch let error as LedgerError where error.code == .unknownReceiptKey && mayReloadForUnknownKey() {
            try await reload()
            return try ReceiptVerifier(keyRing: live.ring).verify(code)
        }
    }

    /// Whether an unknown key id may reload now (and, if so, the interval starts again).
    private func mayReloadForUnknownKey() -> Bool {
        guard store != nil else { return false }
        let now = ContinuousClock.now
        return lastUnknownReload.withLock { last in
            if let last, now < last.advanced(by: unknownKeyInterval) { return false }
            last = now
            return true
        }
    }

    private static func read(
        _ store: any ReceiptKeyStore, configured: ReceiptKeyRing
    ) async throws
        -> LiveReceiptKeys.Keys
    {
        var signing = try await store.signingKey()
        var stored = try await store.ring()
        // A rotation committed between the two reads: read both again (the store signs with its
        // ring's last key).
        for _ in 0..<3 where stored.keys.last?.keyID != signing.publicKey.keyID {
            signing = try await store.signingKey()
            stored = try await store.ring()
        }
        return .init(
            signing: signing, ring: try merged(configured: configured, stored: stored), storedKeys: stored.keys.count)
    }

    /// The configured ring, then every stored key it does not list.
    static func merged(configured: ReceiptKeyRing, stored: ReceiptKeyRing) throws -> ReceiptKeyRing {
        try ReceiptKeyRing(
            keys: configured.keys + stored.keys.filter { configured.entry(for: $0.keyID) == nil })
    }
}
