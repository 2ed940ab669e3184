import Foundation
import Ledger
import LedgerSQL
import LedgerSQLite
import Testing

/// Complaints in the SQLite ledger: each step an event, the citizen's words outside the chain but
/// bound to it by their digest, `verify` catching either edited behind the ledger's back.
@Suite("Complaints in the ledger (the lifecycle and refusals on SQLite and PostgreSQL)")
struct ComplaintBookTests {

    /// Runs `body` with a fresh, empty store of `kind`, as a complaint book.
    static func on(_ kind: StoreUnderTest, _ body: (any LedgerStore & ComplaintBook) async throws -> Void) async throws
    {
        try await kind.run { ledger in try await body(try #require(ledger as? any LedgerStore & ComplaintBook)) }
    }
    static func filing(
        _ content: ComplaintContent, number: String = "ADU-261123-AB7K9", tier: String = "ringan"
    )
        -> Complaint.Filing
    {
        Complaint.Filing(
            number: number, category: .overcharged, tier: tier, filedAt: TestLedger.morning,
            acknowledgeBy: TestLedger.morning.addingTimeInterval(86_400),
            deadline: TestLedger.morning.addingTimeInterval(3 * 86_400), zone: "ayp-01", plate: "DE1234AB",
            contentSHA256: content.digest)
    }

    @Test(
        "filed, assigned, answered and resolved: each an event, replayed exactly; a double submit files once",
        arguments: StoreUnderTest.grouped)
    func lifecycle(_ kind: StoreUnderTest) async throws {
        try await Self.on(kind) { store in
            let content = ComplaintContent(description: "Ditarik Rp5.000, karcis Rp2.000", contact: "0812 3456 7890")
            let filed = try await store.fileComplaint(
                Self.filing(content), content: content, accessCode: "ACCESS0000000001", formToken: "form-token-0000001")
            #expect(filed.created)
            let again = try await store.fileComplaint(
                Self.filing(content, number: "ADU-261123-ZZZZZ"), content: content, accessCode: "OTHER",
                formToken: "form-token-0000001")
            #expect(
                !again.created && again.complaint.number == filed.complaint.number
                    && again.accessCode == "ACCESS0000000001"
            )
            #expect(try await store.complaint(number: "ADU-261123-ZZZZZ") == nil)
            #expect(try await store.complaintAccessMatches(number: filed.complaint.number, code: "ACCESS0000000001"))
            #expect(try await !store.complaintAccessMatches(number: filed.complaint.number, code: "ACCESS0000000002"))

            let actor = LedgerActor(device: nil, staff: "sup@ambon.go.id")
            let at = TestLedger.morning.addingTimeInterval(3600)
            _ = try await store.assignComplaint(number: filed.complaint.number, to: "Siti", actor: actor, at: at)
            let answered = try await store.answerComplaint(
                number: filed.complaint.number, message: "Kami periksa.\nTerima kasih.", actor: actor, at: at)
            #expect(answered.state == .answered && answered.answeredAt == at.ledgerRounded)
            let resolved = try await store.resolveComplaint(
                number: filed.complaint.number,
                Complaint.Resolution(
                    outcome: .referred, note: "Diteruskan.", laporNumber: "LAPOR-123", actor: actor, at: at))
            #expect(resolved.state == .resolved)
            await #expect(throws: LedgerError.self) {
                try await store.answerComplaint(number: filed.complaint.number, message: "lagi", actor: actor, at: at)
            }
            let kinds = try await store.events(after: 0, limit: 100).map(\.kind.rawValue)
            #expect(kinds == ["complaint.filed", "complaint.assigned", "complaint.answered", "complaint.resolved"])
            #expect(try await store.verify().isIntact)
            #expect(
                try await store.complaints(ComplaintQuery(state: .resolved)).map(\.number) == [filed.complaint.number])
            #expect(try await store.complaints(ComplaintQuery(state: .open)).isEmpty)
            #expect(try await store.complaintContent(number: filed.complaint.number) == content)
        }
    }

    @Test(
        "a referral without its LAPOR! number, an attendant device working a complaint, a bad filing: refused, nothing written",
        arguments: StoreUnderTest.grouped)
    func refusals(_ kind: StoreUnderTest) async throws {
        try await Self.on(kind) { store in
            _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-9"))
            let content = ComplaintContent(description: "x")
            let filed = try await store.fileComplaint(
                Self.filing(content), content: content, accessCode: "A", formToken: nil)
            let before = try await store.events(after: 0, limit: 100).count
            await #expect(throws: LedgerError.self) {
                try await store.resolveComplaint(
                    number: filed.complaint.number,
                    Complaint.Resolution(outcome: .referred, note: "n", actor: .serverOperator, at: TestLedger.morning))
            }
            let attendant = LedgerActor.device(Device.ID("JKR-9"))
            do {
                _ = try await store.assignComplaint(
                    number: filed.complaint.number, to: "x", actor: attendant, at: TestLedger.morning)
                Issue.record("an attendant assigned a complaint")
            } catch let error as LedgerError {
                #expect(error.code == .actorNotAllowed)
            }
            var wrongDigest = Self.filing(content, number: "ADU-261123-00000")
            wrongDigest.contentSHA256 = String(repeating: "0", count: 64)
            await #expect(throws: LedgerError.self) {
                try await store.fileComplaint(wrongDigest, content: content, accessCode: "A", formToken: nil)
            }
            await #expect(throws: LedgerError.self) {
                try await store.fileComplaint(
                    Self.filing(content, number: "ADU-1"), content: content, accessCode: "A", formToken: nil)
            }
            #expect(try await store.events(after: 0, limit: 100).count == before)
        }
    }

    @Test("words edited or a complaint row changed behind the ledger's back break verify")
    func tampering() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        let content = ComplaintContent(description: "Diminta tunai", contact: "a@b.id")
        _ = try await store.fileComplaint(Self.filing(content), content: content, accessCode: "A", formToken: nil)
        #expect(try await store.verify().isIntact)
        let edited = try await ExternalTools.sql(
            path, "UPDATE complaint_contents SET description = 'Tidak ada masalah';")
        #expect(edited.status == 0, "\(edited.error)")
        let report = try await store.verify()
        #expect(report.problems.contains { $0.message.contains("complaint_contents row ADU-261123-AB7K9") })
        let restored = try await ExternalTools.sql(path, "UPDATE complaint_contents SET description = 'Diminta tunai';")
        #expect(restored.status == 0)
        #expect(try await store.verify().isIntact)
        let hidden = try await ExternalTools.sql(
            path, "UPDATE complaints SET record = replace(record, '\"DE1234AB\"', '\"DE9999ZZ\"');")
        #expect(hidden.status == 0)
        #expect(
            try await store.verify().problems.contains {
                $0.message.contains("complaints row ADU-261123-AB7K9 disagrees")
            })
    }
}

