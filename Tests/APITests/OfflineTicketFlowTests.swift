import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Hourly tickets made entirely offline: opened, then closed with a bill, closed free, or voided,
/// each naming the ticket by the sequence its `open` took; the ledger replays all of it.
@Suite("Offline hourly tickets: open, exit, free exit, void")
struct OfflineTicketFlowTests {
    static func open(_ bundle: OfflineBundle, sequence: Int64, at: Date) throws -> OfflineRecord {
        try OfflineRecord(
            deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .open,
            idempotencyKey: "open-\(sequence)",
            sequence: sequence, plate: "DE\(sequence)XY", vehicleClass: "car", zone: "ayp-01", entryAt: at, at: at,
            bundleID: bundle.bundleID
        ).signed(with: OfflineSyncTests.key)
    }

    @Test func openedAndClosedOffline() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            #expect(try await OfflineSyncTests.register(client, fixture).status == .created)
            let bundle = try await OfflineSyncTests.bundle(client, fixture)
            let base = bundle.lastSequence
            let entry = fixture.clock.now.addingTimeInterval(60)
            let exitAt = entry.addingTimeInterval(2 * 3600 + 600)
            let quote = try bundle.quote(vehicleClass: "car", zone: "ayp-01", entry: entry, exit: exitAt)
            let bill = try OfflineBillNumber.make(
                prefix: bundle.city.billNumberPrefix, deviceCode: bundle.deviceCode, sequence: base + 4)
            let exit = try OfflineRecord(
                deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .exit, idempotencyKey: "exit-1",
                sequence: base + 4, ticket: .sequence(base + 1), exitAt: exitAt, amount: quote.amount.value,
                billNumber: bill.rawValue, qrisPayload: try bundle.qrisPayload(billNumber: bill, amount: quote.amount),
                at: exitAt, bundleID: bundle.bundleID
            ).signed(with: OfflineSyncTests.key)
            let free = try OfflineRecord(
                deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .exitFree,
                idempotencyKey: "free-1",
                ticket: .sequence(base + 2), exitAt: entry.addingTimeInterval(120), at: entry.addingTimeInterval(120),
                bundleID: bundle.bundleID
            ).signed(with: OfflineSyncTests.key)
            let void = try OfflineRecord(
                deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .void, idempotencyKey: "void-1",
                ticket: .sequence(base + 3), reason: "salah input plat", at: entry.addingTimeInterval(180),
                bundleID: bundle.bundleID
            ).signed(with: OfflineSyncTests.key)
            fixture.clock.advance(by: 3 * 3600)
            let records = [
                try Self.open(bundle, sequence: base + 1, at: entry),
                try Self.open(bundle, sequence: base + 2, at: entry),
                try Self.open(bundle, sequence: base + 3, at: entry), free, void, exit,
            ]
            let results = try await OfflineSyncTests.sync(client, fixture, records, clock: fixture.clock.now)
            #expect(
                results.map { $0["status"] as? String } == Array(repeating: "recorded", count: 6),
                "\(results.map { $0["error"] ?? "" })")
            let opened = try #require(results[0]["ticketId"] as? String)
            let ticket = try #require(try await fixture.store.ticket(id: ParkingTicket.ID(opened)))
            #expect(ticket.entryAt == entry && ticket.exitAt == exitAt && ticket.invoiceID != nil)
            let freeTicket = try #require(results[3]["ticketId"] as? String)
            #expect(try await fixture.store.ticket(id: ParkingTicket.ID(freeTicket))?.closure == .free)
            let voided = try #require(results[4]["ticketId"] as? String)
            #expect(try await fixture.store.ticket(id: ParkingTicket.ID(voided))?.closure == .void)
            let invoiceID = try #require(results[5]["invoiceId"] as? String)
            let invoice = try #require(try await fixture.store.invoice(id: Invoice.ID(invoiceID)))
            #expect(invoice.amount == quote.amount && invoice.issuedAt == exitAt && invoice.sequence == base + 4)
            let report = try await fixture.store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }
}
