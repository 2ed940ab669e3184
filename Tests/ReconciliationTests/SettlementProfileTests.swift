import Foundation
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
}
