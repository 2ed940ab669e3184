import Foundation
import Ledger
import Testing

@testable import Reconciliation

@Suite struct SettlementProfileTests {
    let example = """
        {"name": "example-acquirer", "format": "csv", "delimiter": ",", "skipLines": 0, "header": true,
         "columns": {"transactionTime": "trx_datetime", "settlementDate": "settlement_date", "rrn": "rrn",
                     "billNumber": "bill_number", "grossAmount": "gross_amount", "feeAmount": "mdr_amount",
                     "status": 15},
         "timeFormat": "yyyy-MM-dd HH:mm:ss", "dateFormat": "yyyy-MM-dd", "timeZone": "Asia/Jayapura",
         "amountFormat": "plain", "status": {"SUCCESS": "success", "REFUND": "reversal"}, "settlementDays": 1}
        """

    @Test func readsTheIssueExample() throws {
        let profile = try SettlementProfile(json: Data(example.utf8))
        #expect(profile.name == "example-acquirer")
        #expect(profile.columns[.feeAmount] == .header("mdr_amount"))
        #expect(profile.columns[.status] == .position(15))
        #expect(profile.utcOffsetSeconds == 9 * 3600)
        #expect(profile.status["REFUND"] == .reversal)
        #expect(profile.settlementDays == 1)
        #expect(profile.delimiter == UInt8(ascii: ","))
    }

    @Test func unknownKeyIsNamed() throws {
        let json = example.replacingOccurrences(of: "\"skipLines\": 0", with: "\"skipLine\": 0")
        let error = expectReconciliationError { _ = try SettlementProfile(json: Data(json.utf8)) }
        #expect(error?.field == "skipLine")
        #expect(error?.message.contains("unknown key \"skipLine\"") == true)
    }

    @Test func unknownColumnIsNamed() throws {
        let json = example.replacingOccurrences(of: "\"rrn\": \"rrn\"", with: "\"rrn\": \"rrn\", \"mpan\": \"mpan\"")
        let error = expectReconciliationError { _ = try SettlementProfile(json: Data(json.utf8)) }
        #expect(error?.field == "columns.mpan")
    }

    @Test(arguments: SettlementProfile.Column.required)
    func missingRequiredColumnIsNamed(column: SettlementProfile.Column) throws {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(example.utf8)) as? [String: Any])
        var columns = try #require(object["columns"] as? [String: Any])
        #expect(columns.removeValue(forKey: column.rawValue) != nil)
        object["columns"] = columns
        let json = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        let error = expectReconciliationError { _ = try SettlementProfile(json: Data(json.utf8)) }
        #expect(error?.field == "columns.\(column.rawValue)")
        #expect(error?.message.contains("required") == true)
    }

    @Test func badValuesAreNamed() throws {
        let cases: [(String, String, String)] = [
            ("\"Asia/Jayapura\"", "\"Mars/Olympus\"", "timeZone"),
            ("\"Asia/Jayapura\"", "\"Europe/Berlin\"", "timeZone"),
            ("\"amountFormat\": \"plain\"", "\"amountFormat\": \"euro\"", "amountFormat"),
            ("\"yyyy-MM-dd HH:mm:ss\"", "\"yyyy-MM-dd hh:mm a\"", "timeFormat"),
            ("\"settlementDays\": 1", "\"settlementDays\": -1", "settlementDays"),
            ("\"REFUND\": \"reversal\"", "\"REFUND\": \"chargeback\"", "status.REFUND"),
            ("\"status\": 15", "\"status\": 0", "columns.status"),
            ("\"delimiter\": \",\"", "\"delimiter\": \";;\"", "delimiter"),
        ]
        for (from, to, field) in cases {
            let json = example.replacingOccurrences(of: from, with: to)
            #expect(json != example)
            let error = expectReconciliationError { _ = try SettlementProfile(json: Data(json.utf8)) }
            #expect(error?.field == field, "\(to)")
        }
    }

    @Test func repositoryProfilesLoad() throws {
        let folder = repositoryRoot().appendingPathComponent("Config/settlement-profiles")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count >= 2)
        for file in files {
            _ = try SettlementProfile.load(contentsOf: folder.appendingPathComponent(file))
        }
    }

    /// The acquirer simulator's CSV (Jakarta wall-clock times, CRLF, negative refunds) reads with its
    /// repository profile.
    @Test func simulatorSettlementFileReadsWithItsProfile() throws {
        let profile = try SettlementProfile.load(
            contentsOf: repositoryRoot().appendingPathComponent("Config/settlement-profiles/lunas-simulator.json"))
        let header =
            "settlement_date,batch_id,trx_datetime,rrn,reference_no,bill_number,nmid,merchant_id,terminal_id,"
            + "issuer_name,qr_type,status,gross_amount,mdr_amount,net_amount"
        let text =
            [
                header,
                "2026-11-24,20261123-M001,2026-11-23 10:15:30,123456789012,R1,BILL0001,ID1020000000001,M001,"
                    + "JKR-01,GOPAY,dynamic,SUCCESS,5000,15,4985",
                "2026-11-24,20261123-M001,2026-11-23 11:00:00,123456789012,R2,BILL0001,ID1020000000001,M001,"
                    + ",GOPAY,dynamic,REFUND,-5000,0,-5000",
            ].joined(separator: "\r\n") + "\r\n"
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try write(text, to: "sim.csv", in: directory)
        let file = try SettlementReader(profile: profile).read(path: path, progress: nil)
        #expect(file.rows.count == 2)
        let payment = file.rows[0]
        // 10:15:30 WIB is 03:15:30 UTC.
        #expect(payment.transactionTime == 1_795_403_730)
        #expect(payment.settlementDate == CivilDate(year: 2026, month: 11, day: 24))
        #expect(payment.billNumber == "BILL0001")
        #expect(payment.terminalID == "JKR-01")
        #expect(payment.feeAmount == Rupiah(15))
        #expect(file.rows[1].status == .reversal)
        #expect(file.rows[1].grossAmount == Rupiah(-5000))
        // A time with an offset is not the profile's format: rejected with line and value.
        let wrongOffset = text.replacingOccurrences(of: "2026-11-23 11:00:00", with: "2026-11-23T11:00:00+08:00")
        let bad = try write(wrongOffset, to: "bad.csv", in: directory)
        let error = expectReconciliationError {
            _ = try SettlementReader(profile: profile).read(path: bad, progress: nil)
        }
        #expect(error?.position?.line == 3)
        #expect(error?.value == "2026-11-23T11:00:00+08:00")
    }

    @Test func quotedLiteralsInTimePatterns() throws {
        let format = try TimestampFormat("yyyy-MM-dd'T'HH:mm:ss'Z'")
        #expect(format.parseLocalSeconds("1970-01-01T00:01:00Z") == 60)
        #expect(format.parseLocalSeconds("1970-01-01 00:01:00Z") == nil)
        #expect(format.parseLocalSeconds("1970-01-01T00:01:00") == nil)
        #expect(throws: ReconciliationError.self) { try TimestampFormat("yyyy-MM-dd'T") }
        #expect(throws: ReconciliationError.self) { try TimestampFormat("yyyy-MM-dd''HH") }
        #expect(throws: ReconciliationError.self) { try TimestampFormat("yyyy-MM-ddTHH") }
    }
}
