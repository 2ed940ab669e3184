/// Finds what an idempotency key created, so that an HTTP layer can answer a repeated request with
/// the first response before it builds a new draft.
///
/// A store's create methods compare a repeated key's request fingerprint. A caller that builds a
/// fresh draft (a new bill number, a new receipt code, the current time) for every attempt gives
/// the fingerprint of its *request* with the draft (`requestHash`, see ``IdempotencyFingerprint``),
/// so that a true repeat is answered with the first result; when a repeat fails another way (the
/// tariff took the other path since), the record found here says what the key created and with
/// which fingerprint.
public protocol IdempotencyLookup: Sendable {
    /// The record of `key`, or nil when the key was never used.
    func idempotencyRecord(key: String) async throws -> IdempotencyRecord?
}
