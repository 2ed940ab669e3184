import Foundation
import Ledger
import Testing

@testable import Reconciliation

@Suite struct ReconcilerTests {
    let wit = 9 * 3600
    /// 2025-07-08 08:00:00 WIT.
    let morning: Int64 = 1_751_929_200

    func invoice(_ n: Int, amount: Int64 = 5000, rrn: String? = nil, terminal: String = "T1") -> ExpectedInvoice {
        ExpectedInvoice(
            invoiceID: "INV\(n)", billNumber: "PKR\(n)", referenceLabel: "REF\(n)", nmid: "ID1", terminalID: terminal,
            zone: "ZONA-0\(n % 3)", channel: "PARKIR", attendantID: "J\(n)", amount: Rupiah(amount),
            issuedAt: morning - 600, expiresAt: morning + 3000, paymentRRN: rrn, paidAt: rrn == nil ? nil : morning)
    }

    func row(
        _ rrn: String, bill: String?, reference: String? = nil, gross: Int64 = 5000, fee: Int64? = 15,
        status: SettlementStatus = .success, time: Int64? = nil,
        settled: CivilDate = CivilDate(year: 2025, month: 7, day: 9)!,
        terminal: String = "T1"
    ) -> SettlementRow {
        SettlementRow(
            line: 0, transactionTime: time ?? morning, settlementDate: settled, rrn: rrn, billNumber: bill,
            referenceLabel: reference, terminalID: terminal, grossAmount: Rupiah(gross),
            feeAmount: fee.map(Rupiah.init),
            status: status)
    }

    func reconcile(
        _ invoices: [ExpectedInvoice], _ rows: [SettlementRow], calendar: HolidayCalendar = HolidayCalendar()
    )
        throws -> ReconciliationResult
    {
        var table = InvoiceTable()
        for invoice in invoices { try table.append(invoice) }
        var settlement = SettlementTable()
        for (i, row) in rows.enumerated() {
            var row = row
            row.line = i + 2
            settlement.append(row)
        }
        let file = SettlementFile(rows: settlement, sha256: "x", byteCount: 0, profileName: "test", acquirer: "Test")
        let options = Reconciler.Options(
            schedule: MDRSchedule(flatBasisPoints: 30), calendar: calendar, settlementDays: 1, utcOffsetSeconds: wit)
        return Reconciler(options: options).reconcile(file, against: table)
    }

