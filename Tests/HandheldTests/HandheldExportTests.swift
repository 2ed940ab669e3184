import Foundation
import Handheld
import Ledger
import Testing

/// `lunas handheld export` in-process: the body the next sync would send, the queue unchanged.
@Suite("The handheld's export of its queue")
struct HandheldExportTests {
    @Test("the body holds every queued record exactly as signed, in order, with the handheld's clock")
    func body() async throws {
        let setup = try await HandheldOfflineTests.setUp()
        let empty = try await setup.handheld.exportBody()
        #expect(empty.count == 0)
        #expect(try CanonicalJSON.parse(String(decoding: empty.body, as: UTF8.self))["records"] == .array([]))
        _ = try await setup.handheld.issue(plate: "DE 1 EX", vehicleClass: "motorcycle", zone: nil)
        _ = try await setup.handheld.issue(plate: "DE 2 EX", vehicleClass: "truck", zone: nil)
        let queued = try await setup.handheld.queue.queued(limit: 100).compactMap(\.record)
        let file = setup.printer.deletingLastPathComponent().appendingPathComponent("queue.json")
        let output = try await setup.handheld.export(to: file.path)
        #expect(output.json["exported"] == .int(2))
        let text = try String(contentsOf: file, encoding: .utf8)
        let clock = OfflineTime.format(setup.clock.read())
        let expected = #"{"deviceClock":"\#(clock)","records":[\#(queued.joined(separator: ","))]}"#
        #expect(text == expected)
        let printed = try await setup.handheld.export(to: nil)
        #expect(printed.lines == [expected])
        #expect(try await setup.handheld.queue.queuedCount() == 2)
        let refused = await #expect(throws: HandheldError.self) {
            try await setup.handheld.export(to: file.appendingPathComponent("no/such/dir").path)
        }
        #expect(refused?.code == .state)
    }
}
