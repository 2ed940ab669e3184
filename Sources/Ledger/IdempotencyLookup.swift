/// Finds what an idempotency key created, so that an HTTP layer can answer a repeated request with
/// the first response before it builds a new draft.
///
/// A store's create methods compare a repeated key's request fingerprint; a caller that builds a
/// fresh draft (a new bill number, a new receipt code, the current time) for every attempt would
/// get `idempotency.keyReused`. Looking the key up first avoids that.
public protocol IdempotencyLookup: Sendable {
    /// The record of `key`, or nil when the key was never used.
    func idempotencyRecord(key: String) async throws -> IdempotencyRecord?
}
