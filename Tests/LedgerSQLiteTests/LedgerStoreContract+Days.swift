import Foundation
import Ledger
import Testing

extension LedgerStoreContract {
    /// Closing a city day: blockers, the figures, the signed statement, once only.
    static func dayClosing(_ store: some LedgerStore) async throws {
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-30"))
        _ = try await store.enrolDevice(TestLedger.deviceDraft("FIN-30", role: .finance))
        let supervisorDraft = DeviceDraft(
            id: Device.ID("SPV-30"), name: "Supervisor", role: .supervisor, zone: "-",
            credentialHash: Device.credentialHash(forToken: "token-SPV-30"), enrolledAt: TestLedger.morning,
            idempotencyKey: "enrol-SPV-30")
        _ = try await store.enrolDevice(supervisorDraft)
        let finance = LedgerActor.device(Device.ID("FIN-30"))
        let day = (from: TestLedger.morning.addingTimeInterval(-3600), to: TestLedger.morning.addingTimeInterval(82_800))
        let key = ReceiptSigningKey.generate()
        let request = { (actor: LedgerActor) in
            DayCloseRequest(
                date: CivilDate(containing: TestLedger.morning, offset: UTCOffset(minutes: 0)), from: day.from,
                to: day.to, cityID: "ambon", timeZone: "WIT", actor: actor, at: day.to.addingTimeInterval(3600),
                keyID: key.publicKey.keyID.description)
        }
        let sign: @Sendable ([UInt8]) throws -> String = { Data(try key.signature(for: $0)).base64EncodedString() }

        let settledInvoice = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-30", amount: 5_000)).invoice
        let paid = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-30", amount: 3_000)).invoice
        let waiting = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-30", amount: 2_000)).invoice
        _ = try await store.recordPayment(TestLedger.payment(settledInvoice, rrn: "D1"))
        _ = try await store.recordPayment(TestLedger.payment(paid, rrn: "D2"))

        // Still open: one invoice `issued`, one paid and unexplained.
        let blockers = try await store.dayBlockers(from: day.from, to: day.to)
        #expect(blockers.map(\.kind) == [.invoiceNotFinal, .paidNotSettled])
        #expect(blockers.first?.examples == [waiting.id.rawValue] && blockers.first?.count == 1)
        guard case .blocked(let refused) = try await store.closeDay(request(.device(Device.ID("SPV-30"))), sign: sign)
        else { Issue.record("a day with open invoices closed"); return }
        #expect(refused == blockers)
        await expectError(.actorNotAllowed) {
            _ = try await store.closeDay(request(finance), sign: sign)
        }

        // Settle one through a file, explain the other, expire the third.
        try await importSettlement(store)
        _ = try await store.applySettlementChunk(
            SettlementChunk(
                settlementID: settlementID, firstRow: 0,
                lines: [line(0, .settle, bill: settledInvoice.billNumber.rawValue, rrn: "D1", gross: 5_000, mdr: 35)],
                rowCount: 1, actor: finance, at: day.to))
        _ = try await store.expireDueInvoices(now: waiting.expiresAt)
        #expect(try await store.dayBlockers(from: day.from, to: day.to).map(\.kind) == [.paidNotSettled])
        // An explanation for the paid one: an exception about it, resolved.
        let overdue = SettlementChunk(
            settlementID: "stl-" + String(repeating: "cd", count: 16), firstRow: 0, lines: [], rowCount: 0,
            overdue: [OverdueSettlement(invoiceID: paid.id, detail: "bank has not settled it")], actor: finance,
            at: day.to)
        try await importSettlement(store, id: overdue.settlementID)
        _ = try await store.applySettlementChunk(overdue)
        let open = try #require(try await store.exceptionCases(ExceptionQuery(invoiceID: paid.id)).first)
        #expect(try await store.dayBlockers(from: day.from, to: day.to).map(\.kind) == [.paidNotSettled, .exceptionOpen])
        _ = try await store.resolveException(
            open.id, .init(code: .explained, note: "bank settles it on Monday", actor: finance, at: day.to))
        let remaining = try await store.dayBlockers(from: day.from, to: day.to)
        #expect(remaining.isEmpty, "\(remaining)")

        guard case .closed(let statement) = try await store.closeDay(request(.device(Device.ID("SPV-30"))), sign: sign)
        else { Issue.record("the day did not close"); return }
        #expect(statement.signatureProblem(ring: try ReceiptKeyRing(keys: [.init(label: "k", publicKey: key.publicKey)])) == nil)
        let figures = statement.figures
        #expect(figures["invoices"]?["issued"] == .int(3) && figures["invoices"]?["issuedAmount"] == .int(10_000))
        #expect(figures["revenue"]?["gross"] == .int(8_000) && figures["revenue"]?["mdr"] == .int(35))
        #expect(figures["revenue"]?["net"] == .int(4_965) && figures["revenue"]?["outstanding"] == .int(3_000))
        #expect(figures["byStatus"]?["expired"]?["count"] == .int(1))
        #expect(figures["exceptions"]?["explained"] == .int(1))
        #expect(try await store.closedDay(statement.date) == statement)
        // The chain head it names is the event before `day.closed`.
        let last = try await store.events(entityID: DailyStatement.entityID(statement.date))
        #expect(last.map(\.kind) == [.dayClosed] && last.first?.previousHash == statement.chainHead.hash)

        // Closing again answers the same statement and writes nothing.
        let afterClose = try await eventCount(store)
        guard case .alreadyClosed(let again) = try await store.closeDay(request(.serverOperator), sign: sign) else {
            Issue.record("a closed day closed twice"); return
        }
        let eventsNow = try await eventCount(store)
        #expect(again == statement && eventsNow == afterClose)

        // A key revoked before the close no longer vouches for the statement; one revoked after does.
        let revokedBefore = try ReceiptKeyRing(keys: [
            .init(label: "k", publicKey: key.publicKey, revokedAt: statement.closedAt.addingTimeInterval(-1))
        ])
        let revokedAfter = try ReceiptKeyRing(keys: [
            .init(label: "k", publicKey: key.publicKey, revokedAt: statement.closedAt.addingTimeInterval(60))
        ])
        #expect(statement.signatureProblem(ring: revokedBefore)?.contains("was revoked") == true)
        #expect(statement.signatureProblem(ring: revokedAfter) == nil)

        // An altered figure no longer verifies.
        var altered = statement
        altered.figures = .object(["revenue": .object(["gross": .int(1)])])
        #expect(altered.signatureProblem(ring: try ReceiptKeyRing(keys: [.init(label: "k", publicKey: key.publicKey)])) != nil)
        try await expectIntact(store)
    }
}
