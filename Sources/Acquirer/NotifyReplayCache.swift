import Foundation
import Ledger

/// The notifies received within the clock-skew window, so a captured header pair cannot be used
/// twice: the (X-TIMESTAMP, X-SIGNATURE) pair and the (X-PARTNER-ID, X-EXTERNAL-ID) of every
/// verified `rsa-client-timestamp` notify.
///
/// That scheme signs `clientId|X-TIMESTAMP` and no byte of the body (SNAP QRIS MPM Notify, NICEPAY
/// style): a header pair seen once would otherwise pay any other bill until its timestamp leaves
/// the skew window. A pair stays remembered until then (X-TIMESTAMP + skew; the skew check refuses
/// it afterwards anyway); an X-EXTERNAL-ID for the same window from the time it was received.
///
/// Persisted like the X-EXTERNAL-ID store (``FileExternalIDStore``): an append-only
/// ``JSONLinesFile`` (mode 0600), one line per claimed notify, fsynced before the notify is
/// processed, so a restart does not reopen the window. Keys are stored as SHA-256 (hex) only. On
/// open, expired lines are dropped and, when they are most of the file, it is rewritten
/// atomically; a torn last line is ignored with a warning, a damaged complete line refuses to open.
public actor NotifyReplayCache: NotifyReplayStore {
    /// What a claim found.
    public typealias Claim = NotifyReplayClaim

    /// One line of the file.
    struct Line: Codable, Sendable {
        /// SHA-256 (hex) of each remembered key.
        var keys: [String]
        /// Until when they are remembered, in milliseconds since 1970.
        var until: Int64
        /// SHA-256 (hex) of the body that claimed them (absent in lines of the first version: such a
        /// claim conflicts with any body).
        var body: String?
    }

    /// A remembered key: until when, and the body that claimed it.
    private struct Entry: Sendable {
        var until: Int64
        var body: String?
    }

    private let path: String
    private let window: TimeInterval
    private let warn: @Sendable (JSONLinesFile.TornLine) -> Void
    private var seen: [String: Entry] = [:]
    private var claimsSincePrune = 0

    /// Opens (or creates, mode 0600) the cache at `path`.
    /// - Parameters:
    ///   - window: the profile's clock skew, in seconds.
    ///   - now: the clock at opening; expired lines are dropped.
    ///   - warn: receives a torn last line that is ignored (default: a warning on standard error).
    /// - Throws: ``AcquirerError`` `notifyReplay.storeDamaged` naming the line, or
    ///   `notifyReplay.storeUnavailable`.
    public init(
        path: String, window: TimeInterval, now: Date,
        warn: @escaping @Sendable (JSONLinesFile.TornLine) -> Void = JSONLinesFile.standardErrorWarning
    ) throws(AcquirerError) {
        self.path = path
        self.window = window
        self.warn = warn
        let contents: JSONLinesFile.Contents?
        do {
            contents = try JSONLinesFile.read(path: path, warn: warn)
            // Narrowed whenever opened: a file left with looser modes by hand or an older version.
            try PrivateFile.restrict(path)
        } catch {
            throw AcquirerError(.notifyReplayStoreUnavailable, "cannot open notify replay cache \(path)", cause: error)
        }
        let cutoff = NotifyReplayKeys.milliseconds(now)
        var live: [Line] = []
        var total = 0
        for (number, bytes) in contents?.lines ?? [] {
            total += 1
            let line: Line
            do {
                line = try JSONDecoder().decode(Line.self, from: Data(bytes))
            } catch {
                throw AcquirerError(
                    .notifyReplayStoreDamaged, "\(path) line \(number) is not a notify replay record", cause: error)
            }
            guard line.until > cutoff else { continue }
            live.append(line)
            for key in line.keys where line.until > seen[key]?.until ?? 0 {
                seen[key] = Entry(until: line.until, body: line.body)
            }
        }
        if total - live.count > 1_000, live.count < total / 2 {
            do {
                try PrivateFile.writeAtomically(live.flatMap { Self.encode($0) + [0x0A] }, to: path)
            } catch {
                throw AcquirerError(
                    .notifyReplayStoreUnavailable, "cannot compact notify replay cache \(path)", cause: error)
            }
        }
    }

    /// Claims a verified notify's header pair and X-EXTERNAL-ID: remembers both (durably, before
    /// returning) unless either was claimed within the window by a notify with another body.
    ///
    /// The same body again (the acquirer re-sending a notify whose answer it did not get, or after a
    /// 500) is no replay: it goes on to the ledger, whose (bill number, RRN) idempotency answers it.
    /// The signature is compared as the bytes it decodes to, so another spelling of the same base64
    /// (padding, unused bits) is the same signature.
    /// - Parameters:
    ///   - timestamp: the X-TIMESTAMP as sent, and the instant it names.
    ///   - signature: the X-SIGNATURE as sent.
    ///   - partnerID: the X-PARTNER-ID (or empty).
    ///   - externalID: the X-EXTERNAL-ID, when sent.
    ///   - body: the SHA-256 (hex) of the notify body.
    ///   - now: the receiver's clock.
    /// - Throws: ``AcquirerError`` `notifyReplay.storeUnavailable` when the claim cannot be persisted
    ///   (then nothing is remembered).
    public func claim(
        timestamp: SNAPTimestamp, signature: String, partnerID: String, externalID: String?, body: String, now: Date
    ) throws(AcquirerError) -> Claim {
        let claimed = NotifyReplayKeys(
            timestamp: timestamp, signature: signature, partnerID: partnerID, externalID: externalID, now: now,
            window: window)
        let current = claimed.now
        var new: [String] = []
        for (key, ifTaken) in claimed.keys {
            guard let entry = seen[key], entry.until > current else {
                new.append(key)
                continue
            }
            if entry.body != body { return ifTaken }
        }
        guard !new.isEmpty else { return .fresh }
        let until = claimed.until
        do {
            try JSONLinesFile.append(Self.encode(Line(keys: new, until: until, body: body)), to: path, warn: warn)
        } catch {
            throw AcquirerError(
                .notifyReplayStoreUnavailable, "cannot persist a notify claim to \(path)", cause: error)
        }
        for key in new { seen[key] = Entry(until: until, body: body) }
        claimsSincePrune += 1
        if claimsSincePrune >= 1_024 {
            claimsSincePrune = 0
            seen = seen.filter { $0.value.until > current }
        }
        return .fresh
    }

    static func encode(_ line: Line) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(line)) ?? Data())
    }
}

extension AcquirerError.Code {
    /// The notify replay cache has a line that does not parse.
    public static let notifyReplayStoreDamaged = Self("notifyReplay.storeDamaged")
    /// The notify replay cache cannot be read or written.
    public static let notifyReplayStoreUnavailable = Self("notifyReplay.storeUnavailable")
}
