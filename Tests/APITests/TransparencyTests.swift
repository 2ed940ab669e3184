import API
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import NIOCore
import Testing

/// The open figures over real HTTP on a real SQLite ledger (issue #17, "Open figures"): a closed day
/// shows its signed statement's figures and link, an open day is live and refreshed at most every 30 s,
/// the JSON, the CSV and the page agree with the statement and with the console's day figures.
@Suite("Open figures: /transparansi and /public/transparency/{month}.json|.csv (real HTTP)")
struct TransparencyTests {
    /// 2026-11-24 (the fixture's first day) and the next.
    static let closedDay = CivilDate(year: 2026, month: 11, day: 24)!
    static let liveDay = CivilDate(year: 2026, month: 11, day: 25)!
    static let measures = TransparencyFigures.Measure.allCases.map(\.rawValue)
    /// The measures whose month value is the sum of its days'.
    static let summed = TransparencyFigures.Measure.allCases.filter(\.isSummed).map(\.rawValue)

    struct Issued {
        var id: Invoice.ID
        var bill: BillNumber
        var amount: Int64
    }

    /// Issues a motorcycle ticket in ayp-01 as the attendant, or a bus-terminal fee as the kiosk.
    static func issue(
        _ client: some TestClientProtocol, _ fixture: APIFixture, key: String, fee: Bool = false
    )
        async throws -> Issued
    {
        let response = try await client.execute(
            uri: fee ? "/api/v1/invoices" : "/api/v1/parking/tickets", method: .post,
            headers: fixture.headers(fee ? .kiosk : .attendant, key: key),
            body: ByteBuffer(
                string: fee
                    ? #"{"fee":"TERMINAL-BUS","payerReference":"BUS-DE7"}"#
                    : #"{"plate":"DE 1234 AB","vehicleClass":"motorcycle","zone":"ayp-01"}"#))
        #expect(response.status == .created, "\(String(buffer: response.body))")
        let invoice = try #require(try jsonObject(response)["invoice"] as? [String: Any])
        return Issued(
            id: Invoice.ID(try #require(invoice["id"] as? String)),
            bill: try BillNumber(try #require(invoice["billNumber"] as? String)),
            amount: Int64(try #require(invoice["amount"] as? Int)))
    }

    static func pay(_ fixture: APIFixture, _ invoice: Issued, rrn: String) async throws {
        _ = try await fixture.store.recordPayment(
            PaymentDraft(
                billNumber: invoice.bill, rrn: rrn, issuer: "OVO", amount: Rupiah(invoice.amount),
                paidAt: fixture.clock.now, recordedAt: fixture.clock.now, source: .acquirerNotification))
    }

    static func browser(_ accept: String = "text/html,application/xhtml+xml") -> HTTPFields {
        var fields = HTTPFields()
        fields[.accept] = accept
        return fields
    }

    /// The summed measures of a JSON row, by name.
    static func summedValues(_ row: Any?) throws -> [String: Int64?] {
        try values(row).filter { summed.contains($0.key) }
    }

    /// The measures of a JSON row, by name (nil: JSON null).
    static func values(_ row: Any?) throws -> [String: Int64?] {
        let object = try #require(row as? [String: Any])
        var result: [String: Int64?] = [:]
        for measure in measures {
            let value = try #require(object[measure], "\(measure) is missing")
            result.updateValue((value as? NSNumber).map { $0.int64Value }, forKey: measure)
        }
        return result
    }

    @Test("a closed day shows its statement's figures and link, an open day is live; JSON, CSV and page agree")
    func closedAndLiveDays() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let store = fixture.store
            // 2026-11-24: four tickets and a fee. Three tickets and the fee paid and settled (the acquirer's
            // file for the 25th, T+1, applied), one cancelled.
            var first: [Issued] = []
            for index in 0..<4 { first.append(try await Self.issue(client, fixture, key: "t24-\(index)")) }
            let fee = try await Self.issue(client, fixture, key: "f24", fee: true)
            var paid: [DaySettlementDueTests.Payment] = []
            for (index, invoice) in (first[0...2] + [fee]).enumerated() {
                fixture.clock.advance(by: 5)
                try await Self.pay(fixture, invoice, rrn: "24000000000\(index)")
                paid.append(
                    .init(
                        bill: invoice.bill.rawValue, rrn: "24000000000\(index)", amount: invoice.amount,
                        paidAt: fixture.clock.now))
            }
            let settled = try await DaySettlementDueTests.apply(client, fixture, date: "2026-11-25", paid)
            let settledCount: Int? = settled["settled"] as? Int
            #expect(settledCount == 4)
            _ = try await store.cancelInvoice(first[3].id, reason: "salah cetak", at: fixture.clock.now)

            // The next day: the 24th closes; two tickets are issued on the 25th, one paid.
            fixture.clock.advance(by: 86_400)
            let closed = try await client.execute(
                uri: "/api/v1/days/\(Self.closedDay)/close", method: .post, headers: fixture.headers(.supervisor))
            #expect(closed.status == .ok, "\(String(buffer: closed.body))")
            let second = [
                try await Self.issue(client, fixture, key: "t25-0"),
                try await Self.issue(client, fixture, key: "t25-1"),
            ]
            try await Self.pay(fixture, second[0], rrn: "250000000000")

            let response = try await client.execute(uri: "/public/transparency/2026-11.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let month = try jsonObject(response)
            #expect(month["month"] as? String == "2026-11")
            #expect(month["status"] as? String == "live")
            #expect(month["timeZone"] as? String == "Asia/Jayapura")
            let days = try #require(month["days"] as? [[String: Any]])
            #expect(days.map { $0["date"] as? String } == (1...25).map { "2026-11-\(CivilDate.pad($0, 2))" })

            // The closed day: the statement's figures, its hash and link.
            let day24 = days[23]
            #expect(day24["status"] as? String == "closed")
            let statementLink = try #require(day24["statement"] as? [String: Any])
            #expect(statementLink["url"] as? String == "/public/days/2026-11-24")
            let published = try await client.execute(uri: "/public/days/2026-11-24", method: .get)
            #expect(
                statementLink["sha256"] as? String
                    == SHA256.hash(data: Array(published.body.readableBytesView)).map { String(format: "%02x", $0) }
                    .joined())
            let statement = try #require(try await store.closedDay(Self.closedDay))
            #expect(statementLink["keyId"] as? String == statement.keyID)
            guard case .int(let issued)? = statement.figures["invoices"]?["issued"],
                case .int(let received)? = statement.figures["invoices"]?["received"],
                case .int(let settled)? = statement.figures["invoices"]?["settled"],
                case .int(let gross)? = statement.figures["revenue"]?["gross"],
                case .int(let mdr)? = statement.figures["revenue"]?["mdr"],
                case .int(let net)? = statement.figures["revenue"]?["net"],
                case .int(let cancelled)? = statement.figures["byStatus"]?["cancelled"]?["count"]
            else { Issue.record("the statement lacks a figure"); return }
            let total24 = try Self.values(day24["total"])
            #expect(total24["issued"] == issued && issued == 5)
            #expect(total24["paid"] == received && received == 4)
            #expect(total24["settled"] == settled && settled == 4)
            #expect(total24["cancelled"] == cancelled && cancelled == 1)
            #expect(total24["gross"] == gross && gross == first[0...2].reduce(fee.amount) { $0 + $1.amount })
            #expect(total24["mdr"] == mdr && total24["net"] == net)
            #expect(total24["sequenceGaps"] == 0)
            let zones24 = try #require(day24["zones"] as? [[String: Any]])
            #expect(zones24.map { $0["zone"] as? String } == ["-", "ayp-01"])
            let ayp24 = try Self.values(zones24[1])
            #expect(ayp24["issued"] == 4 && ayp24["paid"] == 3)
            #expect(zones24[1]["cancelled"] is NSNull, "the statement has no per-zone cancellations")

            // The same day as the console's day figures count it.
            let zone = CityTimeZone.wit
            let figures24 = try await store.dayFigures(
                from: zone.startOfDay(Self.closedDay), to: zone.startOfDay(Self.liveDay), in: zone)
            #expect(total24["issued"] == Int64(figures24.total.issued.count))
            #expect(total24["settled"] == Int64(figures24.total.settled.count))
            #expect(total24["cancelled"] == Int64(figures24.total.cancelled.count))
            #expect(total24["issuedAmount"] == figures24.total.issued.amount.value)

            // The open day: live, as the day figures count it now.
            let day25 = days[24]
            #expect(day25["status"] as? String == "live")
            #expect(day25["statement"] is NSNull)
            let total25 = try Self.values(day25["total"])
            let figures25 = try await store.dayFigures(
                from: zone.startOfDay(Self.liveDay), to: zone.startOfDay(Self.liveDay.adding(days: 1)), in: zone)
            #expect(total25["issued"] == Int64(figures25.total.issued.count) && total25["issued"] == 2)
            #expect(total25["paid"] == Int64(figures25.total.paid.count) && total25["paid"] == 1)
            #expect(total25["gross"] == figures25.total.paid.amount.value)
            #expect(total25["cancelled"] == 0)
            #expect(try Self.values((day25["zones"] as? [[String: Any]])?.first)["cancelled"] == 0)

            // And as the daily report (finance) counts both days: the closed one by its signed
            // statement's figures, the open one live.
            for (date, values) in [(Self.closedDay, total24), (Self.liveDay, total25)] {
                let report = try jsonObject(
                    try await client.execute(
                        uri: "/api/v1/reports/daily?date=\(date)", method: .get,
                        headers: fixture.headers(.finance, json: false)))
                let issuedFigure: [String: Any]
                let cancelled: Int
                if report["closed"] as? Bool == true {
                    let figures = try #require((report["statement"] as? [String: Any])?["figures"] as? [String: Any])
                    let invoices = try #require(figures["invoices"] as? [String: Any])
                    issuedFigure = ["count": invoices["issued"] ?? -1, "amount": invoices["issuedAmount"] ?? -1]
                    let byStatus = figures["byStatus"] as? [String: Any]
                    cancelled = (byStatus?["cancelled"] as? [String: Any])?["count"] as? Int ?? 0
                } else {
                    issuedFigure = try #require(report["issued"] as? [String: Any])
                    cancelled = try #require((report["cancelled"] as? [String: Any])?["count"] as? Int)
                }
                #expect((report["closed"] as? Bool) == (date == Self.closedDay), "\(date)")
                #expect(values["issued"] == (issuedFigure["count"] as? Int).map(Int64.init), "\(date)")
                #expect(values["issuedAmount"] == (issuedFigure["amount"] as? Int).map(Int64.init), "\(date)")
                #expect(values["cancelled"] == Int64(cancelled), "\(date)")
            }

            // The month: the sums of its days; days without invoices are zero.
            let total = try Self.values(month["total"])
            for measure in Self.summed where measure != "cancelled" {
                #expect(total[measure] == (total24[measure] ?? 0).map { $0 + (total25[measure] ?? 0)! }, "\(measure)")
            }
            #expect(total["cancelled"] == 1)
            #expect(try Self.values(days[0]["total"])["issued"] == 0)
            let monthZones = try #require(month["zones"] as? [[String: Any]])
            let aypRow = monthZones.first { $0["zone"] as? String == "ayp-01" }
            #expect(try Self.values(aypRow)["issued"] == 6 && aypRow?["cancelled"] is NSNull)

            // The CSV: the documented header, the same numbers.
            let csvResponse = try await client.execute(uri: "/public/transparency/2026-11.csv", method: .get)
            #expect(csvResponse.status == .ok)
            #expect(csvResponse.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = String(buffer: csvResponse.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            let header = lines[0].split(separator: ",").map(String.init)
            #expect(header == ["scope", "month", "date", "zone", "status"] + Self.measures + ["statementSha256"])
            let rows = lines.dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            func csvValues(_ row: [String]) -> [String: Int64?] {
                Dictionary(uniqueKeysWithValues: Self.measures.enumerated().map { ($1, Int64(row[5 + $0])) })
            }
            let closedRow = try #require(rows.first { $0[0] == "day" && $0[2] == "2026-11-24" && $0[3] == "*" })
            #expect(closedRow[4] == "closed" && closedRow.last == statementLink["sha256"] as? String)
            #expect(csvValues(closedRow) == total24)
            let feeRow = try #require(rows.first { $0[2] == "2026-11-24" && $0[3] == "-" })
            #expect(csvValues(feeRow)["issued"] == 1 && feeRow[5 + Self.measures.firstIndex(of: "cancelled")!] == "")
            let liveRow = try #require(rows.first { $0[0] == "day" && $0[2] == "2026-11-25" && $0[3] == "*" })
            #expect(liveRow[4] == "live" && liveRow.last == "" && csvValues(liveRow) == total25)
            let monthRow = try #require(rows.first { $0[0] == "month" && $0[3] == "*" })
            #expect(monthRow[1] == "2026-11" && monthRow[2] == "" && csvValues(monthRow) == total)
            #expect(rows.filter { $0[0] == "day" && $0[3] == "*" }.count == 25)

            // The page: rupiah as Rp1.234.567, the charts, the statement's link, the live day marked.
            let page = try await client.execute(uri: "/transparansi", method: .get, headers: Self.browser())
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<html lang=\"id\">") && html.contains("November 2026"))
            #expect(
                html.contains(Rupiah(total["gross"]!!).formatted) && Rupiah(total["gross"]!!).formatted.contains("."))
            #expect(html.contains("<svg id=\"chart-gross\"") && html.contains("<svg id=\"chart-count\""))
            #expect(html.contains("href=\"/public/days/2026-11-24\""))
            #expect(html.contains("sementara, belum ditutup"))
            #expect(html.contains("href=\"/public/transparency/2026-11.csv\""))
            let english = String(
                buffer: try await client.execute(uri: "/transparansi?bulan=2026-11&lang=en", method: .get).body)
            #expect(english.contains("<html lang=\"en\">") && english.contains("provisional, not closed yet"))
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: Self.browser()).body)
            #expect(home.contains("href=\"/transparansi\""))
        }
    }

    @Test("a live day's revenue agrees with its invoices and their settlement rows (MDR and net from an applied file)")
    func liveDayWithSettlementFile() async throws {
        let fixture = try await SettlementDay.fixture()
        let generated = try await SettlementDay.make(
            count: 200, seed: 17, store: fixture.store, device: fixture.deviceIDs[.kiosk]!)
        let file = Array(try Data(contentsOf: generated.settlementFile))
        // 2026-12-02 10:00 WIT: the generated day (2026-12-01) and its month have begun.
        fixture.clock.advance(by: Date(timeIntervalSince1970: 1_796_173_200).timeIntervalSince(fixture.clock.now))
        try await fixture.live { client in
            let uploaded = try await uploadSettlement(client, fixture, body: ByteBuffer(bytes: file))
            #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(300))")
            let id = try #require(try jsonObject(uploaded)["id"] as? String)
            let applied = try await client.execute(
                uri: "/api/v1/settlements/\(id)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(applied.status == .ok, "\(String(buffer: applied.body).prefix(300))")

            let month = try jsonObject(try await client.execute(uri: "/public/transparency/2026-12.json", method: .get))
            let days = try #require(month["days"] as? [[String: Any]])
            #expect(days.map { $0["date"] as? String } == ["2026-12-01", "2026-12-02"])
            let zone = CityTimeZone.wit
            var monthTotal: [String: Int64?] = Dictionary(uniqueKeysWithValues: Self.summed.map { ($0, 0) })
            for (index, day) in days.enumerated() {
                // Counted again here, invoice by invoice, with each one's settlement row.
                let date = CivilDate(year: 2026, month: 12, day: index + 1)!
                var expected: [String: Int64] = Dictionary(uniqueKeysWithValues: Self.summed.map { ($0, 0) })
                for invoice in try await fixture.store.invoices(
                    issuedFrom: zone.startOfDay(date), to: zone.startOfDay(date.adding(days: 1)))
                {
                    expected["issued"]! += 1
                    expected["issuedAmount"]! += invoice.amount.value
                    if invoice.status.isPaid {
                        expected["paid"]! += 1
                        expected["gross"]! += invoice.amount.value
                    }
                    if invoice.status == .settled { expected["settled"]! += 1 }
                    if invoice.status == .cancelled { expected["cancelled"]! += 1 }
                    if let settlement = try await fixture.store.invoiceSettlement(invoiceID: invoice.id) {
                        expected["mdr"]! += settlement.entry.mdr.value
                        expected["net"]! += settlement.entry.net.value
                    }
                }
                #expect(day["status"] as? String == "live")
                #expect(try Self.summedValues(day["total"]) == expected.mapValues { $0 }, "\(date)")
                for (measure, value) in expected { monthTotal[measure] = monthTotal[measure]!.map { $0 + value } }
            }
            #expect(try Self.summedValues(month["total"]) == monthTotal)
            // No complaint in this ledger: the rates are unknown.
            #expect(try Self.values(month["total"])["complaintsInTimePercent"] == .some(nil))
            // The demo city is a government merchant (P2G: MDR 0 %), so the rows' net is what shows them.
            #expect((monthTotal["net"] ?? 0)! > 0 && (monthTotal["settled"] ?? 0)! > 0, "a file settled invoices")
        }
    }

    @Test("live figures are kept at most 30 s; a closed day's never change")
    func liveFiguresRefresh() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            let invoice = try await Self.issue(client, fixture, key: "cache-0")
            func paid() async throws -> (Int64??, String?) {
                let month = try jsonObject(
                    try await client.execute(uri: "/public/transparency/2026-11.json", method: .get))
                let days = try #require(month["days"] as? [[String: Any]])
                return (try Self.values(days.last?["total"])["paid"], month["generatedAt"] as? String)
            }
            let counted = "2026-11-24T01:00:00Z"
            #expect(try await paid() == (0, counted))
            try await Self.pay(fixture, invoice, rrn: "260000000001")
            fixture.clock.advance(by: 29)
            #expect(try await paid() == (0, counted), "served from memory within 30 s, as counted then")
            fixture.clock.advance(by: 2)
            #expect(try await paid() == (1, "2026-11-24T01:00:31Z"), "counted again after 30 s")
            let page = String(buffer: try await client.execute(uri: "/transparansi", method: .get).body)
            #expect(page.contains("Angka ini dihitung pada 2026-11-24 10:00 WIT."), "the page says when")
        }
    }

    @Test("a malformed month is 400 naming the field; a future month 404; a month before the ledger is empty")
    func badAndFutureMonths() async throws {
        let fixture = try await APIFixture.make()
        try await fixture.live { client in
            for path in ["2026-13.json", "abc.json", "2026-1.csv", "0000-01.json", "2026-11-01.json", "2026-00.csv"] {
                let response = try await client.execute(uri: "/public/transparency/\(path)", method: .get)
                #expect(response.status == .badRequest, "\(path)")
                #expect(try errorObject(response)["field"] as? String == "month", "\(path)")
                #expect(try errorObject(response)["code"] as? String == "request.invalidValue", "\(path)")
            }
            let future = try await client.execute(uri: "/public/transparency/2026-12.json", method: .get)
            #expect(future.status == .notFound)
            #expect(try errorObject(future)["code"] as? String == "transparency.futureMonth")
            #expect(try errorObject(future)["field"] as? String == "month")
            let badPage = try await client.execute(
                uri: "/transparansi?bulan=2026-13", method: .get, headers: Self.browser())
            #expect(badPage.status == .badRequest)
            #expect(String(buffer: badPage.body).contains("Bulan tidak sah"))
            let futurePage = try await client.execute(uri: "/transparansi?bulan=2027-01", method: .get)
            #expect(futurePage.status == .notFound)
            let old = try jsonObject(try await client.execute(uri: "/public/transparency/2020-02.json", method: .get))
            let days = try #require(old["days"] as? [[String: Any]])
            #expect(days.count == 29 && days.allSatisfy { $0["status"] as? String == "live" })
            #expect(try Self.values(old["total"])["issued"] == 0)
            let page = String(buffer: try await client.execute(uri: "/transparansi?bulan=2020-02", method: .get).body)
            #expect(page.contains("Februari 2020") && page.contains("href=\"/transparansi?bulan=2020-03\""))
        }
    }
}
