import Foundation
import LunasTestSupport
import Reconciliation
import Testing

@testable import Reconciliation

/// camt.053/054 fixtures from genkgo/camt, checked against that parser's expected output (`*.json`).
@Suite struct CamtReaderTests {
    static let good = [
        "camt053.v2.all-balance-types", "camt053.v2.five.decimals", "camt053.v2.minimal", "camt053.v2.multi.statement",
        "camt053.v3", "camt053.v4", "camt053.v8", "camt054.v2", "camt054.v4", "camt054.v8",
    ]
    /// genkgo's names for balance type codes.
    static let balanceNames = [
        "OPBD": "opening", "PRCD": "opening", "OPAV": "opening_available", "CLBD": "closing",
        "CLAV": "closing_available", "FWAV": "forward_available", "INFO": "information", "ITAV": "interim_available",
        "ITBD": "interim", "XPCD": "expected_credit",
    ]
    static let exponents = ["JPY": 0]

    func minor(_ amount: StatementAmount, _ currency: String, credit: Bool) throws -> String {
        let units = try #require(amount.minorUnits(exponent: Self.exponents[currency] ?? 2))
        return String(credit ? units : -units)
    }

    @Test(arguments: good)
    func readsLikeTheReferenceParser(name: String) throws {
        let statement = try CamtReader().read(data: Data(contentsOf: try fixture("camt/\(name).xml")))
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: try fixture("camt/\(name).json"))) as? [String: Any]
        )
        #expect(statement.kind == (name.hasPrefix("camt053") ? .camt053 : .camt054))
        let version = Int(name.split(separator: ".")[1].dropFirst())
        #expect(statement.version == version)
        let header = try #require(expected["getGroupHeader"] as? [String: Any])
        #expect(statement.messageID == header["getMessageId"] as? String)
        let records = try #require(expected["getRecords"] as? [Any])
        #expect(statement.statements.count == records.count)
        let entries = try #require(expected["getEntries"] as? [[String: Any]])
        let mine = statement.statements.flatMap(\.entries)
        #expect(mine.count >= entries.count)
        for x in entries {
            // Each expected entry names its statement (record) and its index in it.
            let recordID = (x["getRecord"] as? [String: Any])?["getId"] as? String
            let s = try #require(statement.statements.first { $0.id == recordID }, "statement \(recordID ?? "-")")
            let e = try #require(
                s.entries.indices.contains(x["getIndex"] as? Int ?? -1) ? s.entries[x["getIndex"] as! Int] : nil)
            let amount = try #require(x["getAmount"] as? [String: Any])
            let currency = try #require((amount["getCurrency"] as? [String: Any])?["getCode"] as? String)
            #expect(e.currency == currency)
            #expect(try minor(e.amount, currency, credit: e.isCredit) == amount["getAmount"] as? String)
            #expect((e.isCredit ? "CRDT" : "DBIT") == x["getCreditDebitIndicator"] as? String)
            #expect(e.status == x["getStatus"] as? String)
            #expect(e.isReversal == (x["getReversalIndicator"] as? Bool))
            #expect(e.accountServicerReference == x["getAccountServicerReference"] as? String)
            #expect((e.additionalInfo ?? "") == (x["getAdditionalInfo"] as? String ?? ""))
            let booking = (x["getBookingDate"] as? [String: Any])?["0"] as? String
            #expect(e.bookingDate.map { "\($0)" } == booking.map { String($0.prefix(10)) })
            let value = (x["getValueDate"] as? [String: Any])?["0"] as? String
            #expect(e.valueDate.map { "\($0)" } == value.map { String($0.prefix(10)) })
            // The first entry's record is the first statement: its id, account and balances.
            if let record = x["getRecord"] as? [String: Any] {
                #expect(s.id == record["getId"] as? String)
                let account = record["getAccount"] as? [String: Any]
                #expect(s.account == account?["getIdentification"] as? String)
                let balances = record["getBalances"] as? [[String: Any]] ?? []
                #expect(s.balances.count == balances.count)
                for (b, xb) in zip(s.balances, balances) {
                    #expect(Self.balanceNames[b.type] == xb["getType"] as? String)
                    let amount = try #require(xb["getAmount"] as? [String: Any])
                    let currency = try #require((amount["getCurrency"] as? [String: Any])?["getCode"] as? String)
                    #expect(b.currency == currency)
                    #expect(try minor(b.amount, currency, credit: b.isCredit) == amount["getAmount"] as? String)
                }
            }
        }
    }

    @Test func fiveDecimalsKeepTheirScale() throws {
        let statement = try CamtReader().read(data: Data(contentsOf: try fixture("camt/camt053.v2.five.decimals.xml")))
        let entry = try #require(statement.statements.first?.entries.first)
        #expect(entry.amount == StatementAmount(units: 8850, scale: 3))
        #expect(entry.amount.minorUnits(exponent: 2) == 885)
        #expect(StatementAmount(units: 8851, scale: 3).minorUnits(exponent: 2) == nil)
    }

    @Test func theWrongFileIsRejectedWithItsPath() throws {
        let error = expectReconciliationError {
            _ = try CamtReader().read(data: Data(contentsOf: try fixture("camt/camt053.v2.wrong.xml")))
        }
        #expect(error?.code == .camtMalformed)
        #expect(error?.position?.path == "/Document/BkToCstmrStmt/Stmt")
    }

    @Test func brokenDocumentsNameLineAndPath() throws {
        let minimal = try String(contentsOf: try fixture("camt/camt053.v2.minimal.xml"), encoding: .utf8)
        let cases: [(String, String, String)] = [
            ("<Amt Ccy=\"EUR\">8.85</Amt>", "<Amt Ccy=\"EUR\">8,85</Amt>", "/Document/BkToCstmrStmt/Stmt/Ntry[1]/Amt"),
            (
                "<CdtDbtInd>CRDT</CdtDbtInd>\n                <RvslInd>",
                "<CdtDbtInd>CREDIT</CdtDbtInd>\n                <RvslInd>", "Ntry[1]/CdtDbtInd"
            ),
            ("camt.053.001.02", "camt.053.001.09", "/Document"),
        ]
        for (from, to, path) in cases {
            let broken = minimal.replacingOccurrences(of: from, with: to)
            #expect(broken != minimal, "\(from)")
            let error = expectReconciliationError { _ = try CamtReader().read(data: Data(broken.utf8)) }
            #expect(error?.code == .camtMalformed)
            #expect(error?.position?.path?.hasSuffix(path) == true, "\(error?.message ?? "")")
            #expect((error?.position?.line ?? 0) > 0)
        }
        let truncated = String(minimal.prefix(minimal.count / 2))
        let error = expectReconciliationError { _ = try CamtReader().read(data: Data(truncated.utf8)) }
        #expect(error?.code == .camtMalformed)
        #expect(error?.position?.line != nil)
    }

    /// Fuzz: random corruption of a real file never crashes; it parses or throws a camt error.
    @Test func corruptedFilesNeverCrash() throws {
        let original = Array(try Data(contentsOf: try fixture("camt/camt054.v8.xml")))
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<200 {
            var bytes = original
            for _ in 0..<4 { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            do {
                _ = try CamtReader().read(data: Data(bytes))
            } catch let error as ReconciliationError {
                #expect(error.code == .camtMalformed)
            }
        }
    }
}
