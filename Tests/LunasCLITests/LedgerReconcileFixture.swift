import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// A real ledger database in a temporary data directory, filled through the store, and the settlement
/// file an acquirer would send for its day (Monday 16 November 2026, WIT).
struct LedgerReconcileFixture {
    let directory: URL
    let store: SQLiteLedgerStore
    /// Bill numbers by the letter the scenario uses (A, B, …).
    var bills: [String: String] = [:]
    /// Invoice ids by letter.
    var ids: [String: String] = [:]
    var settlementFile: URL { directory.appendingPathComponent("settlement.csv") }
    var dataDirectory: URL { directory.appendingPathComponent("data") }

    static let nmid = "ID1020000000001"
    static let attendant = "JKR-AMB-01"
    static let kiosk = "KIOSK-PASAR"

    /// A time in the city's zone (WIT, UTC+9).
    static func wit(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text.replacingOccurrences(of: " ", with: "T") + ":00+09:00")!
    }

    /// `tag`, two-digit length, value (EMVCo MPM data object).
    static func tlv(_ tag: String, _ value: String) -> String {
        tag + String(format: "%02d", value.utf8.count) + value
    }

    /// A QRIS-shaped payload carrying the NMID (51-02), bill number (62-01), optional reference label
    /// (62-05) and terminal label (62-07). No spaces: the ledger stores payloads as tokens.
    static func payload(bill: String, amount: Int64, terminal: String, reference: String?) -> String {
        let merchant = tlv("00", "ID.CO.QRIS.WWW") + tlv("02", nmid) + tlv("03", "UMI")
        var additional = tlv("01", bill)
        if let reference { additional += tlv("05", reference) }
        additional += tlv("07", terminal)
        return tlv("00", "01") + tlv("01", "12") + tlv("51", merchant) + tlv("53", "360") + tlv("54", "\(amount)")
            + tlv("58", "ID") + tlv("59", "KOTAAMBON") + tlv("60", "AMBON") + tlv("62", additional) + "6304ABCD"
    }

    static func make() async throws -> LedgerReconcileFixture {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("lunas-recon-ledger-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let store = try await SQLiteLedgerStore.open(
            path: directory.appendingPathComponent("data/lunas.sqlite").path)
        var fixture = LedgerReconcileFixture(directory: directory, store: store)
        try await fixture.fill()
        return fixture
    }

    private func enrol(_ id: String, role: Device.Role, zone: String) async throws {
        _ = try await store.enrolDevice(
            DeviceDraft(
                id: Device.ID(id), name: "Device \(id)", role: role, zone: zone,
                credentialHash: Device.credentialHash(forToken: "token-\(id)"),
                enrolledAt: Self.wit("2026-11-01 08:00"), idempotencyKey: "enrol-\(id)"))
    }

    /// Issues invoice `letter`: a fee from the kiosk, or flat parking (zone Z-MARDIKA) from the attendant.
    private mutating func issue(
        _ letter: String, amount: Int64, at time: String, validMinutes: Double = 15, parking: Bool,
        reference: String? = nil
    ) async throws {
        let bill = "LNS\(letter)261116" + String(repeating: letter, count: 8)
        let device = parking ? Self.attendant : Self.kiosk
        let issued = Self.wit(time)
        let terms = InvoiceTerms(
            billNumber: try BillNumber(bill), amount: Rupiah(amount),
            qrisPayload: Self.payload(bill: bill, amount: amount, terminal: device, reference: reference),
            receiptCode: "RC\(letter)\(bill)", issuedAt: issued,
            expiresAt: issued.addingTimeInterval(validMinutes * 60),
            deviceID: Device.ID(device))
        let purpose: InvoiceDraft.Purpose =
            parking
            ? .parking(
                ParkingDetails(
                    plate: "DE \(1000 + Int(letter.unicodeScalars.first!.value)) AB", vehicleClass: "MOTOR",
                    zone: "Z-MARDIKA", entryAt: issued))
            : .fee(code: "RETRIBUSI_PASAR")
        let result = try await store.issueInvoice(
            InvoiceDraft(terms: terms, purpose: purpose, idempotencyKey: "issue-\(letter)"))
        bills[letter] = bill
        ids[letter] = result.invoice.id.rawValue
    }

    private func pay(_ letter: String, rrn: String, amount: Int64, at time: String) async throws {
        _ = try await store.recordPayment(
            PaymentDraft(
                billNumber: try BillNumber(bills[letter]!), rrn: rrn, issuer: "GOPAY", amount: Rupiah(amount),
                paidAt: Self.wit(time), recordedAt: Self.wit(time).addingTimeInterval(2), source: .acquirerNotification)
        )
    }

    /// The scenario: see ``ReconcileLedgerTests`` for what each invoice and row is for.
    private mutating func fill() async throws {
        try await enrol(Self.attendant, role: .attendant, zone: "Z-PATTIMURA")
        try await enrol(Self.kiosk, role: .kiosk, zone: "Z-PASAR")
        try await issue("G", amount: 2000, at: "2026-11-15 23:30", parking: true)  // look-back, never paid
        try await issue("H", amount: 2000, at: "2026-11-15 23:58", parking: true)  // look-back, paid after midnight
        try await pay("H", rrn: "RRN0000008", amount: 2000, at: "2026-11-16 00:05")
        try await issue("A", amount: 5000, at: "2026-11-16 09:00", parking: false)
        try await pay("A", rrn: "RRN0000001", amount: 5000, at: "2026-11-16 09:05")
        try await issue("B", amount: 2000, at: "2026-11-16 09:10", parking: true)
        try await pay("B", rrn: "RRN0000002", amount: 2000, at: "2026-11-16 09:12")
        try await issue("C", amount: 2000, at: "2026-11-16 09:20", parking: true)
        try await pay("C", rrn: "RRN0000003", amount: 2000, at: "2026-11-16 09:22")
        try await issue("D", amount: 10000, at: "2026-11-16 09:30", parking: false)
        try await pay("D", rrn: "RRN0000004", amount: 10000, at: "2026-11-16 09:31")
        try await issue("E", amount: 2000, at: "2026-11-16 09:40", validMinutes: 600, parking: true)
        try await issue("F", amount: 5000, at: "2026-11-16 09:50", validMinutes: 600, parking: false)
        _ = try await store.cancelInvoice(Invoice.ID(ids["F"]!), reason: "wrong fee", at: Self.wit("2026-11-16 09:51"))
        try await issue(
            "J", amount: 7000, at: "2026-11-16 10:00", validMinutes: 600, parking: false, reference: "REFJ0001")
        try await issue("K", amount: 5000, at: "2026-11-16 10:05", parking: false)
        _ = try await store.expireDueInvoices(now: Self.wit("2026-11-16 10:30"))
        try await issue("I", amount: 2000, at: "2026-11-17 08:00", parking: true)  // the settlement day: tail
        let header =
            "trx_datetime,settlement_date,rrn,nmid,terminal_id,issuer_name,bill_number,reference_label,"
            + "gross_amount,mdr_amount,net_amount,status"
        func row(
            _ time: String, _ rrn: String, _ bill: String, _ reference: String, _ gross: Int64, _ fee: Int64,
            _ status: String
        )
            -> String
        {
            "2026-11-16 \(time):00,2026-11-17,\(rrn),\(Self.nmid),\(Self.kiosk),GOPAY,\(bill),\(reference),\(gross),\(fee),\(gross - fee),\(status)"
        }
        let rows = [
            header,
            row("09:05", "RRN0000001", bills["A"]!, "", 5000, 15, "SUCCESS"),  // line 2: matched
            row("09:12", "RRN0000002", bills["B"]!, "", 3000, 9, "SUCCESS"),  // line 3: amount_mismatch
            row("09:22", "RRN0000003", bills["C"]!, "", 2000, 6, "SUCCESS"),  // line 4: matched (notified RRN)
            row("09:23", "RRN0000033", bills["C"]!, "", 2000, 6, "SUCCESS"),  // line 5: duplicate_payment
            row("09:40", "RRN0000009", "ZZUNKNOWN000000000000001", "", 5000, 15, "SUCCESS"),  // line 6: unknown_bill
            row("11:00", "RRN0000011", bills["A"]!, "", -5000, 0, "REFUND"),  // line 7: reversal
            row("00:05", "RRN0000008", "", "", 2000, 6, "SUCCESS"),  // line 8: matched by the notified RRN (H)
            row("10:02", "RRN0000010", "", "REFJ0001", 7000, 21, "SUCCESS"),  // line 9: matched by reference label
        ]
        try (rows.joined(separator: "\n") + "\n").write(to: settlementFile, atomically: true, encoding: .utf8)
    }
}
