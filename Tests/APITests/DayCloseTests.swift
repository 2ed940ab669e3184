import API
import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import LunasTestSupport
import Testing

/// Closing a city day over real HTTP (issue 14, "The day closes" and "The books"): tickets issued
/// by an attendant, paid through the acquirer simulator (one twice, one taken back by the payer's
/// bank), one never paid, one issued late in the evening; the simulator's settlement file uploaded
/// and applied (the reversal recorded against its payment); the day refused
/// while it is not over and while something blocks it, then closed by a whole-city supervisor.
/// The signed statement is published, checked offline by the real `lunas day verify`, and booked
/// as a balanced journal.
@Suite("The day closes: blockers, the signed statement, the public page, offline verify, the journal (real HTTP)")
struct DayCloseTests {
    /// The fixture's city day (APIFixture.start is 10:00 WIT on 2026-11-24).
    static let day = "2026-11-24"
    /// 00:00 WIT on 2026-11-24 and 2026-11-25, UTC.
    static let dayStart = Date(timeIntervalSince1970: 1_795_446_000)  // 2026-11-23T15:00:00Z
    static let dayEnd = dayStart.addingTimeInterval(86_400)

    struct Ticket {
        var id: String
        var billNumber: String
        var qris: String
        var amount: Int
        var expiresAt: Date
    }

    @Test(
        "a day closes only when over and when nothing blocks it; the statement is signed, published, verifies offline and books a balanced journal"
    )
    func closeTheDay() async throws {
        let fixture = try await APIFixture.make(expiryInterval: .milliseconds(100))
        let zonedSupervisor = try await fixture.enrol("spv-zoned", role: .supervisor, zones: ["ayp-01"])
        #expect(fixture.clock.now == APIFixture.start)
        try await AcquirerLoop.run(fixture) { loop in
            let lunas = loop.lunas
            let store = fixture.store
            var tickets: [Ticket] = []
            for index in 0..<6 {
                tickets.append(try await issue(loop, key: "day-\(index)"))
            }
            // 0, 1, 2: paid once; 3: paid twice (the second payment opens a duplicate_payment
            // exception); 4: never paid (it expires); 5: paid once, then taken back in full by the
            // payer's bank (a chargeback: a REFUND row in the settlement file).
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            for index in [0, 1, 2, 3, 3, 5] {
                fixture.clock.advance(by: 10)
                let paid = try await loop.pay(tickets[index].qris)
                #expect(paid.status == .ok, "\(String(buffer: paid.body))")
                await loop.simulator.notifier.settle()
            }
            for index in [0, 1, 2, 3, 5] {
                #expect(try await store.invoice(id: .init(tickets[index].id))?.status == .paid, "ticket \(index)")
            }
            let payments = try await store.payments(invoiceID: .init(tickets[3].id))
            #expect(payments.count == 2)
            let extra = try #require(payments.first { $0.effect == .extra })
            let reversedPayment = try #require(try await store.payments(invoiceID: .init(tickets[5].id)).first)
            fixture.clock.advance(by: 60)
            let chargeback = try await loop.reverse(rrn: reversedPayment.rrn, amount: nil)
            #expect(chargeback.status == .ok, "\(String(buffer: chargeback.body))")

            // While the day is not over: 409 naming that first, with everything else that blocks.
            let eventsBefore = try await fixture.eventCount()
            let early = try await close(lunas, fixture, role: .admin)
            #expect(early.status == .conflict, "\(String(buffer: early.body))")
            #expect(try errorObject(early)["code"] as? String == "day.notClosable")
            #expect(try errorObject(early)["field"] as? String == "date")
            let earlyBlockers = try blockers(early)
            #expect(
                earlyBlockers.map(\.kind) == [
                    "day_not_over", "invoice_not_final", "paid_not_settled", "exception_open",
                    "settlement_file_missing",
                ],
                "\(earlyBlockers)")
            // The day's payments (Jakarta time, the simulator's profile) fall due on its T+1 working day,
            // and no settlement file for that date has been applied.
            #expect(earlyBlockers.last?.examples == ["2026-11-25"])
            #expect(earlyBlockers.last?.count == 1)
            let earlyList: [[String: Any]] = try #require(try jsonObject(early)["blockers"] as? [[String: Any]])
            let missing: [String: Any] = try #require(earlyList.last)
            let label: [String: String] = try #require(missing["label"] as? [String: String])
            let todo: [String: String] = try #require(missing["todo"] as? [String: String])
            #expect(label["id"] == "Berkas setelmen yang jatuh tempo belum diterapkan")
            #expect(label["en"] == "Settlement files due not applied")
            #expect(todo["en"]?.contains("settlement file") == true)
            #expect(earlyBlockers.first { $0.kind == "day_not_over" }?.examples == [Self.day])
            #expect(earlyBlockers.first { $0.kind == "invoice_not_final" }?.count == 1)
            #expect(earlyBlockers.first { $0.kind == "invoice_not_final" }?.examples == [tickets[4].id])
            #expect(earlyBlockers.first { $0.kind == "paid_not_settled" }?.count == 5)
            #expect(
                Set(earlyBlockers.first { $0.kind == "paid_not_settled" }?.examples ?? [])
                    == Set([0, 1, 2, 3, 5].map { tickets[$0].id }))
            #expect(earlyBlockers.first { $0.kind == "exception_open" }?.count == 1)
            #expect(try await fixture.eventCount() == eventsBefore, "a refused close writes nothing")

