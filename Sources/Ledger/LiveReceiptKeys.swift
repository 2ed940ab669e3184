import Synchronization

/// The receipt keys a running node uses now: the key it signs with and the ring it verifies with,
/// replaced together when the city's keys rotate (`lunas receipt-key rotate`, issue #18).
///
/// One instance per node, shared by every signer and verifier of that node; each use reads the
/// current pair once, so a receipt is signed and labelled with one key even while a rotation is
/// being loaded. A `Mutex` guards the pair (a copy under the lock, no I/O inside it).
public final class LiveReceiptKeys: Sendable {
    /// The keys of one moment.
    public struct Keys: Sendable {
        /// The key new receipts are signed with.
        public var signing: ReceiptSigningKey
        /// Every key whose receipts verify: the city's configured ring and the store's keys.
        public var ring: ReceiptKeyRing
        /// How many keys the store held when these were read (the store's ring only grows, so a read
        /// with fewer keys is older than one already in place and never replaces it).
        public var storedKeys: Int

        /// The keys of one moment.
        public init(signing: ReceiptSigningKey, ring: ReceiptKeyRing, storedKeys: Int) {
            self.signing = signing
            self.ring = ring
            self.storedKeys = storedKeys
        }
    }

    private let current: Mutex<Keys>

    /// Keys that start as `keys`.
    public init(_ keys: Keys) {
        current = Mutex(keys)
    }

    /// Keys that sign with `signing` and verify with it alone (labelled
    /// ``ReceiptKeyRing/signingLabel``), for a signer that never rotates.
    public convenience init(signing: ReceiptSigningKey) {
        self.init(Keys(signing: signing, ring: .signing(signing), storedKeys: 1))
    }

    /// The keys now.
    public var keys: Keys { current.withLock { $0 } }

    /// The key new receipts are signed with now.
    public var signing: ReceiptSigningKey { current.withLock { $0.signing } }

    /// The ring receipts are verified with now.
    public var ring: ReceiptKeyRing { current.withLock { $0.ring } }

    /// Puts `keys` in place unless the keys in place were read from a store holding more keys.
    /// - Returns: whether `keys` are now in place.
    @discardableResult
    public func replace(with keys: Keys) -> Bool {
        current.withLock { now in
            guard keys.storedKeys >= now.storedKeys else { return false }
            now = keys
            return true
        }
    }
}