extension ComplaintBookTests {
    @Test("a form token answers only the same complaint again: another one under it is refused, learning nothing")
    func formTokenBoundToContent() async throws {
        let store = try await TestLedger.sqlite()
        let content = ComplaintContent(description: "Diminta tunai")
        let first = try await store.fileComplaint(
            Self.filing(content), content: content, accessCode: "SECRET0000000001", formToken: "weak-token-000001")
        let other = ComplaintContent(description: "Saya ingin tahu kode akses orang lain")
        do {
            _ = try await store.fileComplaint(
                Self.filing(other, number: "ADU-261123-XXXXX"), content: other, accessCode: "MINE",
                formToken: "weak-token-000001")
            Issue.record("a different complaint under the same token got an answer")
        } catch let error as LedgerError {
            #expect(error.code == .idempotencyKeyReused && error.field == "formToken")
            #expect(!error.message.contains("SECRET") && !error.message.contains(first.complaint.number))
        }
    }
}

extension ComplaintBookTests {
    @Test("restitution names a refund of the complaint's own invoice, once; verify agrees")
    func restitutionRefund() async throws {
        let store = try await TestLedger.sqlite()
        _ = try await store.enrolDevice(TestLedger.deviceDraft("JKR-40"))
        let own = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-40", amount: 5_000)).invoice
        let other = try await store.issueInvoice(TestLedger.feeDraft(device: "JKR-40", amount: 6_000)).invoice
        let ownPayment = try await store.recordPayment(TestLedger.payment(own, rrn: "R1")).payment
        let otherPayment = try await store.recordPayment(TestLedger.payment(other, rrn: "R2")).payment
        let ownRefund = try await store.refundPayment(
            LedgerStoreContract.refund(ownPayment, 3_000, key: "rf-own", by: .serverOperator), requestHash: "h1"
        ).refund
        let otherRefund = try await store.refundPayment(
            LedgerStoreContract.refund(otherPayment, 1_000, key: "rf-other", by: .serverOperator), requestHash: "h2"
        ).refund
        func file(_ number: String) async throws -> String {
            let content = ComplaintContent(description: "Ditarik Rp5.000 \(number)")
            var filing = Self.filing(content, number: number)
            filing.invoiceID = own.id
            filing.deviceID = Device.ID("JKR-40")
            return try await store.fileComplaint(filing, content: content, accessCode: "A", formToken: nil).complaint
                .number
        }
        let first = try await file("ADU-261123-RRRR1")
        let second = try await file("ADU-261123-RRRR2")
        func restitution(_ refund: PaymentRefund.ID) -> Complaint.Resolution {
            Complaint.Resolution(
                outcome: .restitution, note: "Dikembalikan.", refundID: refund, actor: .serverOperator,
                at: TestLedger.morning.addingTimeInterval(7200))
        }
        await #expect(throws: LedgerError.self) {
            try await store.resolveComplaint(number: first, restitution(otherRefund.id))
        }
        _ = try await store.resolveComplaint(number: first, restitution(ownRefund.id))
        do {
            _ = try await store.resolveComplaint(number: second, restitution(ownRefund.id))
            Issue.record("one refund settled two complaints")
        } catch let error as LedgerError {
            #expect(error.field == "refundId" && error.message.contains(first))
        }
        #expect(try await store.verify().isIntact)
    }
}

extension ComplaintBookTests {
    @Test("a query column edited alone (a zone moved, a state changed) breaks verify")
    func queryColumnsAgreeWithTheRecord() async throws {
        let directory = try TestLedger.temporaryDirectory()
        let path = directory.appendingPathComponent("lunas.sqlite").path
        let store = try await SQLiteLedgerStore.open(path: path)
        let content = ComplaintContent(description: "x")
        _ = try await store.fileComplaint(Self.filing(content), content: content, accessCode: "A", formToken: nil)
        #expect(try await store.verify().isIntact)
        let moved = try await ExternalTools.sql(path, "UPDATE complaints SET zone = 'smr-01';")
        #expect(moved.status == 0, "\(moved.error)")
        #expect(
            try await store.verify().problems.contains { $0.message.contains("complaints.zone of ADU-261123-AB7K9") })
        _ = try await ExternalTools.sql(path, "UPDATE complaints SET zone = 'ayp-01', state = 'resolved';")
        #expect(
            try await store.verify().problems.contains { $0.message.contains("complaints.state of ADU-261123-AB7K9") })
    }
}
