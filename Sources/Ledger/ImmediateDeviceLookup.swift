/// An optional capability of a ``LedgerStore``: finding a device by its credential hash without
/// suspending, answered on the caller's thread.
///
/// The HTTP server checks the device on every authenticated request (a revocation must take
/// effect on the next one). It asks `store as? any ImmediateDeviceLookup` once: a store that
/// conforms (the SQLite store, one indexed read of a small table on a read-only connection of its
/// own) saves every request a hop to another thread and back; any other store is asked through
/// ``LedgerStore/device(credentialHash:)`` as usual. Conform only when the read is short enough
/// to run on an event-loop thread.
public protocol ImmediateDeviceLookup: Sendable {
    /// The device holding `credentialHash`, read now, or nil.
    /// - Throws: the store's error when the read fails.
    func deviceImmediately(credentialHash: String) throws -> Device?
}
