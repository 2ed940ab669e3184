import Foundation
import Ledger
import NIOCore

/// Sync: the attendant set offline, the queued offline records in order and in batches, and the
/// offline bundle.
extension Handheld {
    /// How many records one `POST /api/v1/devices/me/offline-tickets` carries.
    public static let syncBatchSize = 50
    /// How long one sync batch may take (the server verifies and records every record).
    static let syncBatchLimit: TimeAmount = .seconds(30)

    /// What one sync sent.
    public struct SyncTally: Sendable, Hashable {
        /// Records sent and answered, by result.
        public var results: [LocalAction.SyncState: Int] = [:]
        /// Whether the bundle was downloaded again.
        public var bundleRefreshed = false
    }

    /// `sync`: sends everything waiting and downloads the bundle again.
    ///
    /// - Throws: ``HandheldError/Code/unreachable`` when the server does not answer (nothing is lost:
    ///   the queue stays as it was, every stored result stays stored).
    public func sync(batchSize: Int = syncBatchSize) async throws -> HandheldOutput {
        let client = try await client()
        let tally: SyncTally
        do {
            tally = try await syncPending(client, refreshBundle: true, batchSize: batchSize)
        } catch let unreachable as ServerClient.Unreachable {
            try await markOffline()
            throw HandheldError(
                .unreachable, "the server did not answer: \(unreachable); the queue is kept",
                indonesian: "Server tidak menjawab; antrean tetap tersimpan dan dikirim nanti", cause: unreachable)
        }
        let queued = try await queue.queuedCount()
        var lines = [say("Sinkron selesai.", "Sync done.")]
        for state in LocalAction.SyncState.allCases where state != .queued {
            guard let count = tally.results[state], count > 0 else { continue }
            lines.append("\(Self.stateName(state, language)): \(count)")
        }
        lines.append(say("Antrean: ", "Queued: ") + "\(queued)")
        if tally.bundleRefreshed { lines.append(say("Paket luring diperbarui.", "Offline bundle refreshed.")) }
        var results: [String: CanonicalJSON] = [:]
        for (state, count) in tally.results { results[state.rawValue] = .int(Int64(count)) }
        return HandheldOutput(
            lines: lines,
            json: [
                "results": .object(results), "queued": .int(Int64(queued)),
                "bundleRefreshed": .bool(tally.bundleRefreshed),
            ])
    }

    static func stateName(_ state: LocalAction.SyncState, _ language: HandheldLanguage) -> String {
        switch state {
        case .queued: language.pick("Menunggu", "Queued")
        case .recorded: language.pick("Tercatat", "Recorded")
        case .duplicate: language.pick("Sudah tercatat", "Already recorded")
        case .refused: language.pick("Ditolak", "Refused")
        case .exception: language.pick("Tercatat dengan pengecualian", "Recorded with an exception")
        }
    }

    /// Sends what waits (the attendant, the records) and, when asked or when records went, the
    /// bundle. Throws ``ServerClient/Unreachable`` as soon as the server does not answer; every
    /// batch result already stored stays stored.
    @discardableResult
    func syncPending(
        _ client: ServerClient, refreshBundle: Bool = false, batchSize: Int = syncBatchSize
    ) async throws -> SyncTally {
        var tally = SyncTally()
        if let attendant = try await queue.meta(.pendingAttendant) {
            let answer = try await client.send(.PUT, "/api/v1/devices/me/attendant", json: ["attendant": attendant])
            // Sent once: a refusal is not retried for ever (the name stays printed on this
            // handheld's tickets), and the server answered, so the handheld is online.
            _ = answer
            try await queue.setMeta([.pendingAttendant: nil, .offlineSince: nil])
        }
        var sent = false
        while true {
            let batch = try await queue.queued(limit: max(1, batchSize))
            guard !batch.isEmpty else { break }
            let updates = try await sendBatch(batch, client: client)
            try await queue.storeResults(updates)
            for update in updates { tally.results[update.state, default: 0] += 1 }
            sent = true
            // A batch the server answered only in part: the rest waits for the next sync.
            if updates.count < batch.count { break }
        }
        var contacted = sent
        let stale = try await bundleNeedsRefresh()
        if refreshBundle || sent || stale {
            tally.bundleRefreshed = try await self.refreshBundle(client)
            contacted = true
        }
        // "Last sync" is when records went or the bundle came; a command with nothing to send
        // sends nothing and changes neither.
        if contacted { try await queue.setMeta([.lastSyncAt: String(now().ledgerMilliseconds), .offlineSince: nil]) }
        return tally
    }

    /// Sends one batch and reads its results.
    func sendBatch(_ batch: [LocalAction], client: ServerClient) async throws -> [SyncResultUpdate] {
        var body = Array(#"{"deviceClock":"#.utf8)
        body += CanonicalJSON.string(Self.timeText(now())).bytes
        body += Array(#","records":["#.utf8)
        for (index, action) in batch.enumerated() {
            if index > 0 { body.append(UInt8(ascii: ",")) }
            body += Array((action.record ?? "null").utf8)
        }
        body += Array("]}".utf8)
        let answer = try await client.send(
            .POST, "/api/v1/devices/me/offline-tickets", jsonBytes: body, limit: Self.syncBatchLimit)
        guard answer.isSuccess else {
            throw refusal(answer, doing: "the offline records", "kiriman karcis luring")
        }
        let results = answer.json?["results"] as? [[String: Any]] ?? []
        var updates: [SyncResultUpdate] = []
        for result in results {
            guard let index = ServerTicket.integer(result["index"]).map(Int.init), batch.indices.contains(index),
                let status = result["status"] as? String, let state = LocalAction.SyncState(rawValue: status),
                state != .queued
            else { continue }
            let action = batch[index]
            if let key = result["idempotencyKey"] as? String, key != action.idempotencyKey { continue }
            let json = (try? JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])) ?? Data()
            updates.append(
                SyncResultUpdate(
                    actionID: action.id, ticketLocalID: action.ticketLocalID, state: state,
                    resultJSON: String(decoding: json, as: UTF8.self), ticketID: result["ticketId"] as? String,
                    invoiceID: result["invoiceId"] as? String))
        }
        return updates
    }
}
