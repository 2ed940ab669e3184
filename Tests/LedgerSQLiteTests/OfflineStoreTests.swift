import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Offline issuance in the store: device codes and keys, records recorded once with their own
/// times, gaps flagged, duplicates answered, pending offline payments matched, and `verify` clean.
@Suite("Offline records in the store, on SQLite and PostgreSQL")
struct OfflineStoreTests {
    static let key = DeviceSigningKey.generate()

    static func setUp(_ store: any LedgerStore) async throws -> Device {
        let enrolled = try await store.enrolDevice(TestLedger.deviceDraft("hh1"))
        #expect(enrolled.code != nil)
        let device = try await store.registerDeviceKey(
            enrolled.id, publicKey: key.publicKey, actor: .device(enrolled.id), at: TestLedger.morning)
        #expect(device.code == enrolled.code && device.publicKey == key.publicKey)
        return device
    }

    /// Runs `body` with a fresh store of `kind` and its device ``setUp(_:)`` enrolled.
    static func withDevice(
        _ kind: StoreUnderTest, _ body: (any LedgerStore, Device) async throws -> Void
    ) async throws {
        try await kind.run { store in try await body(store, try await setUp(store)) }
    }

    static func issue(
        _ device: Device, sequence: Int64, key idempotencyKey: String, amount: Int64 = 3000, at: Date
    )
        throws -> OfflineSubmission
    {
        let bill = try OfflineBillNumber.make(prefix: "AMB", deviceCode: device.code!, sequence: sequence)
        let record = try OfflineRecord(
            deviceID: device.id, deviceCode: device.code!, operation: .issue, idempotencyKey: idempotencyKey,
            sequence: sequence, plate: "DE1234AB", vehicleClass: "car", zone: "AMB-A", entryAt: at, amount: amount,
            billNumber: bill.rawValue, qrisPayload: "000201-\(bill.rawValue)", at: at, bundleID: "b"
        ).signed(with: key)
        let terms = InvoiceTerms(
            billNumber: bill, amount: Rupiah(amount), qrisPayload: record.qrisPayload!, receiptCode: "R-\(bill)",
            issuedAt: at, expiresAt: at.addingTimeInterval(900), deviceID: device.id)
        return OfflineSubmission(
            record: record, receivedAt: at.addingTimeInterval(7200), deviceClock: at.addingTimeInterval(7200),
            invoice: terms, findings: [], actor: .device(device.id))
    }

    @Test(
        "keys register once; records are recorded once with their times; verify replays them",
        arguments: StoreUnderTest.grouped)
    func recordAndReplay(_ kind: StoreUnderTest) async throws {
        try await OfflineStoreTests.withDevice(kind) { store, device in
            // The same key again changes nothing; another key is refused.
            _ = try await store.registerDeviceKey(
                device.id, publicKey: Self.key.publicKey, actor: .device(device.id), at: TestLedger.morning)
            await #expect(throws: LedgerError.self) {
                try await store.registerDeviceKey(
                    device.id, publicKey: DeviceSigningKey.generate().publicKey, actor: .device(device.id),
                    at: TestLedger.morning)
            }
            let at = TestLedger.morning.addingTimeInterval(600)
            let first = try Self.issue(device, sequence: 1, key: "k1", at: at)
            let outcome = try await store.recordOffline(first)
            #expect(outcome.status == .recorded && outcome.sequence == 1 && outcome.exceptions.isEmpty)
            let invoiceID = try #require(outcome.invoiceID)
            let invoice = try #require(try await store.invoice(id: invoiceID))
            #expect(invoice.issuedAt == at && invoice.sequence == 1)
            let again = try await store.recordOffline(first)
            #expect(
                again.status == .duplicate && again.invoiceID == outcome.invoiceID && again.ticketID == outcome.ticketID
            )
            // A gap is recorded and flagged.
            let gapped = try await store.recordOffline(
                try Self.issue(device, sequence: 4, key: "k4", at: at.addingTimeInterval(60)))
            #expect(gapped.status == .recorded)
            #expect(gapped.exceptions.map(\.category) == [.sequenceGap])
            // A taken sequence is refused.
            await #expect(throws: LedgerError.self) {
                try await store.recordOffline(
                    try Self.issue(device, sequence: 3, key: "k3", at: at.addingTimeInterval(90)))
            }
            let report = try await store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
            #expect(try await store.device(code: device.code!)?.id == device.id)
        }
    }

    @Test(
        "a payment held as pending_offline is applied when its record syncs, by its own time",
        arguments: StoreUnderTest.grouped)
    func pendingOfflineMatched(_ kind: StoreUnderTest) async throws {
        try await OfflineStoreTests.withDevice(kind) { store, device in
            let at = TestLedger.morning.addingTimeInterval(600)
            let submission = try Self.issue(device, sequence: 1, key: "k1", at: at)
            let held = try await store.recordPaymentException(
                PaymentExceptionDraft(
                    fitting: submission.record.billNumber!, rrn: "RRN1", issuer: "GoPay", amount: Rupiah(3000),
                    paidAt: at.addingTimeInterval(120), recordedAt: at.addingTimeInterval(121),
                    source: .acquirerNotification, reason: .pendingOffline, detail: "held"))
            let outcome = try await store.recordOffline(submission)
            #expect(outcome.exceptions.map(\.id.rawValue) == [held.exception.id.rawValue])
            #expect(outcome.exceptions.first?.resolution?.code == .matchedManually)
            let invoiceID = try #require(outcome.invoiceID)
            let invoice = try #require(try await store.invoice(id: invoiceID))
            #expect(invoice.status == .paid)  // paid 2 minutes after issue, well before expiry at 15
            let report = try await store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }
}