            // The day as its readers see it: open, with the same blockers; not for an attendant.
            for role in [Device.Role.finance, .supervisor, .auditor, .admin] {
                let shown = try await dayStatus(lunas, fixture, Self.day, role: role)
                #expect(shown.status == .ok, "\(role)")
                let body = try jsonObject(shown)
                #expect(body["date"] as? String == Self.day)
                #expect(body["closed"] as? Bool == false)
                #expect(body["statement"] == nil || body["statement"] is NSNull)
                #expect(try blockers(shown) == earlyBlockers, "\(role)")
            }
            #expect(try await dayStatus(lunas, fixture, Self.day, role: .attendant).status == .forbidden)
            #expect(try await dayStatus(lunas, fixture, Self.day, role: nil).status == .unauthorized)
            #expect(try await dayStatus(lunas, fixture, "2026-13-01", role: .finance).status == .badRequest)

            // Late in the evening: ticket 4 has expired; one more ticket is issued and never paid.
            fixture.clock.advance(
                by: Self.dayStart.addingTimeInterval(23.5 * 3600).timeIntervalSince(fixture.clock.now))
            #expect(try await waitForStatus(lunas, fixture, tickets[4].id, "expired"))
            let late = try await issue(loop, key: "day-late")
            #expect(late.expiresAt > Self.dayEnd, "the late ticket is still open when the day ends")

