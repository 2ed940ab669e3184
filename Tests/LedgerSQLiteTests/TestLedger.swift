import Foundation
import Ledger
import LedgerSQLite
import Synchronization

/// Builders for the tests: a fresh SQLite ledger in its own temporary directory, and drafts.
enum TestLedger {
    /// A new empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A fresh SQLite store on a real file.
    static func sqlite(groupCommit: Bool = true) async throws -> SQLiteLedgerStore {
        let directory = try temporaryDirectory()
        return try await SQLiteLedgerStore.open(
            path: directory.appendingPathComponent("lunas.sqlite").path, options: .init(groupCommit: groupCommit))
    }

    /// 2026-11-23 09:00:00 WIT (00:00 UTC).
    static let morning = Date(timeIntervalSince1970: 1_795_392_000)

    static func deviceDraft(
        _ id: String, role: Device.Role = .attendant, token: String? = nil, at: Date = morning
    ) -> DeviceDraft {
        DeviceDraft(
            id: Device.ID(id), name: "Device \(id)", role: role, zone: "AMB-A",
            credentialHash: Device.credentialHash(forToken: token ?? "token-\(id)"), enrolledAt: at,
            idempotencyKey: "enrol-\(id)")
    }

    static let counter = Counter()

    /// A unique bill number for tests: `T` + a counter.
    static func billNumber(_ label: String = "T") -> BillNumber {
        try! BillNumber(label + String(counter.next()))
    }

    static func terms(
        device: String, amount: Int64 = 5_000, bill: BillNumber? = nil, at: Date = morning,
        validFor: TimeInterval = 900
    ) -> InvoiceTerms {
        let bill = bill ?? billNumber()
        return InvoiceTerms(
            billNumber: bill, amount: Rupiah(amount), qrisPayload: "000201010212PAYLOAD\(bill.rawValue)6304ABCD",
            receiptCode: "RCPT-\(bill.rawValue)", issuedAt: at, expiresAt: at.addingTimeInterval(validFor),
            deviceID: Device.ID(device))
    }

    static func feeDraft(
        device: String, amount: Int64 = 5_000, bill: BillNumber? = nil, at: Date = morning, key: String? = nil,
        validFor: TimeInterval = 900
    ) -> InvoiceDraft {
        let terms = terms(device: device, amount: amount, bill: bill, at: at, validFor: validFor)
        return InvoiceDraft(
            terms: terms, purpose: .fee(code: "RET-PASAR"), idempotencyKey: key ?? "idem-\(terms.billNumber)")
    }

    static func payment(
        _ invoice: Invoice, rrn: String, amount: Rupiah? = nil, paidAt: Date? = nil
    ) -> PaymentDraft {
        let paid = paidAt ?? invoice.issuedAt.addingTimeInterval(60)
        return PaymentDraft(
            billNumber: invoice.billNumber, rrn: rrn, issuer: "BANK MALUKU", amount: amount ?? invoice.amount,
            paidAt: paid, recordedAt: paid.addingTimeInterval(2), source: .acquirerNotification)
    }
}

/// A thread-safe counter for unique test values.
final class Counter: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
