import API
import AcquirerSimulator
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// `POST /api/v1/settlements/{id}/apply` and the `/api/v1/exceptions` routes over real HTTP: tickets
/// issued by an attendant, paid through the acquirer simulator (signed notifies), the simulator's
/// settlement file for the day uploaded with a few rows only the bank knows of, applied, and its
/// exceptions worked to an end.
@Suite("Settlement applied to the ledger; exceptions as work (real HTTP)")
struct SettlementApplyTests {
    /// One ticket of the day: its ledger id, bill number and QRIS payload.
    struct Ticket {
        var id: String
        var billNumber: String
        var qris: String
    }

    @Test(
        "apply: notified and unnotified payments settle, a double payment and bank-only rows become exceptions, a second apply changes nothing; finance works the exceptions"
    )
    func applyAndWorkExceptions() async throws {
        let fixture = try await APIFixture.make()
        try await AcquirerLoop.run(fixture) { loop in
            let lunas = loop.lunas
            var tickets: [Ticket] = []
            for index in 0..<8 {
                let issued = try await loop.issueTicket(key: "apply-\(index)")
                #expect(issued.status == .created, "\(String(buffer: issued.body))")
                let invoice = try #require(try jsonObject(issued)["invoice"] as? [String: Any])
                tickets.append(
                    Ticket(
                        id: try #require(invoice["id"] as? String),
                        billNumber: try #require(invoice["billNumber"] as? String),
                        qris: try #require(invoice["qris"] as? String)))
            }
            // 0, 1, 2: paid once and notified; 3: paid twice (two RRNs, both notified); 4, 5: paid, the
            // notifies lost (only the settlement file tells); 6: never paid, the bank settles another
            // amount for it; 7: never paid, the target of a manual match.
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            for index in [0, 1, 2, 3, 3] {
                fixture.clock.advance(by: 10)
                let paid = try await loop.pay(tickets[index].qris)
                #expect(paid.status == .ok, "\(String(buffer: paid.body))")
                await loop.simulator.notifier.settle()
            }
            try await loop.setFaults(
                AcquirerLoopTests.noFaults.replacingOccurrences(of: #""dropPercent":0"#, with: #""dropPercent":100"#))
            for index in [4, 5] {
                fixture.clock.advance(by: 10)
                #expect(try await loop.pay(tickets[index].qris).status == .ok)
            }
            await loop.simulator.notifier.settle()
            try await loop.setFaults(AcquirerLoopTests.noFaults)
            let store = fixture.store
            for index in 0...3 {
                #expect(try await store.invoice(id: .init(tickets[index].id))?.status == .paid, "ticket \(index)")
            }
            let doubled = try await store.payments(invoiceID: .init(tickets[3].id))
            #expect(doubled.count == 2)
            let extra = try #require(doubled.first { $0.effect == .extra }, "the second payment is recorded as extra")
            // The second payment opened its exception (to refund it) where it was recorded.
            let notified = try await listExceptions(lunas, fixture, "category=duplicate_payment")
            #expect(notified.count == 1)
            #expect(notified.first?["paymentId"] as? String == extra.id.rawValue)
            #expect(notified.first?["origin"] as? String == "ledger")
            for index in 4...7 {
                #expect(try await store.invoice(id: .init(tickets[index].id))?.status == .issued, "ticket \(index)")
            }

            // The simulator's settlement file holding the day's payments (T+1 working day), and four rows
            // only the bank has: an amount the invoice was not issued for, and three bills the city never issued.
            let simulated = try await loop.simulatorClient.execute(
                uri: "/sim/settlement?paidOn=2026-11-24", method: .get)
            #expect(simulated.status == .ok)
            var lines = String(buffer: simulated.body).split(separator: "\r\n").map(String.init)
            #expect(lines.count == 1 + 7, "\(lines)")
            let template = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func bankRow(bill: String, rrn: String, gross: Int) -> String {
                var fields = template
                // fields[2]: the template's time, while the tickets' QRs were valid.
                fields[3] = rrn
                fields[4] = ""
                fields[5] = bill
                fields[8] = ""  // no terminal: no probable match is proposed
                fields[12] = "\(gross)"
                fields[13] = "0"
                fields[14] = "\(gross)"
                return fields.joined(separator: ",")
            }
            lines.append(bankRow(bill: tickets[6].billNumber, rrn: "990000000001", gross: 2500))
            lines.append(bankRow(bill: "ZZUNKNOWN01", rrn: "990000000002", gross: 2000))
            lines.append(bankRow(bill: "ZZUNKNOWN02", rrn: "990000000003", gross: 3000))
            lines.append(bankRow(bill: "ZZUNKNOWN03", rrn: "990000000004", gross: 3000))
            let finalLines = lines
            let lineOf = { (rrn: String) throws -> Int in
                try #require(finalLines.firstIndex { $0.contains(",\(rrn),") }) + 1
            }
            let file = lines.joined(separator: "\r\n") + "\r\n"

            let uploaded = try await uploadSettlement(
                lunas, fixture, body: ByteBuffer(string: file), profile: "lunas-simulator")
            #expect(uploaded.status == .created, "\(String(buffer: uploaded.body).prefix(600))")
            let report = try jsonObject(uploaded)
            let settlementID = try #require(report["id"] as? String)
            let counts = try #require(report["counts"] as? [String: Int])
            #expect(counts["matched"] == 6, "\(counts)")
            #expect(counts["duplicate_payment"] == 1, "\(counts)")
            #expect(counts["amount_mismatch"] == 1, "\(counts)")
            #expect(counts["unknown_bill"] == 3, "\(counts)")

            // Who may apply: finance and admin; not an attendant, not an auditor. Refusals write nothing.
            let beforeApply = try await fixture.eventCount()
            for role in [Device.Role.attendant, .auditor, .supervisor] {
                let refused = try await apply(lunas, fixture, settlementID, role: role)
                #expect(refused.status == .forbidden, "\(role)")
            }
            #expect(try await apply(lunas, fixture, "stl-" + String(repeating: "0", count: 32)).status == .notFound)
            #expect(try await fixture.eventCount() == beforeApply)

            let applied = try await apply(lunas, fixture, settlementID)
            #expect(applied.status == .ok, "\(String(buffer: applied.body))")
            let state = try jsonObject(applied)
            #expect(state["id"] as? String == settlementID)
            #expect(state["rowCount"] as? Int == 11)
            #expect(state["appliedRows"] as? Int == 11)
            #expect(state["complete"] as? Bool == true)
            #expect(state["alreadyApplied"] as? Bool == false)
            #expect(state["settled"] as? Int == 6)
            #expect(state["paymentsRecorded"] as? Int == 2)
            // Four rows open an exception; the second payment's row finds its exception open already.
            #expect(state["exceptionsOpened"] as? Int == 4)

            // Settled, each with the file's row and amounts; the two never notified have a payment
            // from the settlement file first.
            for index in 0...5 {
                #expect(try await invoiceStatus(lunas, fixture, tickets[index].id) == "settled", "ticket \(index)")
                let settlement = try #require(try await store.invoiceSettlement(invoiceID: .init(tickets[index].id)))
                #expect(settlement.entry.reference.settlementID == settlementID)
                #expect(settlement.entry.gross == Rupiah(2000))
                #expect(settlement.entry.gross == settlement.entry.mdr + settlement.entry.net)
            }
            for index in [4, 5] {
                let payments = try await store.payments(invoiceID: .init(tickets[index].id))
                #expect(payments.count == 1)
                #expect(payments.first?.source == .settlementFile)
                #expect(payments.first?.effect == .paid)
            }
            #expect(try await store.payments(invoiceID: .init(tickets[3].id)).count == 2)
            #expect(try await invoiceStatus(lunas, fixture, tickets[6].id) == "issued")
            #expect(try await invoiceStatus(lunas, fixture, tickets[7].id) == "issued")

            // The exceptions, as finance lists them.
            let open = try await listExceptions(lunas, fixture, "state=open")
            #expect(open.count == 5, "\(open)")
            let duplicates = try await listExceptions(lunas, fixture, "category=duplicate_payment")
            #expect(duplicates.count == 1)
            let duplicate = try #require(duplicates.first)
            #expect(duplicate["paymentId"] as? String == extra.id.rawValue)
            #expect(duplicate["invoiceId"] as? String == tickets[3].id)
            #expect(duplicate["rrn"] as? String == extra.rrn)
            #expect(duplicate["id"] as? String == notified.first?["id"] as? String)
            #expect(duplicate["state"] as? String == "open")
            let mismatches = try await listExceptions(lunas, fixture, "category=amount_mismatch&state=open")
            #expect(mismatches.count == 1)
            let mismatch = try #require(mismatches.first)
            #expect(mismatch["invoiceId"] as? String == tickets[6].id)
            #expect(mismatch["amount"] as? Int == 2500)
            let mismatchRow = try #require(mismatch["settlement"] as? [String: Any])
            let mismatchLine = try lineOf("990000000001")
            #expect(mismatchRow["id"] as? String == settlementID)
            #expect(mismatchRow["row"] as? Int == mismatchLine - 2)  // rows count from 0, after the header
            #expect(mismatchRow["location"] as? String == "line \(mismatchLine)")
            let unknown = try await listExceptions(lunas, fixture, "category=unknown_bill")
            #expect(unknown.count == 3)
            var byRRN: [String: [String: Any]] = [:]
            for exception in unknown {
                let rrn = try #require(exception["rrn"] as? String)
                byRRN[rrn] = exception
                let settlement = try #require(exception["settlement"] as? [String: Any])
                #expect(settlement["id"] as? String == settlementID)
                #expect(settlement["location"] as? String == "line \(try lineOf(rrn))")
                #expect(exception["invoiceId"] == nil)
                #expect(exception["state"] as? String == "open")
            }
            let unknownToMatch = try #require(byRRN["990000000002"]?["id"] as? String)
            let unknownWrittenOff = try #require(byRRN["990000000003"]?["id"] as? String)
            let unknownRepeat = try #require(byRRN["990000000004"]?["id"] as? String)
            #expect(byRRN["990000000002"]?["billNumber"] as? String == "ZZUNKNOWN01")
            #expect(byRRN["990000000003"]?["amount"] as? Int == 3000)
            #expect(try await listExceptions(lunas, fixture, "invoiceId=\(tickets[6].id)").count == 1)
            #expect(try await listExceptions(lunas, fixture, "state=resolved").isEmpty)
            let shown = try await lunas.execute(
                uri: "/api/v1/exceptions/\(unknownToMatch)", method: .get, headers: fixture.headers(.finance))
            #expect(shown.status == .ok)
            #expect(try jsonObject(shown)["id"] as? String == unknownToMatch)
            let missing = try await lunas.execute(
                uri: "/api/v1/exceptions/exc_nothing", method: .get, headers: fixture.headers(.finance))
            #expect(missing.status == .notFound)
            let badFilter = try await lunas.execute(
                uri: "/api/v1/exceptions?category=lost_money", method: .get, headers: fixture.headers(.finance))
            #expect(badFilter.status == .badRequest)
            #expect(try errorObject(badFilter)["field"] as? String == "category")

            // The same file again: 200, "already applied", not one event more.
            let eventsAfterApply = try await fixture.eventCount()
            let again = try await apply(lunas, fixture, settlementID)
            #expect(again.status == .ok)
            let againState = try jsonObject(again)
            #expect(againState["alreadyApplied"] as? Bool == true)
            #expect(againState["complete"] as? Bool == true)
            #expect(againState["settled"] as? Int == 6)
            #expect(againState["exceptionsOpened"] as? Int == 4)
            #expect(try await fixture.eventCount() == eventsAfterApply)
            #expect(try await listExceptions(lunas, fixture, "").count == 5)

            // Readers and workers: an auditor and a supervisor read, only finance and admin change.
            #expect(try await exceptionsResponse(lunas, fixture, "state=open", role: .auditor).status == .ok)
            #expect(try await exceptionsResponse(lunas, fixture, "state=open", role: .supervisor).status == .ok)
            #expect(try await exceptionsResponse(lunas, fixture, "state=open", role: .attendant).status == .forbidden)
            #expect(try await exceptionsResponse(lunas, fixture, "", role: nil).status == .unauthorized)
            let auditorReport = try await lunas.execute(
                uri: "/api/v1/settlements/\(settlementID)/report", method: .get, headers: fixture.headers(.auditor))
            #expect(auditorReport.status == .ok)
            for role in [Device.Role.auditor, .attendant, .supervisor] {
                let assign = try await post(
                    lunas, fixture, "/api/v1/exceptions/\(unknownToMatch)/assign", #"{"to":"siti@kota.example"}"#,
                    role: role)
                #expect(assign.status == .forbidden, "\(role)")
                let resolve = try await post(
                    lunas, fixture, "/api/v1/exceptions/\(unknownToMatch)/resolve",
                    #"{"resolution":"written_off","note":"by the wrong role"}"#, role: role)
                #expect(resolve.status == .forbidden, "\(role)")
            }
            #expect(try await fixture.eventCount() == eventsAfterApply)

            // Assign, then resolve each one its own way.
            let assigned = try await post(
                lunas, fixture, "/api/v1/exceptions/\(duplicate["id"] as? String ?? "")/assign",
                #"{"to":"siti@kota.example"}"#)
            #expect(assigned.status == .ok, "\(String(buffer: assigned.body))")
            #expect(try jsonObject(assigned)["assignee"] as? String == "siti@kota.example")
            #expect(try jsonObject(assigned)["assignedAt"] is String)
            #expect(try jsonObject(assigned)["state"] as? String == "open")

            let badCode = try await post(
                lunas, fixture, "/api/v1/exceptions/\(unknownWrittenOff)/resolve",
                #"{"resolution":"forgotten","note":"no such code"}"#)
            #expect(badCode.status == .badRequest)
            #expect(try errorObject(badCode)["field"] as? String == "resolution")
            #expect(try errorObject(badCode)["code"] as? String == "request.invalidValue")

            let matched = try await post(
                lunas, fixture, "/api/v1/exceptions/\(unknownToMatch)/resolve",
                #"{"resolution":"matched_manually","note":"the attendant wrote the bill number by hand","invoiceId":"\#(tickets[7].id)"}"#
            )
            #expect(matched.status == .ok, "\(String(buffer: matched.body))")
            let matchedView = try jsonObject(matched)
            #expect(matchedView["state"] as? String == "resolved")
            let resolution = try #require(matchedView["resolution"] as? [String: Any])
            #expect(resolution["resolution"] as? String == "matched_manually")
            #expect(resolution["invoiceId"] as? String == tickets[7].id)
            #expect((resolution["by"] as? [String: Any])?["device"] as? String == fixture.deviceIDs[.finance]?.rawValue)
            #expect(try await invoiceStatus(lunas, fixture, tickets[7].id) == "paid")
            let manual = try await store.payments(invoiceID: .init(tickets[7].id))
            #expect(manual.count == 1)
            #expect(manual.first?.rrn == "990000000002")
            #expect(manual.first?.amount == Rupiah(2000))
            #expect(manual.first?.source.code == "manual")

            // The same resolution again (a retried request) answers it; another one is refused.
            let retried = try await post(
                lunas, fixture, "/api/v1/exceptions/\(unknownToMatch)/resolve",
                #"{"resolution":"matched_manually","note":"the attendant wrote the bill number by hand","invoiceId":"\#(tickets[7].id)"}"#
            )
            #expect(retried.status == .ok)
            #expect(try await store.payments(invoiceID: .init(tickets[7].id)).count == 1)
            let eventsBeforeConflict = try await fixture.eventCount()
            let conflicting = try await post(
                lunas, fixture, "/api/v1/exceptions/\(unknownToMatch)/resolve",
                #"{"resolution":"written_off","note":"changed my mind"}"#)
            #expect(conflicting.status == .conflict)
            #expect(try errorObject(conflicting)["code"] as? String == "exception.alreadyResolved")
            let reassign = try await post(
                lunas, fixture, "/api/v1/exceptions/\(unknownToMatch)/assign", #"{"to":"budi@kota.example"}"#)
            #expect(reassign.status == .conflict)
            #expect(try await fixture.eventCount() == eventsBeforeConflict)

            let writtenOff = try await post(
                lunas, fixture, "/api/v1/exceptions/\(unknownWrittenOff)/resolve",
                #"{"resolution":"written_off","note":"the bank cannot trace the payer"}"#, role: .admin)
            #expect(writtenOff.status == .ok, "\(String(buffer: writtenOff.body))")
            #expect(
                (try jsonObject(writtenOff)["resolution"] as? [String: Any])?["resolution"] as? String == "written_off")

            let repeated = try await post(
                lunas, fixture, "/api/v1/exceptions/\(unknownRepeat)/resolve",
                #"{"resolution":"duplicate_of","note":"the same transfer twice in the file","duplicateOf":"\#(unknownWrittenOff)"}"#
            )
            #expect(repeated.status == .ok, "\(String(buffer: repeated.body))")
            #expect(
                (try jsonObject(repeated)["resolution"] as? [String: Any])?["duplicateOf"] as? String
                    == unknownWrittenOff)
            let duplicateOfNothing = try await post(
                lunas, fixture, "/api/v1/exceptions/\(mismatch["id"] as? String ?? "")/resolve",
                #"{"resolution":"duplicate_of","note":"names nothing","duplicateOf":"exc_nothing"}"#)
            #expect(duplicateOfNothing.status.code >= 400 && duplicateOfNothing.status.code < 500)

            let explained = try await post(
                lunas, fixture, "/api/v1/exceptions/\(mismatch["id"] as? String ?? "")/resolve",
                #"{"resolution":"explained","note":"the payer added a tip; the bank settled what was paid"}"#)
            #expect(explained.status == .ok, "\(String(buffer: explained.body))")

            // Filters after the work: one left open (the double payment, to refund), four resolved.
            let stillOpen = try await listExceptions(lunas, fixture, "state=open")
            #expect(stillOpen.map { $0["id"] as? String } == [duplicate["id"] as? String])
            #expect(stillOpen.first?["assignee"] as? String == "siti@kota.example")
            #expect(try await listExceptions(lunas, fixture, "state=resolved").count == 4)
            #expect(try await listExceptions(lunas, fixture, "state=resolved&category=unknown_bill").count == 3)
            #expect(try await listExceptions(lunas, fixture, "state=open&category=unknown_bill").isEmpty)
            let page = try await listExceptions(lunas, fixture, "limit=2")
            #expect(page.count == 2)
            let rest = try await listExceptions(lunas, fixture, "after=\(page[1]["id"] as? String ?? "")")
            #expect(rest.count == 3)

            // The settlement and the exception work did not change what a second apply finds.
            let third = try await apply(lunas, fixture, settlementID)
            #expect(try jsonObject(third)["alreadyApplied"] as? Bool == true)
        }
        let report = try await fixture.store.verify()
        #expect(report.isIntact, "\(report.problems)")
    }

    // MARK: Requests

    func apply(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ id: String, role: Device.Role = .finance
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/settlements/\(id)/apply", method: .post, headers: fixture.headers(role))
    }

    func post(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ uri: String, _ body: String,
        role: Device.Role = .finance
    ) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: fixture.headers(role), body: ByteBuffer(string: body))
    }

    func exceptionsResponse(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ query: String, role: Device.Role?
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/api/v1/exceptions" + (query.isEmpty ? "" : "?\(query)"), method: .get,
            headers: fixture.headers(role, json: false))
    }

    /// The exceptions `GET /api/v1/exceptions?query` lists for finance (one page).
    func listExceptions(
        _ client: any TestClientProtocol, _ fixture: APIFixture, _ query: String
    ) async throws -> [[String: Any]] {
        let response = try await exceptionsResponse(client, fixture, query, role: .finance)
        #expect(response.status == .ok, "\(query): \(String(buffer: response.body))")
        return try #require(try jsonObject(response)["exceptions"] as? [[String: Any]])
    }

    func invoiceStatus(_ client: any TestClientProtocol, _ fixture: APIFixture, _ id: String) async throws -> String? {
        let response = try await client.execute(
            uri: "/api/v1/invoices/\(id)", method: .get, headers: fixture.headers(.finance, json: false))
        #expect(response.status == .ok)
        return (try jsonObject(response)["invoice"] as? [String: Any])?["status"] as? String
    }
}
