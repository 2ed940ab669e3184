import Foundation
import Handheld
import Ledger
import LunasTestSupport
import Testing

/// What the end-to-end test checks once both handhelds have synced.
extension E2EWorld {
    /// Every ticket in the ledger once, device sequences continuous, the paid ones paid.
    func checkLedger(handhelds: [HandheldTerminal], tokens: [String], paid: Set<String>) async throws {
        var serverIDs: [String] = []
        let devices = try await ChildProcess.run(TestExecutable.lunas(), ["device", "list", "--data-dir", data.path])
        for (handheld, token) in zip(handhelds, tokens) {
            let queue = try LocalQueue.open(path: handheld.stateDirectory.appendingPathComponent("queue.sqlite").path)
            let actions = try await queue.actions(shiftID: nil)
            let offline = actions.filter(\.offline)
            #expect(offline.count > 90)
            for action in offline {
                #expect(
                    [.recorded, .duplicate, .exception].contains(action.syncState),
                    "\(handheld.name) \(action.operation) \(action.idempotencyKey): \(action.syncResult ?? "-")")
            }
            // Sequences: every one from 1 to the last, once, and the server's last the same.
            let sequences = actions.compactMap(\.sequence).sorted()
            let last = try #require(sequences.last)
            #expect(sequences == Array(1...last), "\(handheld.name): \(sequences)")
            let deviceID = try #require(try await queue.meta(.deviceID))
            let row = try #require(devices.stdoutText.split(separator: "\n").first { $0.hasPrefix(deviceID + "\t") })
            #expect(row.contains("seq \(last)\t"), "\(row) vs \(last)")
            // The attendant of `shift start` reached the server (`PUT /api/v1/devices/me/attendant`).
            let attendant = try #require(try await queue.meta(.attendant))
            #expect(row.hasSuffix("\t" + attendant), "\(row)")
            for id in Set(actions.map(\.ticketLocalID)) {
                let ticket = try #require(try await queue.ticket(id))
                let serverID = try #require(ticket.serverID, "\(handheld.name) ticket \(id) unknown to the server")
                serverIDs.append(serverID)
                let (status, answer) = try await request(
                    "GET", "\(serverURL)/api/v1/parking/tickets/\(serverID)", token: token)
                #expect(status == 200, "\(serverID): \(answer)")
                #expect((answer["ticket"] as? [String: Any])?["plate"] as? String == ticket.plate)
                guard let qris = ticket.qrisPayload, paid.contains(qris) else { continue }
                let invoice = try #require(ticket.invoiceID, "\(id) was paid but has no invoice id")
                let (_, shown) = try await request("GET", "\(serverURL)/api/v1/invoices/\(invoice)", token: token)
                #expect((shown["invoice"] as? [String: Any])?["status"] as? String == "paid", "\(shown)")
            }
        }
        #expect(Set(serverIDs).count == serverIDs.count, "a ticket recorded twice")
        let expected: Int = 2 * (50 + 2) + 1  // 2 online and 50 offline on each, 1 more online on hh2
        #expect(serverIDs.count == expected)
    }

    /// A record with a wrong signature is refused and recorded as an exception; nothing else changes.
    func forgeOne(handheld: HandheldTerminal, token: String) async throws {
        let queue = try LocalQueue.open(path: handheld.stateDirectory.appendingPathComponent("queue.sqlite").path)
        let genuine = try #require(try await queue.actions(shiftID: nil).first { $0.operation == .issue && $0.offline })
        let text = try #require(genuine.record)
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        var record = try #require(parsed)
        // Another key and another plate under the genuine record's signature: the signature no longer fits.
        record["idempotencyKey"] = "forged-\(UUID().uuidString)"
        record["plate"] = "DE9999ZZ"
        let body = try JSONSerialization.data(withJSONObject: [
            "deviceClock": OfflineTime.format(Date()), "records": [record],
        ])
        let (status, answer) = try await request(
            "POST", "\(serverURL)/api/v1/devices/me/offline-tickets", token: token, body: body)
        #expect(status == 200, "\(answer)")
        let result = try #require((answer["results"] as? [[String: Any]])?.first, "\(answer)")
        #expect(result["status"] as? String == "refused", "\(result)")
        let exception = try #require(result["exception"] as? [String: Any], "\(result)")
        let id = try #require(exception["id"] as? String)
        let (shown, listed) = try await request("GET", "\(serverURL)/api/v1/exceptions/\(id)", token: financeToken)
        #expect(shown == 200, "\(listed)")
        let (_, lookup) = try await request("GET", "\(serverURL)/api/v1/parking/tickets?plate=DE9999ZZ", token: token)
        #expect((lookup["tickets"] as? [Any])?.isEmpty ?? false, "\(lookup)")
    }
}