/// Static-QRIS offline bills: a payment without a bill number is matched by amount and time only
/// when exactly one bill fits it and it is the only payment that fits the bill.
@Suite("Offline static-QRIS bills matched by amount and time")
struct OfflineStaticMatchTests {
    static func staticIssue(_ device: Device, sequence: Int64, key: String, at: Date) throws -> OfflineSubmission {
        var submission = try OfflineStoreTests.issue(device, sequence: sequence, key: key, at: at)
        submission.record.qrisPayload = "000201STATIC6304ABCD"
        submission.record = try submission.record.signed(with: OfflineStoreTests.key)
        submission.invoice?.qrisPayload = "000201STATIC6304ABCD"
        return submission
    }

    static func unknownPayment(_ store: any LedgerStore, rrn: String, paidAt: Date) async throws -> ExceptionCase.ID {
        let held = try await store.recordPaymentException(
            PaymentExceptionDraft(
                fitting: "STATIC", rrn: rrn, issuer: "OVO", amount: Rupiah(3000), paidAt: paidAt,
                recordedAt: paidAt, source: .acquirerNotification, reason: .unknownInvoice, detail: "no bill"))
        return ExceptionCase.ID(held.exception.id.rawValue)
    }

    @Test(arguments: StoreUnderTest.grouped) func exactlyOneFits(_ kind: StoreUnderTest) async throws {
        try await OfflineStoreTests.withDevice(kind) { store, device in
            let at = TestLedger.morning.addingTimeInterval(600)
            // Paid before the sync: matched when the record arrives.
            let early = try await Self.unknownPayment(store, rrn: "E1", paidAt: at.addingTimeInterval(60))
            let first = try await store.recordOffline(try Self.staticIssue(device, sequence: 1, key: "s1", at: at))
            #expect(first.exceptions.map(\.id) == [early])
            #expect(try await store.invoice(id: try #require(first.invoiceID))?.status == .paid)
            // Two bills of the same amount open at the same time: a payment between them stays an exception.
            let later = at.addingTimeInterval(3600)
            _ = try await store.recordOffline(try Self.staticIssue(device, sequence: 2, key: "s2", at: later))
            _ = try await store.recordOffline(try Self.staticIssue(device, sequence: 3, key: "s3", at: later))
            let ambiguous = try await Self.unknownPayment(store, rrn: "A1", paidAt: later.addingTimeInterval(60))
            #expect(try await store.matchStaticOfflinePayment(ambiguous, at: later.addingTimeInterval(61)) == nil)
            #expect(try await store.exceptionCase(id: ambiguous)?.resolution == nil)
            let report = try await store.verify()
            #expect(report.problems.isEmpty, "\(report.problems)")
        }
    }
}