            // The simulator's settlement file holding the day's payments (T+1 working day), uploaded and applied.
            let simulated = try await loop.simulatorClient.execute(
                uri: "/sim/settlement?paidOn=2026-11-24", method: .get)
            #expect(simulated.status == .ok)
            #expect(simulated.headers[HTTPField.Name("X-Settlement-Date")!] == "2026-11-25")
            let file = String(buffer: simulated.body)
            let rows = file.split(separator: "\r\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            #expect(rows.count == 7, "\(file)")
            #expect(rows.filter { $0[11] == "REFUND" }.map { $0[3] } == [reversedPayment.rrn], "\(file)")
            // The settled rows: every row but the second payment's and the reversed ticket's (rrn
            // column 3); gross, MDR, net in 12–14.
            let settledRows = rows.filter { $0[3] != extra.rrn && $0[3] != reversedPayment.rrn }
            let reversedRow = try #require(rows.first { $0[3] == reversedPayment.rrn && $0[11] == "SUCCESS" })
            let reversedAmount = tickets[5].amount
            #expect(settledRows.count == 4)
            let expectedGross = settledRows.reduce(0) { $0 + Int($1[12])! }
            let expectedMDR = settledRows.reduce(0) { $0 + Int($1[13])! }
            let expectedNet = settledRows.reduce(0) { $0 + Int($1[14])! }
            #expect(expectedGross == tickets[0...3].reduce(0) { $0 + $1.amount })
            #expect(expectedGross == expectedMDR + expectedNet)
            let uploaded = try await uploadSettlement(
                lunas, fixture, body: ByteBuffer(string: file), profile: "lunas-simulator")
            #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(600))")
            let settlementID = try #require(try jsonObject(uploaded)["id"] as? String)
            let applied = try await lunas.execute(
                uri: "/api/v1/settlements/\(settlementID)/apply", method: .post, headers: fixture.headers(.finance))
            #expect(applied.status == .ok, "\(String(buffer: applied.body))")
            #expect(try jsonObject(applied)["settled"] as? Int == 5)
            #expect(try jsonObject(applied)["reversalsRecorded"] as? Int == 1)
            #expect(try jsonObject(applied)["complete"] as? Bool == true)
            // Ticket 5: settled by its row, then taken back by the REFUND row: a reversal against
            // its payment, by the applying finance device, and the invoice refunded.
            #expect(try await store.invoice(id: .init(tickets[5].id))?.status == .refunded)
            let reversal = try #require(try await store.refunds(invoiceID: .init(tickets[5].id)).first)
            #expect(reversal.source == .settlementReversal && reversal.paymentID == reversedPayment.id)
            #expect(reversal.amount == Rupiah(Int64(reversedAmount)))
            #expect(reversal.actor == .device(Device.ID("t-finance")))
            #expect(reversal.settlement?.settlementID == settlementID)
            #expect(
                try await store.events(entityID: tickets[5].id).suffix(3).map(\.kind) == [
                    .invoiceSettled, .paymentReversed, .invoiceRefunded,
                ])

            // After midnight: the day is over, but the late ticket is still issued and the double
            // payment's exception is open.
            fixture.clock.advance(by: Self.dayEnd.addingTimeInterval(60).timeIntervalSince(fixture.clock.now))
            let blocked = try await close(lunas, fixture, role: .supervisor)
            #expect(blocked.status == .conflict, "\(String(buffer: blocked.body))")
            let blockedBy = try blockers(blocked)
            #expect(blockedBy.map(\.kind) == ["invoice_not_final", "exception_open"], "\(blockedBy)")
            #expect(blockedBy.first?.count == 1)
            #expect(blockedBy.first?.examples == [late.id])
            #expect(blockedBy.last?.count == 1)
            let exceptionID = try #require(blockedBy.last?.examples.first)
            let message = try #require(try errorObject(blocked)["message"] as? String)
            #expect(message.contains("invoice_not_final 1"), "\(message)")
            #expect(message.contains("exception_open 1"), "\(message)")

