import Foundation
import Ledger
import LedgerSQLite
import Reconciliation
import Testing

/// `lunas reconcile --data-dir`: a real SQLite ledger filled through the store, a settlement CSV read with
/// `Config/settlement-profiles/example-acquirer.json`, and the built `lunas` as a process.
///
/// The day (16 Nov 2026, WIT): A fee paid and settled (line 2), then refunded (line 7); B parking paid
/// Rp2,000 but settled Rp3,000 (line 3); C parking settled twice (lines 4 and 5); an unknown bill (line 6);
/// H, issued 23:58 the evening before and paid after midnight, settled by RRN only (line 8); J settled by
/// its reference label (line 9); D paid by notification, not settled; E never paid; K expired unpaid;
/// F cancelled; G issued the evening before and never paid; I issued on the settlement day.
@Suite struct ReconcileLedgerTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let profile = repositoryRoot.appendingPathComponent("Config/settlement-profiles/example-acquirer.json").path

    func reconcile(_ fixture: LedgerReconcileFixture, out: URL) async throws -> ReconcileCommandTests.Run {
        try await ReconcileCommandTests.run(
            [
                "reconcile", fixture.settlementFile.path, "--profile", Self.profile, "--data-dir",
                fixture.dataDirectory.path, "--mdr-bp", "30", "--format", "json", "--out", out.path,
            ], in: Self.repositoryRoot)
    }

    static func json(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func everyRowAndUnsettledInvoiceGetsItsCategory() async throws {
        let fixture = try await LedgerReconcileFixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let out = fixture.directory.appendingPathComponent("report.json")
        let run = try await reconcile(fixture, out: out)
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Self.json(out)
        // The day's own invoices: A, B, C, D, E, J, K (not F cancelled, G/H the evening before, I the next day).
        #expect(report["invoices"] as? Int == 7)
        #expect(report["invoiceAmount"] as? Int == 5000 + 2000 + 2000 + 10000 + 2000 + 7000 + 5000)
        let counts = try #require(report["counts"] as? [String: Int])
        #expect(
            counts == [
                "matched": 4, "amount_mismatch": 1, "duplicate_payment": 1, "unknown_bill": 1, "reversal": 1,
                "fee_mismatch": 0, "late_settlement": 0, "unpaid_invoice": 2, "paid_not_settled": 1,
            ])
        let exceptions = try #require(report["exceptions"] as? [[String: Any]])
        var byLine: [Int: [String: Any]] = [:]
        var byInvoice: [String: [String: Any]] = [:]
        for exception in exceptions {
            if let line = exception["line"] as? Int {
                byLine[line] = exception
            } else if let id = exception["invoiceId"] as? String {
                byInvoice[id] = exception
            }
        }
        // Rows 2, 4, 8, 9 are matched, so they are not exceptions.
        #expect(Set(byLine.keys) == [3, 5, 6, 7])
        #expect(byLine[3]?["category"] as? String == "amount_mismatch")
        #expect(byLine[3]?["invoiceId"] as? String == fixture.ids["B"])
        #expect(byLine[3]?["expectedAmount"] as? Int == 2000)
        #expect(byLine[3]?["settledAmount"] as? Int == 3000)
        #expect(byLine[3]?["zone"] as? String == "Z-MARDIKA")
        #expect(byLine[5]?["category"] as? String == "duplicate_payment")
        #expect(byLine[5]?["rrn"] as? String == "RRN0000033")
        #expect(byLine[5]?["invoiceId"] as? String == fixture.ids["C"])
        #expect(byLine[6]?["category"] as? String == "unknown_bill")
        #expect(byLine[6]?["invoiceId"] == nil || byLine[6]?["invoiceId"] is NSNull)
        #expect(byLine[7]?["category"] as? String == "reversal")
        #expect(byLine[7]?["invoiceId"] as? String == fixture.ids["A"])
        // Unsettled invoices of the day: D notified (paid_not_settled), E and K (expired) unpaid.
        // F (cancelled), G (issued the evening before) and I (the settlement day) are not reported.
        #expect(Set(byInvoice.keys) == Set(["D", "E", "K"].map { fixture.ids[$0]! }))
        let d = try #require(byInvoice[fixture.ids["D"]!])
        #expect(d["category"] as? String == "paid_not_settled")
        #expect(d["rrn"] as? String == "RRN0000004")
        #expect(d["zone"] as? String == "Z-PASAR")
        let e = try #require(byInvoice[fixture.ids["E"]!])
        #expect(e["category"] as? String == "unpaid_invoice")
        #expect(e["billNumber"] as? String == fixture.bills["E"])
        #expect(e["zone"] as? String == "Z-MARDIKA")
        #expect(e["terminalId"] as? String == LedgerReconcileFixture.attendant)
        #expect(e["attendantId"] as? String == LedgerReconcileFixture.attendant)
        #expect(byInvoice[fixture.ids["K"]!]?["category"] as? String == "unpaid_invoice")
        // Zones come from the parking tickets (Z-MARDIKA), not the attendant's device (Z-PATTIMURA).
        let zones = try #require(report["byZone"] as? [[String: Any]]).compactMap { $0["key"] as? String }
        #expect(zones.contains("Z-MARDIKA"))
        #expect(!zones.contains("Z-PATTIMURA"))
        // The import is remembered in the data directory; the ledger itself is untouched and intact.
        let registry = fixture.dataDirectory.appendingPathComponent("settlement-imports.jsonl")
        #expect(FileManager.default.fileExists(atPath: registry.path))
        #expect((report["import"] as? [String: Any])?["status"] as? String == "new")
        let verify = try await ReconcileCommandTests.run(["ledger", "verify", "--data-dir", fixture.dataDirectory.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test func importingTheSameFileTwiceIsReportedAsAlreadyImported() async throws {
        let fixture = try await LedgerReconcileFixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let first = fixture.directory.appendingPathComponent("first.json")
        let second = fixture.directory.appendingPathComponent("second.json")
        #expect(try await reconcile(fixture, out: first).status == 0)
        let again = try await reconcile(fixture, out: second)
        #expect(again.status == 0, "\(again.stderr)")
        let status = try #require(try Self.json(second)["import"] as? [String: Any])
        #expect(status["status"] as? String == "already_imported")
        let lines = try String(
            contentsOf: fixture.dataDirectory.appendingPathComponent("settlement-imports.jsonl"), encoding: .utf8
        ).split(separator: "\n")
        #expect(lines.count == 1)
    }

    @Test func aMissingDatabaseExitsOneNamingThePathAndCreatesNothing() async throws {
        let fixture = try await LedgerReconcileFixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let empty = fixture.directory.appendingPathComponent("empty-data")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let run = try await ReconcileCommandTests.run(
            [
                "reconcile", fixture.settlementFile.path, "--profile", Self.profile, "--data-dir", empty.path,
                "--mdr-bp", "30",
            ], in: Self.repositoryRoot)
        let database = empty.appendingPathComponent("lunas.sqlite").path
        #expect(run.status == 1)
        #expect(run.stderr.contains(database), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty.path).isEmpty)
        // A file that is not a SQLite database: exit 1 naming it, the file unchanged, no registry written.
        let garbage = Data("this is not a database, just text\n".utf8)
        try garbage.write(to: URL(fileURLWithPath: database))
        let corrupt = try await ReconcileCommandTests.run(
            [
                "reconcile", fixture.settlementFile.path, "--profile", Self.profile, "--data-dir", empty.path,
                "--mdr-bp", "30",
            ], in: Self.repositoryRoot)
        #expect(corrupt.status == 1)
        #expect(corrupt.stderr.contains("cannot read the ledger at \(database)"), "\(corrupt.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: database)) == garbage)
        #expect(!FileManager.default.fileExists(atPath: empty.appendingPathComponent("settlement-imports.jsonl").path))
    }

    /// The adapter itself: the window, the status rules and the field mapping.
    @Test func theLedgerSourceLoadsTheFilesWindowAndMapsEachInvoice() async throws {
        let fixture = try await LedgerReconcileFixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.directory) }
        let profile = try SettlementProfile.load(contentsOf: URL(fileURLWithPath: Self.profile))
        let file = try SettlementReader(profile: profile).read(path: fixture.settlementFile.path, progress: nil)
        let source = try await LedgerInvoiceSource.load(
            from: fixture.store, for: file, utcOffsetSeconds: 9 * 3600)
        let dayStart = Int64(LedgerReconcileFixture.wit("2026-11-16 00:00").timeIntervalSince1970)
        #expect(source.reportedWindow == dayStart..<dayStart + 86_400)
        #expect(source.window == dayStart - 86_400..<dayStart + 2 * 86_400)
        let invoices = (0..<source.table.count).map { source.table[$0] }
        var byLetter: [String: ExpectedInvoice] = [:]
        for (letter, id) in fixture.ids {
            byLetter[letter] = invoices.first { $0.invoiceID == id }
        }
        #expect(invoices.count == 11)
        #expect(invoices.map(\.issuedAt) == invoices.map(\.issuedAt).sorted())
        let expecting = Set(byLetter.filter { $0.value.expectsSettlement }.keys)
        #expect(expecting == ["A", "B", "C", "D", "E", "J", "K"])
        let d = try #require(byLetter["D"])
        #expect(d.paymentRRN == "RRN0000004")
        #expect(d.paidAt == Int64(LedgerReconcileFixture.wit("2026-11-16 09:31").timeIntervalSince1970))
        #expect(d.channel == "fee")
        #expect(d.feeCode == "RETRIBUSI_PASAR")
        #expect(d.nmid == LedgerReconcileFixture.nmid)
        #expect(d.terminalID == LedgerReconcileFixture.kiosk)
        #expect(d.zone == "Z-PASAR")
        #expect(d.amount == Rupiah(10000))
        let b = try #require(byLetter["B"])
        #expect(b.channel == "parking")
        #expect(b.zone == "Z-MARDIKA")
        #expect(b.attendantID == LedgerReconcileFixture.attendant)
        #expect(b.referenceLabel == nil)
        #expect(byLetter["J"]?.referenceLabel == "REFJ0001")
        #expect(byLetter["E"]?.paymentRRN == nil)
        #expect(byLetter["E"]?.paidAt == nil)
        #expect(
            byLetter["E"]?.expiresAt == Int64(LedgerReconcileFixture.wit("2026-11-16 19:40").timeIntervalSince1970))
    }

    @Test func windowsFollowTheCityDayAndAFileWithoutRowsLoadsNothing() throws {
        var rows = SettlementTable()
        // 15:30 UTC on 16 Nov is 00:30 WIT on 17 Nov: the city's day is the 17th.
        let time: Int64 = 1_763_307_000
        rows.append(
            SettlementRow(
                line: 2, transactionTime: time, settlementDate: CivilDate(year: 2025, month: 11, day: 19)!, rrn: "R1",
                billNumber: "B1", referenceLabel: nil, nmid: nil, terminalID: nil, issuer: nil,
                grossAmount: Rupiah(1000), feeAmount: nil, netAmount: nil, status: .success))
        let file = SettlementFile(rows: rows, sha256: "", byteCount: 0, profileName: "p", acquirer: "a")
        let windows = try #require(
            LedgerInvoiceSource.windows(for: file, utcOffsetSeconds: 9 * 3600, lookbackSeconds: 3600))
        let dayStart = Int64(LedgerReconcileFixture.wit("2025-11-17 00:00").timeIntervalSince1970)
        #expect(time >= dayStart && time < dayStart + 86_400)
        #expect(windows.reported == dayStart..<dayStart + 86_400)
        #expect(windows.load == dayStart - 3600..<dayStart + 3 * 86_400)
        let empty = SettlementFile(rows: SettlementTable(), sha256: "", byteCount: 0, profileName: "p", acquirer: "a")
        #expect(LedgerInvoiceSource.windows(for: empty, utcOffsetSeconds: 9 * 3600) == nil)
    }
}
