import Foundation
import Handheld
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Issue #16, "Done when": real processes — `lunas serve`, `lunas acquirer-sim` and two
/// `lunas handheld` terminals — through a shift that loses the server and gets it back.
@Suite("lunas handheld end to end: a server, the simulator and two handhelds, online, offline and back")
struct HandheldEndToEndTests {
    /// Offline tickets per handheld: motorcycles (flat, billed at entry), trucks (hourly, billed at
    /// exit even at once), cars (hourly, free within the 5-minute grace period); zone ayp-01 (A).
    static let motorcycles = 10
    static let trucks = 30
    static let cars = 10

    @Test(
        "tickets online, 50 tickets and their exits offline on each, 10 paid while down, sync (one killed) → ledger intact"
    )
    func shift() async throws {
        let world = try await E2EWorld.start()
        defer { world.stopAll() }
        let handhelds = [HandheldTerminal("hh1", in: world.root), HandheldTerminal("hh2", in: world.root)]
        var tokens: [String] = []
        for (index, handheld) in handhelds.enumerated() {
            let device = try await world.enrolDevice(name: "HH \(index + 1)", role: "attendant", zone: "ayp-01")
            tokens.append(device.token)
            // One by --token-file (not visible in ps), one by --token (a token may begin with "-").
            let tokenFile = world.root.appendingPathComponent("token-\(index)")
            try Data(device.token.utf8).write(to: tokenFile)
            let credential = index == 0 ? ["--token-file", tokenFile.path] : ["--token", device.token]
            let enrolled = try await handheld.json(["enroll", "--server", world.serverURL] + credential)
            #expect(enrolled["deviceId"] as? String == device.id)
            try await handheld.json(["shift", "start", "--attendant", "Petugas \(index + 1)"])
            // The token is a secret: never printed, and its file is the attendant's alone.
            #expect(!String(describing: enrolled).contains(device.token))
        }

        // Online: a flat ticket, and an hourly one that stays open (its exit comes offline).
        var onlineTrucks: [String] = []
        for (index, handheld) in handhelds.enumerated() {
            let flat = try await handheld.ticket(["issue", "--plate", "DE \(index)900 ON", "--class", "motorcycle"])
            #expect(flat["mode"] as? String == "online")
            let truck = try await handheld.ticket(["issue", "--plate", "DE \(index)901 ON", "--class", "truck"])
            #expect(truck["mode"] as? String == "online" && truck["operation"] as? String == "open")
            onlineTrucks.append(try #require((truck["ticket"] as? [String: Any])?["number"] as? String))
        }

        // The server goes away.
        try await world.stopServer()
        var toPay: [String] = []
        for (index, handheld) in handhelds.enumerated() {
            var open: [String] = []
            for number in 0..<(Self.motorcycles + Self.trucks + Self.cars) {
                let vehicle =
                    number < Self.motorcycles ? "motorcycle" : number < Self.motorcycles + Self.trucks ? "truck" : "car"
                let answer = try await handheld.ticket([
                    "issue", "--plate", "DE \(index)\(100 + number) XX", "--class", vehicle,
                ])
                #expect(answer["mode"] as? String == "offline")
                let ticket = try #require(answer["ticket"] as? [String: Any])
                if vehicle == "motorcycle" {
                    #expect(ticket["state"] as? String == "billed")
                    // Three flat bills and two exit bills of each handheld get paid.
                    if toPay.count < 5 * index + 3 { toPay.append(try #require(ticket["qris"] as? String)) }
                } else {
                    open.append(try #require(ticket["number"] as? String))
                }
            }
            // A truck pays from its first second (no grace period): wait (bounded) until the last
            // one opened is a second old, so every truck's exit is a bill and every car's is free.
            let lastOpened = Date()
            try await E2EWorld.waitUntil("a second since the last entry") {
                Date() > lastOpened.addingTimeInterval(1.1)
            }
            // One ticket voided, every other one leaves; the online truck leaves offline too.
            let voided = try await handheld.ticket([
                "void", "--ticket", open.removeLast(), "--reason", "salah input plat",
            ])
            #expect(voided["operation"] as? String == "void")
            for number in open + [onlineTrucks[index]] {
                let exit = try await handheld.ticket(["exit", "--ticket", number])
                #expect(exit["mode"] as? String == "offline")
                let operation = exit["operation"] as? String
                let plate = (exit["ticket"] as? [String: Any])?["plate"] as? String ?? ""
                let isCar =
                    plate.hasSuffix("XX")
                    && Int(plate.dropFirst(3).prefix(3)) ?? 0 >= 100 + Self.motorcycles + Self.trucks
                #expect(operation == (isCar ? "exitFree" : "exit"), "\(plate): \(exit)")
                if operation == "exit", toPay.count < 5 * (index + 1) {
                    toPay.append(try #require((exit["ticket"] as? [String: Any])?["qris"] as? String))
                }
            }
            let status = try await handheld.json(["status"])
            #expect(status["queued"] as? Int == 2 * (Self.motorcycles + Self.trucks + Self.cars) - Self.motorcycles + 1)
            #expect(status["offlineSince"] is String)
        }

        // Ten offline QRIS paid while the server is down: the simulator keeps retrying its notify.
        #expect(toPay.count == 10)
        for qris in toPay { try await world.pay(qris) }
        try await world.waitForFailedAttempts(10)
        try await world.startServer()
        try await world.waitForNotifies(10)

        // hh2 syncs by itself at its next command that reaches the server.
        let next = try await handhelds[1].ticket(["issue", "--plate", "DE 1999 ON", "--class", "motorcycle"])
        #expect(next["mode"] as? String == "online")
        #expect(try await handhelds[1].json(["status"])["queued"] as? Int == 0)

        // hh1 is killed (kill -9) in the middle of a sync, one record per request, then syncs again.
        let queueFile = handhelds[0].stateDirectory.appendingPathComponent("queue.sqlite").path
        let before = try await LocalQueue.open(path: queueFile).queuedCount()
        let syncing = try handhelds[0].start(
            ["sync", "--batch-size", "1"], log: world.root.appendingPathComponent("kill.log"))
        try await E2EWorld.waitUntil("hh1 stored some results") {
            try await LocalQueue.open(path: queueFile).queuedCount() < before - 3
        }
        syncing.send(SIGKILL)
        _ = try await syncing.finished()
        let left = try await LocalQueue.open(path: queueFile).queuedCount()
        #expect(left > 0, "the kill came after the whole sync: \(left) left of \(before)")
        let synced = try await handhelds[0].json(["sync"])
        #expect(synced["queued"] as? Int == 0, "\(synced)")

        try await world.checkLedger(handhelds: handhelds, tokens: tokens, paid: Set(toPay))
        // The shift's summary counts what the server says.
        for handheld in handhelds {
            let summary = try #require(try await handheld.json(["shift", "end"])["summary"] as? [String: Any])
            #expect(summary["queued"] as? Int == 0)
            #expect((summary["paid"] as? Int ?? 0) >= 5, "\(summary)")
            #expect(summary["voids"] as? Int == 1)
        }
        try await world.forgeOne(handheld: handhelds[0], token: tokens[0])
        try await world.stopServer()
        let verify = try await ChildProcess.run(
            TestExecutable.lunas(), ["ledger", "verify", "--data-dir", world.data.path])
        #expect(verify.succeeded, "\(verify)")
    }
}