    @Test func everyCategoryWithItsReason() throws {
        let result = try reconcile(
            (1...9).map { invoice($0, rrn: $0 == 9 ? "RRN-NOTIFIED" : nil) },
            [
                row("A", bill: "PKR1"),  // matched
                row("B", bill: "PKR2", gross: 6000, fee: 18),  // amount_mismatch
                row("C", bill: "PKR3"), row("D", bill: "PKR3", time: morning + 60),  // matched, duplicate
                row("E", bill: "PKR4", fee: 17),  // fee_mismatch (15 expected, ±1 allowed)
                row("F", bill: "PKR5", fee: 16),  // matched: within Rp1
                row("G", bill: "PKR404"),  // unknown_bill
                row("H", bill: "PKR6"), row("I", bill: "PKR6", gross: -5000, fee: -15, status: .reversal),
                row("J", bill: "PKR7", settled: CivilDate(year: 2025, month: 7, day: 10)!),  // late
            ])
        #expect(
            result.rowCategories == [
                .matched, .amountMismatch, .matched, .duplicatePayment, .feeMismatch, .matched, .unknownBill, .matched,
                .reversal, .lateSettlement,
            ])
        #expect(result.invoiceCategories[7] == .unpaidInvoice)
        #expect(result.invoiceCategories[8] == .paidNotSettled)
        #expect(result.invoiceCategories[0] == nil)
        let counts = result.counts
        #expect(counts.count == 9)
        #expect(counts[.matched] == 4)
        #expect(counts[.unpaidInvoice] == 1)
        let reasons = Dictionary(result.exceptions.map { ($0.category, $0.reason) }, uniquingKeysWith: { a, _ in a })
        #expect(reasons[.amountMismatch]?.contains("Rp6.000") == true)
        #expect(reasons[.feeMismatch]?.contains("Rp17") == true)
        #expect(reasons[.lateSettlement]?.contains("2025-07-09") == true)
    }

    @Test func anEmptyFileLeavesEveryInvoiceUnpaid() throws {
        let result = try reconcile([invoice(1), invoice(2, rrn: "R2")], [])
        #expect(result.rowCategories.isEmpty)
        #expect(result.invoiceCategories == [.unpaidInvoice, .paidNotSettled])
        #expect(result.warnings == ["the settlement file has no rows"])
        let json = ReconciliationReport(result: result).json()
        #expect(!json.isEmpty)
    }

    @Test func priorityOrder() throws {
        // A second payment with the wrong amount is a duplicate first; a reversal of an unknown bill is unknown.
        let result = try reconcile(
            [invoice(1)],
            [
                row("A", bill: "PKR1"), row("B", bill: "PKR1", gross: 7000, fee: 999, time: morning + 5),
                row("C", bill: "NOPE", gross: -5000, status: .reversal),
            ])
        #expect(result.rowCategories == [.matched, .duplicatePayment, .unknownBill])
    }

    @Test func theNotifiedRRNIsTheFirstPayment() throws {
        // The later row carries the RRN the notification reported, so the earlier one is the duplicate.
        let result = try reconcile(
            [invoice(1, rrn: "R2")], [row("R1", bill: "PKR1"), row("R2", bill: "PKR1", time: morning + 30)])
        #expect(result.rowCategories == [.duplicatePayment, .matched])
    }

    @Test func keysFallBackToReferenceLabelThenRRN() throws {
        let result = try reconcile(
            [invoice(1), invoice(2, rrn: "R-KNOWN"), invoice(3)],
            [row("X1", bill: nil, reference: "REF1"), row("R-KNOWN", bill: nil), row("X3", bill: "", reference: "")])
        #expect(result.rowInvoices == [0, 1, -1])
        #expect(result.rowCategories == [.matched, .matched, .unknownBill])
    }

    @Test func duplicateBillNumbersAreRejected() throws {
        var table = InvoiceTable()
        try table.append(invoice(1))
        let error = expectReconciliationError { try table.append(invoice(1)) }
        #expect(error?.code == .invoiceInvalid)
        #expect(table.count == 1)
    }

    @Test func keylessRowsOnlyGetProbableProposals() throws {
        let result = try reconcile(
            [invoice(1, terminal: "T9"), invoice(2, amount: 3000, terminal: "T9")],
            [row("K1", bill: nil, terminal: "T9")])
        #expect(result.rowCategories == [.unknownBill])
        #expect(result.probable[0] == 0)
        #expect(result.invoiceCategories[0] == .unpaidInvoice)
        #expect(result.exceptions.first?.probableInvoiceID == "INV1")
    }

    @Test func lateSettlementCountsWorkingDays() throws {
        var calendar = HolidayCalendar()
        try calendar.add(
            json: Data(
                #"{"year": 2025, "days": [{"date": "2025-07-09", "name": "test holiday", "kind": "holiday"}]}"#.utf8),
            context: "test")
        // Paid Tuesday 8 July; 9 July is a holiday, so T+1 is Thursday 10 July.
        let result = try reconcile(
            [invoice(1), invoice(2)],
            [
                row("A", bill: "PKR1", settled: CivilDate(year: 2025, month: 7, day: 10)!),
                row("B", bill: "PKR2", settled: CivilDate(year: 2025, month: 7, day: 11)!),
            ],
            calendar: calendar)
        #expect(result.rowCategories == [.matched, .lateSettlement])
    }

    /// Known answer: every row and invoice of a generated day gets the category the generator intended.
    @Test(arguments: [(3000, UInt64(1)), (20000, UInt64(20_240_601))])
    func generatedDayMatchesItsKnownAnswer(count: Int, seed: UInt64) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = try SettlementFixtureGenerator(count: count, seed: seed, schedule: MDRSchedule(flatBasisPoints: 30)).write(to: dir)
        let file = try SettlementCSVReader(profile: try generatorProfile()).read(
            path: dir.appendingPathComponent("settlement.csv").path)
        let invoices = try InvoiceCSVReader().read(path: dir.appendingPathComponent("invoices.csv").path)
        let options = Reconciler.Options(
            schedule: MDRSchedule(flatBasisPoints: 30), calendar: HolidayCalendar(), settlementDays: 1,
            utcOffsetSeconds: wit)
        let result = Reconciler(options: options).reconcile(file, against: invoices)
        let truth = try String(contentsOf: dir.appendingPathComponent("truth.csv"), encoding: .utf8)
        var lineToRow: [Int: Int] = [:]
        for r in 0..<file.rows.count { lineToRow[file.rows[r].line] = r }
        var invoiceIndex: [String: Int] = [:]
        for i in 0..<invoices.count { invoiceIndex[invoices[i].invoiceID] = i }
        var checked = 0
        for line in truth.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",").map(String.init)
            let category = try #require(SettlementCategory(rawValue: parts[2]))
            if parts[0] == "row" {
                let r = try #require(lineToRow[Int(parts[1])!])
                #expect(result.rowCategories[r] == category, "row at line \(parts[1])")
            } else {
                let i = try #require(invoiceIndex[parts[1]])
                #expect(result.invoiceCategories[i] == category, "invoice \(parts[1])")
            }
            checked += 1
        }
        #expect(checked == file.rows.count + result.invoiceCategories.compactMap { $0 }.count)
        #expect(result.counts == expected)
        for category in SettlementCategory.allCases { #expect(expected[category, default: 0] > 0, "\(category)") }
    }
}
