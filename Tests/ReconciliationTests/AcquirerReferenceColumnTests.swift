import Foundation
import Ledger
import LunasTestSupport
import Reconciliation
import Testing

/// The optional `acquirerReference` column (a refund's own number): random references — empty,
/// with delimiters, quotes, spaces and non-ASCII letters, RFC 4180 quoted — read back as written
/// (less the spaces around them, as every field), by header name and by position, beside the RRN
/// and status of the same row.
@Suite("Settlement CSV: the acquirerReference column")
struct AcquirerReferenceColumnTests {
    static func profile(column: String) throws -> SettlementProfile {
        let json = """
            {"name": "ref-test", "format": "csv", "header": true,
             "columns": {"transactionTime": "trx", "settlementDate": "settle", "rrn": "rrn", "grossAmount": "gross",
                         "status": "status", "acquirerReference": \(column)},
             "timeFormat": "yyyy-MM-dd HH:mm:ss", "dateFormat": "yyyy-MM-dd", "timeZone": "Asia/Jayapura",
             "amountFormat": "plain", "status": {"SUCCESS": "success", "REFUND": "reversal"}}
            """
        return try SettlementProfile(json: Data(json.utf8))
    }

    @Test(arguments: [#""ref""#, "6"], [UInt64(1), 2, 3])
    func randomReferencesReadBack(column: String, seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("ABCXYZ0189,\" -é")
        var expected: [(rrn: String, reference: String?, reversal: Bool)] = []
        var lines = ["trx,settle,rrn,gross,status,ref"]
        for index in 0..<300 {
            let length = Int(random.next() % 21)
            let reference = String((0..<length).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            let reversal = random.next() % 3 == 0
            let rrn = "RRN\(index)"
            lines.append(
                "2026-11-24 10:00:00,2026-11-25,\(rrn),\(reversal ? "-" : "")5000,\(reversal ? "REFUND" : "SUCCESS"),"
                    + CSVCell.rfc4180Field(reference))
            // The reader trims the spaces around every field, quoted or not.
            let read = reference.trimmingCharacters(in: .whitespaces)
            expected.append((rrn, read.isEmpty ? nil : read, reversal))
        }
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("lunas-ref-\(UUID().uuidString).csv").path
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }

        let file = try SettlementReader(profile: try Self.profile(column: column)).read(path: path)
        #expect(file.rows.count == expected.count)
        for (index, want) in expected.enumerated() where index < file.rows.count {
            let row = file.rows[index]
            #expect(row.rrn == want.rrn)
            #expect(row.acquirerReference == want.reference, "\(row.rrn)")
            #expect(row.status == (want.reversal ? .reversal : .success))
        }
    }

    @Test("a profile without the column reads no reference")
    func unmappedColumnReadsNil() throws {
        let json = """
            {"name": "no-ref", "format": "csv", "header": true,
             "columns": {"transactionTime": "trx", "settlementDate": "settle", "rrn": "rrn", "grossAmount": "gross",
                         "status": "status"},
             "timeFormat": "yyyy-MM-dd HH:mm:ss", "dateFormat": "yyyy-MM-dd", "timeZone": "Asia/Jayapura",
             "amountFormat": "plain", "status": {"SUCCESS": "success"}}
            """
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("lunas-noref-\(UUID().uuidString).csv").path
        try Data("trx,settle,rrn,gross,status,ref\n2026-11-24 10:00:00,2026-11-25,R1,5000,SUCCESS,CB1\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try SettlementReader(profile: try SettlementProfile(json: Data(json.utf8))).read(path: path)
        #expect(file.rows.count == 1 && file.rows[0].acquirerReference == nil)
    }
}