            // Resolve what blocks: the exception is explained, the late ticket expires.
            let resolved = try await lunas.execute(
                uri: "/api/v1/exceptions/\(exceptionID)/resolve", method: .post, headers: fixture.headers(.finance),
                body: ByteBuffer(string: #"{"resolution":"explained","note":"the payer paid twice; refund requested"}"#)
            )
            #expect(resolved.status == .ok, "\(String(buffer: resolved.body))")
            fixture.clock.advance(by: late.expiresAt.addingTimeInterval(1).timeIntervalSince(fixture.clock.now))
            #expect(try await waitForStatus(lunas, fixture, late.id, "expired"))
            let shownOpen = try await dayStatus(lunas, fixture, Self.day, role: .finance)
            #expect(try blockers(shownOpen).isEmpty, "\(String(buffer: shownOpen.body))")
            #expect(try jsonObject(shownOpen)["closed"] as? Bool == false)

            // Who may close: not a supervisor enrolled for zones, not finance, an auditor or an attendant.
            let eventsBeforeClose = try await fixture.eventCount()
            let zoned = try await lunas.execute(
                uri: "/api/v1/days/\(Self.day)/close", method: .post, headers: fixture.headers(token: zonedSupervisor))
            #expect(zoned.status == .forbidden, "\(String(buffer: zoned.body))")
            #expect(try errorObject(zoned)["code"] as? String == "device.actorNotAllowed")
            for role in [Device.Role.finance, .auditor, .attendant, .kiosk] {
                #expect(try await close(lunas, fixture, role: role).status == .forbidden, "\(role)")
            }
            #expect(try await close(lunas, fixture, role: nil).status == .unauthorized)
            #expect(try await fixture.eventCount() == eventsBeforeClose, "refused closes write nothing")
            let notClosed = try await lunas.execute(
                uri: "/public/days/\(Self.day)", method: .get, headers: [:])
            #expect(notClosed.status == .notFound)
            #expect(try errorObject(notClosed)["code"] as? String == "day.notClosed")

            // Closed by the whole-city supervisor: 200, the signed statement.
            let closed = try await close(lunas, fixture, role: .supervisor)
            #expect(closed.status == .ok, "\(String(buffer: closed.body))")
            let statementBytes = Array(closed.body.readableBytesView)
            #expect(try await fixture.eventCount() == eventsBeforeClose + 1)
            let events = try await store.events(after: 0, limit: 100_000)
            let closedEvent = try #require(events.last)
            #expect(closedEvent.kind == .dayClosed)
            #expect(closedEvent.entityID == "day-\(Self.day)")

            let statement = try jsonObject(closed)
            #expect(statement["statementVersion"] as? Int == 1)
            #expect(statement["date"] as? String == Self.day)
            #expect(statement["city"] as? String == "ambon")
            #expect(statement["timeZone"] as? String == "WIT")
            #expect(statement["from"] as? Int == Int(Self.dayStart.timeIntervalSince1970) * 1000)
            #expect(statement["to"] as? Int == Int(Self.dayEnd.timeIntervalSince1970) * 1000)
            #expect((statement["closedBy"] as? [String: Any])?["device"] as? String == "t-supervisor")
            #expect((statement["signature"] as? String).flatMap { Data(base64Encoded: $0) }?.count == 64)
            #expect((statement["keyId"] as? String)?.isEmpty == false)
            let head = try #require(statement["chainHead"] as? [String: Any])
            #expect(head["sequence"] as? Int == eventsBeforeClose, "the head is the event before day.closed")
            #expect((head["hash"] as? String)?.count == 64)

            // The figures are what was set up: seven tickets, four settled, one refunded, two expired.
            let figures = try #require(statement["figures"] as? [String: Any])
            let invoices = try #require(figures["invoices"] as? [String: Any])
            let issuedAmount = tickets.reduce(0) { $0 + $1.amount } + late.amount
            #expect(invoices["issued"] as? Int == 7)
            #expect(invoices["issuedAmount"] as? Int == issuedAmount)
            #expect(invoices["received"] as? Int == 5)
            #expect(invoices["receivedAmount"] as? Int == expectedGross + reversedAmount)
            #expect(invoices["settled"] as? Int == 4)
            #expect(invoices["settledAmount"] as? Int == expectedGross)
            let revenue = try #require(figures["revenue"] as? [String: Any])
            #expect(revenue["gross"] as? Int == expectedGross + reversedAmount)
            #expect(revenue["mdr"] as? Int == expectedMDR + Int(reversedRow[13])!)
            // Ticket 5 was settled, then taken back by the payer's bank: its net is no longer in `net`;
            // the bank kept its MDR (in `mdr`, and apart in `refundedMDR`).
            #expect(revenue["net"] as? Int == expectedNet)
            #expect(revenue["refundedMDR"] as? Int == Int(reversedRow[13])!)
            #expect(revenue["outstanding"] as? Int == 0)
            #expect(revenue["refunded"] as? Int == reversedAmount)
            let byStatus = try #require(figures["byStatus"] as? [String: [String: Int]])
            #expect(byStatus["settled"] == ["count": 4, "amount": expectedGross])
            #expect(byStatus["expired"] == ["count": 2, "amount": tickets[4].amount + late.amount])
            #expect(byStatus["refunded"] == ["count": 1, "amount": reversedAmount])
            #expect(Set(byStatus.keys) == ["settled", "expired", "refunded"])
            #expect(figures["exceptions"] as? [String: Int] == ["explained": 1])
            let zones = try #require(figures["byZone"] as? [[String: Any]])
            #expect(zones.count == 1)
            #expect(zones.first?["zone"] as? String == "ayp-01")
            #expect(zones.first?["issued"] as? Int == 7)
            let lines = try #require(figures["byRevenueLine"] as? [[String: Any]])
            #expect(lines.map { $0["revenueLine"] as? String } == ["parking:motorcycle"])
            let devices = try #require(figures["byDevice"] as? [[String: Any]])
            #expect(devices.map { $0["device"] as? String } == ["t-attendant"])

            // Closing again: the same bytes, not one event more, for any closer.
            let again = try await close(lunas, fixture, role: .admin)
            #expect(again.status == .ok)
            #expect(Array(again.body.readableBytesView) == statementBytes)
            #expect(try await fixture.eventCount() == eventsBeforeClose + 1)

            let shownClosed = try await dayStatus(lunas, fixture, Self.day, role: .auditor)
            #expect(shownClosed.status == .ok)
            let shownBody = try jsonObject(shownClosed)
            #expect(shownBody["closed"] as? Bool == true)
            #expect(shownBody["statement"] as? String == "/public/days/\(Self.day)")
            #expect(try blockers(shownClosed).isEmpty)

            // Published: the JSON is the statement byte for byte; the page is Indonesian.
            let published = try await lunas.execute(uri: "/public/days/\(Self.day)", method: .get, headers: [:])
            #expect(published.status == .ok)
            #expect(Array(published.body.readableBytesView) == statementBytes)
            #expect(published.headers[.contentType]?.hasPrefix("application/json") == true)
            let page = try await lunas.execute(
                uri: "/public/days/\(Self.day)", method: .get, headers: [.accept: "text/html"])
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains(#"lang="id""#))
            #expect(html.contains("Laporan harian"))
            #expect(html.contains(Self.day))
            let openPage = try await lunas.execute(
                uri: "/public/days/2026-11-25", method: .get, headers: [.accept: "text/html"])
            #expect(openPage.status == .notFound)
            #expect(String(buffer: openPage.body).contains("belum ditutup"))
            let englishPage = String(
                buffer: try await lunas.execute(
                    uri: "/public/days/\(Self.day)?lang=en", method: .get, headers: [.accept: "text/html"]
                ).body)
            #expect(englishPage.contains("Signed with the city's key") && englishPage.contains("lunas day verify FILE"))
            #expect(
                englishPage.contains("Gross takings received")
                    && englishPage.contains("href=\"/public/days/\(Self.day)?lang=id\""))
            let englishOpen = try await lunas.execute(
                uri: "/public/days/2026-11-25?lang=en", method: .get, headers: [.accept: "text/html"])
            #expect(englishOpen.status == .notFound && String(buffer: englishOpen.body).contains("has not closed"))

            // Offline: the real `lunas day verify` with the published key ring.
            let keys = try await lunas.execute(uri: "/public/receipt-keys", method: .get, headers: [:])
            #expect(keys.status == .ok)
            let folder = fixture.directory.appendingPathComponent("download")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let ring = folder.appendingPathComponent("receipt-keys.json")
            let statementFile = folder.appendingPathComponent("laporan-\(Self.day).json")
            try Data(keys.body.readableBytesView).write(to: ring)
            try Data(statementBytes).write(to: statementFile)
            let lunasBinary = try TestExecutable.lunas()
            let valid = try await ChildProcess.run(
                lunasBinary, ["day", "verify", statementFile.path, "--keys", ring.path])
            #expect(valid.status == 0, "\(valid)")
            #expect(valid.stdoutText.hasPrefix("valid"), "\(valid.stdoutText)")

            // One figure altered (the first MDR in the file, doubled plus one): NOT VALID, exit 1.
            let text = String(decoding: statementBytes, as: UTF8.self)
            let mdrTotal = expectedMDR + Int(reversedRow[13])!
            let netTotal = expectedNet
            let original = #""mdr":\#(mdrTotal),"net":\#(netTotal),"outstanding""#
            #expect(text.contains(original), "\(text)")
            let first = try #require(text.range(of: original))
            let altered = text.replacingCharacters(
                in: first, with: #""mdr":\#(mdrTotal * 2 + 1),"net":\#(netTotal),"outstanding""#)
            #expect(altered != text)
            let alteredFile = folder.appendingPathComponent("laporan-\(Self.day)-altered.json")
            try Data(altered.utf8).write(to: alteredFile)
            let invalid = try await ChildProcess.run(
                lunasBinary, ["day", "verify", alteredFile.path, "--keys", ring.path])
            #expect(invalid.status == 1, "\(invalid)")
            #expect(invalid.stdoutText.contains("NOT VALID"), "\(invalid.stdoutText)")
            let noRing = try await ChildProcess.run(
                lunasBinary,
                ["day", "verify", statementFile.path, "--keys", folder.appendingPathComponent("missing.json").path])
            #expect(noRing.status == 2, "\(noRing)")

            // The books: balanced, gross, for finance, auditors and admins only.
            let journal = try await journalResponse(lunas, fixture, Self.day, format: "json", role: .finance)
            #expect(journal.status == .ok, "\(String(buffer: journal.body))")
            let booked = try jsonObject(journal)
            let totalDebit = try #require(booked["totalDebit"] as? Int)
            #expect(totalDebit == booked["totalCredit"] as? Int)
            #expect(totalDebit > 0)
            // Settled gross, plus the reversed ticket booked twice: received, then paid back.
            #expect(totalDebit == expectedGross + 2 * reversedAmount)
            #expect(booked["date"] as? String == Self.day)
            #expect(booked["chainHead"] as? Int == eventsBeforeClose)
            let journalLines = try #require(booked["lines"] as? [[String: Any]])
            #expect(journalLines.reduce(0) { $0 + ($1["debit"] as? Int ?? 0) } == totalDebit)
            #expect(journalLines.reduce(0) { $0 + ($1["credit"] as? Int ?? 0) } == totalDebit)
            #expect(journalLines.allSatisfy { ($0["debit"] as? Int ?? -1) >= 0 && ($0["credit"] as? Int ?? -1) >= 0 })
            // Revenue recognised gross on the parking account of Config/accounts.json; the bank gets the net.
            let parkingRevenue = journalLines.filter { $0["account"] as? String == "4.1.02.01.09" }
            #expect(parkingRevenue.reduce(0) { $0 + ($1["credit"] as? Int ?? 0) } == expectedGross + reversedAmount)
            #expect(parkingRevenue.reduce(0) { $0 + ($1["debit"] as? Int ?? 0) } == reversedAmount)
            let bank = journalLines.filter { $0["account"] as? String == "1.1.01.03.01" }
            #expect(bank.reduce(0) { $0 + ($1["debit"] as? Int ?? 0) } == expectedNet + reversedAmount)
            #expect(bank.reduce(0) { $0 + ($1["credit"] as? Int ?? 0) } == reversedAmount)

            let csv = try await journalResponse(lunas, fixture, Self.day, format: "csv", role: .finance)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let csvLines = String(buffer: csv.body).split(separator: "\r\n", omittingEmptySubsequences: true)
            #expect(csvLines.first == "date,account,name,debit,credit,memo")
            #expect(csvLines.count == 1 + journalLines.count, "\(csvLines)")
            #expect(csvLines.dropFirst().allSatisfy { $0.hasPrefix("\(Self.day),") })

            #expect(try await journalResponse(lunas, fixture, Self.day, format: "json", role: .auditor).status == .ok)
            #expect(try await journalResponse(lunas, fixture, Self.day, format: "csv", role: .admin).status == .ok)
            for role in [Device.Role.attendant, .supervisor, .kiosk] {
                let refused = try await journalResponse(lunas, fixture, Self.day, format: "json", role: role)
                #expect(refused.status == .forbidden, "\(role)")
            }
            let badFormat = try await journalResponse(lunas, fixture, Self.day, format: "xlsx", role: .finance)
            #expect(badFormat.status == .badRequest)
            #expect(try errorObject(badFormat)["field"] as? String == "format")
            let openDay = try await journalResponse(lunas, fixture, "2026-11-25", format: "json", role: .finance)
            #expect(openDay.status == .notFound)
            #expect(try errorObject(openDay)["code"] as? String == "day.notClosed")
        }
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }
}
