import Foundation
import FoundationNetworking
import Ledger
import LunasTestSupport
import Testing

/// `lunas receipt-key rotate` against a PostgreSQL city while two real `lunas serve` nodes run
/// (issue #18): both follow the rotation without a restart, a ticket issued on A afterwards carries a
/// receipt signed by the new key that B verifies, and a receipt of the old key still verifies on both.
@Suite(
    "Receipt key rotation across running nodes",
    .enabled(if: PostgresTestServer.enabled, PostgresTestServer.skipReason))
struct TwoNodeKeyRotationTests {
    /// The ring `port` publishes: label by key id.
    static func ring(_ port: Int) async throws -> [String: String] {
        let answer = try await TwoNodeServeTests.call("GET", port, "/public/receipt-keys", token: "-")
        let keys = try #require(answer.body["keys"] as? [[String: Any]], "\(answer.body)")
        return Dictionary(
            uniqueKeysWithValues: keys.map { ($0["keyId"] as? String ?? "", $0["label"] as? String ?? "") })
    }

    /// Issues a ticket on `port`: its receipt code.
    static func receipt(_ port: Int, token: String, key: String) async throws -> String {
        let issued = try await TwoNodeServeTests.call(
            "POST", port, "/api/v1/parking/tickets", token: token, key: key,
            json: ["plate": "DE 77 \(key.suffix(2))", "vehicleClass": "motorcycle"])
        #expect(issued.status == 201, "\(issued.body)")
        return try #require((issued.body["invoice"] as? [String: Any])?["receiptCode"] as? String)
    }

    /// Whether `port` calls `code` genuine.
    static func genuine(_ code: String, on port: Int) async throws -> Bool {
        let answer = try await TwoNodeServeTests.call("GET", port, "/public/receipts/\(code)", token: "-")
        return answer.status == 200 && answer.body["genuine"] as? Bool == true
    }

    @Test(
        "rotated through the command while A and B run: A signs with the new key, B verifies it, the old receipts still verify"
    )
    func rotateWhileRunning() async throws {
        try await TwoNodeServeTests.withCity(devices: 1) { server, tokens, folder in
            let a = try await TwoNodeServeTests.node("a", url: server.url, in: folder)
            let b = try await TwoNodeServeTests.node("b", url: server.url, in: folder)
            defer {
                a.process.send(SIGKILL)
                b.process.send(SIGKILL)
            }
            let old = try await Self.receipt(a.port, token: tokens[0], key: "rot-01")
            let oldKey = try ReceiptCode(parsing: old).keyID.description

            let rotated = try await TwoNodeServeTests.lunas(["receipt-key", "rotate"], url: server.url)
            #expect(rotated.succeeded, "\(rotated)")
            let lines = rotated.stdoutText.split(separator: "\n").map(String.init)
            let newKey = try #require(lines.first?.split(separator: " ").dropFirst(2).first.map(String.init))
            #expect(lines == ["signing key: \(newKey) (server)", lines.last ?? ""] && newKey != oldKey, "\(lines)")
            #expect(lines.last?.hasPrefix("retired key: \(oldKey) (retired-") == true, "\(lines)")

            // Each node publishes the new ring once it heard the rotation (no restart).
            for port in [a.port, b.port] {
                try await Condition.waitUntil("node \(port) signs with \(newKey)") {
                    let ring = try await Self.ring(port)
                    return ring[newKey] == "server" && ring[oldKey]?.hasPrefix("retired-") == true
                }
            }
            let new = try await Self.receipt(a.port, token: tokens[0], key: "rot-02")
            #expect(try ReceiptCode(parsing: new).keyID.description == newKey)
            #expect(try await Self.genuine(new, on: b.port))
            #expect(try await Self.genuine(new, on: a.port))
            for port in [a.port, b.port] { #expect(try await Self.genuine(old, on: port)) }
            let onB = try await Self.receipt(b.port, token: tokens[0], key: "rot-03")
            #expect(try ReceiptCode(parsing: onB).keyID.description == newKey)
            #expect(try await Self.genuine(onB, on: a.port))
            let verify = try await TwoNodeServeTests.lunas(["ledger", "verify"], url: server.url)
            #expect(verify.succeeded, "\(verify)")
        }
    }

    @Test(
        "the command on PostgreSQL: refused without a key (nothing created), on an unmigrated database, and for a bad URL"
    )
    func commandErrors() async throws {
        try await PostgresTestServer.withScratchDatabase { server, _ in
            let unmigrated = try await TwoNodeServeTests.lunas(["receipt-key", "rotate"], url: server.url)
            #expect(unmigrated.status == 1 && unmigrated.stderrText.contains("schema.tooOld"), "\(unmigrated)")
            let migrate = try await TwoNodeServeTests.lunas(["db", "migrate"], url: server.url)
            #expect(migrate.succeeded, "\(migrate)")
            let noKey = try await TwoNodeServeTests.lunas(["receipt-key", "rotate"], url: server.url)
            #expect(noKey.status == 1 && noKey.stderrText.contains("receipt.noKey"), "\(noKey)")
            let keys = try await PostgresTestServer.psql(
                "SELECT count(*) FROM node_receipt_keys", database: server.database)
            #expect(keys.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
            let badURL = try await TwoNodeServeTests.lunas(["receipt-key", "rotate"], url: "mysql://x@h/db")
            #expect(badURL.status == 78 && badURL.stderrText.contains("database.unsupportedScheme"), "\(badURL)")
        }
    }
}
