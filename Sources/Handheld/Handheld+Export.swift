import Foundation
import Ledger

/// Export: the queue as the body the next sync would send, for an administrator to bring to the
/// server when the handheld cannot sync itself (revoked, broken, or out of reach of the network).
extension Handheld {
    /// The body of `POST /api/v1/devices/{id}/offline-tickets` (and of the device's own sync) for
    /// every record still queued, in order: `{"deviceClock": "…", "records": [ … ]}`, the records
    /// exactly as signed.
    public func exportBody() async throws -> (body: [UInt8], count: Int) {
        let count = try await queue.queuedCount()
        let actions = try await queue.queued(limit: max(1, count))
        var body = Array(#"{"deviceClock":"#.utf8)
        body += CanonicalJSON.string(Self.timeText(now())).bytes
        body += Array(#","records":["#.utf8)
        var written = 0
        for action in actions {
            guard let record = action.record else { continue }
            if written > 0 { body.append(UInt8(ascii: ",")) }
            body += Array(record.utf8)
            written += 1
        }
        body += Array("]}".utf8)
        return (body, written)
    }

    /// `export [--output FILE]`: writes ``exportBody()`` to `output` (replaced atomically, readable
    /// by its owner only under the command's umask), or prints it when `output` is nil. The queue
    /// is not changed: records exported and brought by an administrator are answered `duplicate`
    /// if the handheld later syncs them itself.
    /// - Throws: ``HandheldError/Code/state`` when the file cannot be written.
    public func export(to output: String?) async throws -> HandheldOutput {
        let (body, count) = try await exportBody()
        guard let output else {
            let text = String(decoding: body, as: UTF8.self)
            var members: [String: CanonicalJSON] = [:]
            if case .object(let parsed)? = try? CanonicalJSON.parse(text) { members = parsed }
            return HandheldOutput(lines: [text], json: members)
        }
        do {
            try Data(body).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw HandheldError(
                .state, "cannot write \(output): \(error.localizedDescription)",
                indonesian: "Tidak dapat menulis \(output): \(error.localizedDescription)", field: "output")
        }
        let device = try await queue.meta(.deviceID) ?? "DEVICE_ID"
        return HandheldOutput(
            lines: [
                say(
                    "Antrean diekspor: \(count) catatan ke \(output).", "Queue exported: \(count) records to \(output)."
                ),
                say("Administrator mengirimnya dengan:", "An administrator sends it with:")
                    + " curl -H 'Authorization: Bearer ADMIN_TOKEN' -H 'Content-Type: application/json'"
                    + " --data-binary @\(output) SERVER/api/v1/devices/\(device)/offline-tickets",
            ],
            json: ["exported": .int(Int64(count)), "output": .string(output), "deviceId": .string(device)])
    }
}
