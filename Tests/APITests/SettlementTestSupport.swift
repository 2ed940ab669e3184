import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Reconciliation
import Testing

/// A generated settlement day (``SettlementFixtureGenerator``: every category, with the known answer for
/// every row and invoice) whose invoices are issued into the fixture's real SQLite ledger.
struct SettlementDay {
    /// `invoices.csv`, `settlement.csv`, `truth.csv`.
    let directory: URL
    /// The generator's expected counts.
    let counts: [SettlementCategory: Int]
    /// The ledger's invoice id for each generated invoice id (`INV…`).
    var ledgerIDs: [String: String] = [:]
    /// The intended category of each settlement line and of each (ledger) invoice id.
    var rowTruth: [Int: String] = [:]
    var invoiceTruth: [String: String] = [:]

    var settlementFile: URL { directory.appendingPathComponent("settlement.csv") }

    /// The generator's profile, installed as `lunas-generator` in a copy of the repository's `Config/`
    /// whose MDR schedule is the generator's flat 0.3%.
    static func configDirectory() throws -> String {
        let manager = FileManager.default
        let copy = manager.temporaryDirectory.appendingPathComponent("lunas-config-\(UUID().uuidString)")
        try manager.copyItem(at: URL(fileURLWithPath: APIFixture.configDirectory), to: copy)
        try SettlementFixtureGenerator.profileJSON.write(
            to: copy.appendingPathComponent("settlement-profiles/lunas-generator.json"), atomically: true,
            encoding: .utf8)
        // The city's own mdr.json stays: the generator withholds what it sets for the city's merchant.
        return copy.path
    }

    /// An API fixture serving that configuration.
    static func fixture(maximumBytes: Int? = nil) async throws -> APIFixture {
        let base = try await APIFixture.make()
        var settings = base.settings
        settings.configDirectory = try configDirectory()
        if let maximumBytes { settings.maximumSettlementBytes = maximumBytes }
        return APIFixture(
            directory: base.directory, settings: settings, store: base.store, clock: base.clock, tokens: base.tokens,
            deviceIDs: base.deviceIDs)
    }

    /// Generates `count` invoices and issues them (and the payments notifications reported) into `store`.
    static func make(
        count: Int, seed: UInt64, store: SQLiteLedgerStore, device: Device.ID
    ) async throws
        -> SettlementDay
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-day-\(UUID().uuidString)")
        let holidays = URL(fileURLWithPath: APIFixture.configDirectory).appendingPathComponent("holidays").path
        // The acquirer withholds what the city's schedule sets for its merchant (P2G: 0%), as the server expects.
        let config = URL(fileURLWithPath: APIFixture.configDirectory)
        let merchant = try CityConfiguration.load(from: config).city.merchant
        var generator = SettlementFixtureGenerator(
            count: count, seed: seed, calendar: try HolidayCalendar.load(path: holidays),
            schedule: try MDRSchedule.load(contentsOf: config.appendingPathComponent("mdr.json")),
            merchantCategory: merchant.mdrCategory.scheduleCategory, mcc: merchant.mcc)
        generator.day = CivilDate(year: 2026, month: 12, day: 1)!  // a Tuesday, after the devices' enrolment
        let counts = try generator.write(to: directory)
        var day = SettlementDay(directory: directory, counts: counts)
        let lines = try String(contentsOf: directory.appendingPathComponent("invoices.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst()
        let rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let issued = try await withThrowingTaskGroup(of: (String, String).self) { group in
            var results: [(String, String)] = []
            for (index, fields) in rows.enumerated() {
                if index >= 16 { results.append(try await group.next()!) }
                group.addTask { (fields[0], try await issue(fields, store: store, device: device)) }
            }
            for try await result in group { results.append(result) }
            return results
        }
        for (generated, ledger) in issued { day.ledgerIDs[generated] = ledger }
        let truth = try String(contentsOf: directory.appendingPathComponent("truth.csv"), encoding: .utf8)
        for line in truth.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",").map(String.init)
            if parts[0] == "row" {
                day.rowTruth[Int(parts[1])!] = parts[2]
            } else {
                day.invoiceTruth[day.ledgerIDs[parts[1]]!] = parts[2]
            }
        }
        return day
    }

    /// `invoice_id,bill_number,reference_label,nmid,terminal_id,zone,channel,attendant_id,amount,issued_at,
    /// expires_at,payment_rrn,paid_at` → an invoice in the ledger (and its payment, if notified).
    private static func issue(_ f: [String], store: SQLiteLedgerStore, device: Device.ID) async throws -> String {
        let amount = Int64(f[8])!
        let bill = try BillNumber(f[1])
        let additional = tlv("01", f[1]) + tlv("05", f[2]) + tlv("07", f[4])
        let payload =
            tlv("00", "01") + tlv("01", "12") + tlv("51", tlv("00", "ID.CO.QRIS.WWW") + tlv("02", f[3]))
            + tlv("53", "360") + tlv("54", "\(amount)") + tlv("58", "ID") + tlv("62", additional) + "6304ABCD"
        let terms = InvoiceTerms(
            billNumber: bill, amount: Rupiah(amount), qrisPayload: payload, receiptCode: "RC\(f[1])",
            issuedAt: utc(f[9]), expiresAt: utc(f[10]), deviceID: device)
        let result = try await store.issueInvoice(
            InvoiceDraft(terms: terms, purpose: .fee(code: f[6]), idempotencyKey: "issue-\(f[0])"))
        if !f[11].isEmpty {
            _ = try await store.recordPayment(
                PaymentDraft(
                    billNumber: bill, rrn: f[11], issuer: "GOPAY", amount: Rupiah(amount), paidAt: utc(f[12]),
                    recordedAt: utc(f[12]).addingTimeInterval(2), source: .acquirerNotification))
        }
        return result.invoice.id.rawValue
    }

    static func tlv(_ tag: String, _ value: String) -> String { tag + String(format: "%02d", value.utf8.count) + value }

    static func utc(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text.replacingOccurrences(of: " ", with: "T") + "Z")!
    }
}

/// Uploads `body` as a settlement file.
func uploadSettlement(
    _ client: some TestClientProtocol, _ fixture: APIFixture, body: ByteBuffer, profile: String? = "lunas-generator",
    role: Device.Role? = .finance, contentType: String? = "text/csv", date: String? = nil
) async throws -> TestResponse {
    var headers = fixture.headers(role, json: false)
    if let contentType { headers[.contentType] = contentType }
    var uri = profile.map { "/api/v1/settlements?profile=\($0)" } ?? "/api/v1/settlements"
    if let date { uri += (profile == nil ? "?" : "&") + "date=\(date)" }
    return try await client.execute(uri: uri, method: .post, headers: headers, body: body)
}

/// Everything in `DATA_DIR/settlements`: stored settlements and any upload or staging leftover.
func storedSettlements(_ fixture: APIFixture) throws -> [String] {
    let directory = fixture.directory.appendingPathComponent("settlements")
    return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
}
