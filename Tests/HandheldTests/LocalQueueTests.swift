import Foundation
import Handheld
import Ledger
import Testing

@Suite("The handheld's local queue and state directory")
struct LocalQueueTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("handheld-\(UUID().uuidString)").path
    }

    static func ticket(_ id: String, plate: String = "DE1234AB", state: LocalTicket.State = .open) -> LocalTicket {
        LocalTicket(
            localID: id, serverID: nil, plate: plate, vehicleClass: "car", zone: "ayp-01", entryAt: Date(), exitAt: nil,
            state: state, sequence: 7, amount: nil, billNumber: nil, qrisPayload: nil, invoiceID: nil,
            source: "offline",
            reprints: 0, voidReason: nil, paid: nil, attendant: "Budi")
    }

    static func action(_ key: String, ticket: String, queued: Bool = true) -> LocalAction {
        LocalAction(
            id: 0, idempotencyKey: key, operation: .open, ticketLocalID: ticket, offline: queued, at: Date(),
            sequence: 7,
            amount: nil, shiftID: nil, record: queued ? #"{"k":"\#(key)"}"# : nil, syncState: queued ? .queued : nil,
            syncResult: nil)
    }

    @Test("an action, its ticket and its settings are stored together and survive reopening")
    func commitAndReopen() async throws {
        let path = Self.directory()
        let handheld = try Handheld.open(stateDirectory: path)
        try await handheld.queue.commit(
            ticket: Self.ticket("7K2Q-7"), action: Self.action("k1", ticket: "7K2Q-7"), meta: [.lastSequence: "7"])
        try await handheld.queue.commit(
            ticket: Self.ticket("7K2Q-8", plate: "B1XYZ"), action: Self.action("k2", ticket: "7K2Q-8"))
        let reopened = try Handheld.open(stateDirectory: path)
        #expect(try await reopened.queue.queuedCount() == 2)
        #expect(try await reopened.queue.meta(.lastSequence) == "7")
        #expect(try await reopened.queue.openTickets(plate: "DE1234AB").map(\.localID) == ["7K2Q-7"])
        #expect(try await reopened.queue.queued(limit: 1).map(\.idempotencyKey) == ["k1"])
    }

    @Test("a stored result is never queued again; the ticket learns its server ids")
    func results() async throws {
        let handheld = try Handheld.open(stateDirectory: Self.directory())
        try await handheld.queue.commit(ticket: Self.ticket("7K2Q-7"), action: Self.action("k1", ticket: "7K2Q-7"))
        let queued = try await handheld.queue.queued(limit: 10)
        try await handheld.queue.storeResults([
            SyncResultUpdate(
                actionID: queued[0].id, ticketLocalID: "7K2Q-7", state: .recorded, resultJSON: "{}", ticketID: "tkt_1",
                invoiceID: nil)
        ])
        #expect(try await handheld.queue.queuedCount() == 0)
        #expect(try await handheld.queue.ticket("tkt_1")?.localID == "7K2Q-7")
        #expect(try await handheld.queue.actions(shiftID: nil).first?.syncState == .recorded)
    }

    @Test("the same idempotency key twice is refused, and the whole action with it")
    func oneKeyOnce() async throws {
        let handheld = try Handheld.open(stateDirectory: Self.directory())
        try await handheld.queue.commit(ticket: Self.ticket("A-1"), action: Self.action("k1", ticket: "A-1"))
        await #expect(throws: (any Error).self) {
            try await handheld.queue.commit(ticket: Self.ticket("A-2"), action: Self.action("k1", ticket: "A-2"))
        }
        #expect(try await handheld.queue.ticket("A-2") == nil)
    }

    @Test("the state directory is 0700 and the queue's files 0600")
    func permissions() async throws {
        let path = Self.directory()
        let handheld = try Handheld.open(stateDirectory: path)
        try await handheld.queue.setMeta([.server: "http://127.0.0.1:1"])
        let manager = FileManager.default
        #expect((try manager.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o700)
        for name in try manager.contentsOfDirectory(atPath: path) {
            let mode = try manager.attributesOfItem(atPath: path + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(name): \(String(mode ?? 0, radix: 8))")
        }
    }

    @Test("the queue's operations are the offline record's operations")
    func operations() {
        #expect(
            LocalAction.Operation.allCases.map(\.rawValue) == OfflineRecord.Operation.allCases.map(\.rawValue))
    }

    @Test("the printer output appends every job whole")
    func printerAppends() throws {
        let path = Self.directory() + ".bin"
        let printer = PrinterOutput(path: path)
        try printer.print([0x1B, 0x40, 0x41])
        try printer.print([0x1B, 0x40, 0x42])
        #expect(FileManager.default.contents(atPath: path) == Data([0x1B, 0x40, 0x41, 0x1B, 0x40, 0x42]))
        #expect(throws: HandheldError.self) { try PrinterOutput(path: "/nonexistent/dir/lp0").print([0]) }
    }
}
