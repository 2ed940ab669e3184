import Crypto
import Foundation
import Ledger

/// Where the verified notifies of the clock-skew window are remembered, so a captured header pair
/// or X-EXTERNAL-ID cannot be used twice (``NotifyReplayCache`` on one node's disk; the PostgreSQL
/// ledger's `node_notify_replays` table when several nodes share one database, issue #18).
///
/// Every implementation keeps the same keys for the same window (``NotifyReplayKeys``) and answers
/// a claim the same way: a key claimed within the window by a notify with another body refuses the
/// claim and remembers nothing; the same body again is no replay.
public protocol NotifyReplayStore: Sendable {
    /// Claims a verified notify's header pair and X-EXTERNAL-ID: remembers both (durably, before
    /// returning) unless either was claimed within the window by a notify with another body.
    /// - Parameters:
    ///   - timestamp: the X-TIMESTAMP as sent, and the instant it names.
    ///   - signature: the X-SIGNATURE as sent.
    ///   - partnerID: the X-PARTNER-ID (or empty).
    ///   - externalID: the X-EXTERNAL-ID, when sent.
    ///   - body: the SHA-256 (hex) of the notify body.
    ///   - now: the receiver's clock.
    /// - Throws: ``AcquirerError`` `notifyReplay.storeUnavailable` when the claim cannot be persisted
    ///   (then nothing is remembered).
    func claim(
        timestamp: SNAPTimestamp, signature: String, partnerID: String, externalID: String?, body: String, now: Date
    ) async throws(AcquirerError) -> NotifyReplayClaim
}

/// What a notify replay claim found.
public enum NotifyReplayClaim: Sendable, Hashable {
    /// Neither was claimed by another body: both are now remembered.
    case fresh
    /// The (X-TIMESTAMP, X-SIGNATURE) pair was used before.
    case replayedSignature
    /// The partner used this X-EXTERNAL-ID before.
    case duplicateExternalID
}

/// The keys one notify claims and until when, the same for every ``NotifyReplayStore``.
///
/// The pair key is SHA-256 of the X-TIMESTAMP as sent and the bytes the X-SIGNATURE decodes to (so
/// another spelling of the same base64 is the same signature); the X-EXTERNAL-ID key SHA-256 of the
/// partner and the id. Only these hashes are stored. A claim is remembered until
/// `max(X-TIMESTAMP, now) + window + 1 s`, after which the skew check refuses the pair anyway.
public struct NotifyReplayKeys: Sendable, Hashable {
    /// The keys in the order they are checked, each with what a conflict on it means.
    public var keys: [(key: String, ifTaken: NotifyReplayClaim)] {
        zip(hashes, conflicts).map { ($0, $1) }
    }
    private var hashes: [String]
    private var conflicts: [NotifyReplayClaim]
    /// Until when a claim made now is remembered, in milliseconds since 1970.
    public var until: Int64
    /// The receiver's clock, in milliseconds since 1970 (a key remembered until then or earlier has expired).
    public var now: Int64

    /// The keys of one notify.
    /// - Parameter window: the profile's clock skew, in seconds.
    public init(
        timestamp: SNAPTimestamp, signature: String, partnerID: String, externalID: String?, now: Date,
        window: TimeInterval
    ) {
        let signatureBytes = Data(base64Encoded: signature).map { Array($0) } ?? Array(signature.utf8)
        hashes = [Self.key("signature", timestamp.text, signatureBytes.ledgerHex)]
        conflicts = [.replayedSignature]
        if let externalID {
            hashes.append(Self.key("external-id", partnerID, externalID))
            conflicts.append(.duplicateExternalID)
        }
        self.now = Self.milliseconds(now)
        until = Self.milliseconds(max(timestamp.date, now).addingTimeInterval(window)) + 1_000
    }

    static func key(_ kind: String, _ first: String, _ second: String) -> String {
        SHA256.hash(data: Array("\(kind)\u{1F}\(first)\u{1F}\(second)".utf8)).ledgerHex
    }

    /// Milliseconds since 1970, rounded down.
    public static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}
