import Foundation
import LunasTestSupport
import Reconciliation
import Testing

@testable import Reconciliation

@Suite struct CSVScannerTests {
    /// Writes `records` as CSV (quoting when needed), scans it with a tiny chunk size so every record
    /// straddles chunk boundaries, and returns what the scanner saw.
    func roundTrip(_ records: [[String]], chunkSize: Int, crlf: Bool) throws -> [[String]] {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = ""
        for record in records {
            text += record.map { field in
                field.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                    || field.hasPrefix(" ")
                    || field.hasSuffix(" ")
                    ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            }.joined(separator: ",")
            text += crlf ? "\r\n" : "\n"
        }
        let path = try write(text, to: "r.csv", in: dir)
        var seen: [[String]] = []
        var scanner = CSVScanner(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "\""))
        scanner.chunkSize = chunkSize
        var total = 0
        try scanner.scan(path: path, onBytes: { total += $0.count }) { record in
            seen.append(
                (0..<record.count).map { i in
                    // Raw bounds (untrimmed) to compare exactly.
                    String(
                        decoding: UnsafeRawBufferPointer(
                            start: record.base + record.bounds[2 * i],
                            count: record.bounds[2 * i + 1] - record.bounds[2 * i]), as: UTF8.self)
                })
        }
        #expect(total == text.utf8.count)
        return seen
    }

    /// Property: random records with delimiters, quotes and newlines survive any chunking.
    @Test(arguments: [1, 3, 7, 64, 4096])
    func randomRecordsRoundTrip(chunkSize: Int) throws {
        var rng = SeededGenerator(seed: UInt64(chunkSize))
        let alphabet = Array("ab,\"\n\r 1;é")
        var records: [[String]] = []
        for _ in 0..<200 {
            let fields = Int(rng.next() % 5) + 1
            records.append(
                (0..<fields).map { _ in
                    String((0..<Int(rng.next() % 8)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
                })
        }
        // A record that is one empty field is a blank line, which the scanner skips by design.
        records = records.filter { !($0.count == 1 && $0[0].isEmpty) }
        let seen = try roundTrip(records, chunkSize: chunkSize, crlf: chunkSize % 2 == 1)
        #expect(seen == records)
    }

    /// Fuzz: arbitrary bytes never crash the scanner; it either reads records or throws a CSV error.
    @Test func arbitraryBytesNeverCrash() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SeededGenerator(seed: 99)
        let profile = try generatorProfile()
        for round in 0..<300 {
            let length = Int(rng.next() % 400)
            var bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if round % 2 == 0 {
                // Mostly-valid input: a header and mutated copies of a good row.
                let good =
                    "trx_datetime,settlement_date,rrn,nmid,mpan,terminal_id,issuer_name,customer_pan_masked,customer_name,bill_number,reference_label,gross_amount,mdr_amount,net_amount,status\n2025-07-08 08:00:00,2025-07-09,1,ID1,9,T1,OVO,9,A,PKR1,REF1,5000,15,4985,SUCCESS\n"
                bytes = Array(good.utf8)
                for _ in 0..<3 { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            let url = dir.appendingPathComponent("f\(round).csv")
            try Data(bytes).write(to: url)
            do {
                let file = try SettlementCSVReader(profile: profile).read(path: url.path)
                #expect(file.rows.count <= 1)
            } catch let error as ReconciliationError {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
