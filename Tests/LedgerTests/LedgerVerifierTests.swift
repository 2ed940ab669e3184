import Foundation
import Ledger
import Testing

/// The verifier on an in-memory chain: the same code `lunas ledger verify` runs on a database.
@Suite struct LedgerVerifierTests {
    static let at = Date(ledgerMilliseconds: 1_795_392_000_000)

    static func facts() throws -> [LedgerFact] {
        let device = Device(
            id: Device.ID("JKR-1"), name: "Jukir 1", role: .attendant, zone: "A",
            credentialHash: Device.credentialHash(forToken: "t"), enrolledAt: at)
        let invoice = Invoice(
            id: Invoice.ID("inv_1"), billNumber: try BillNumber("AMB1"), kind: .fee, amount: Rupiah(5_000),
            qrisPayload: "P", receiptCode: "R1", status: .issued, issuedAt: at, expiresAt: at.addingTimeInterval(900),
            deviceID: device.id, sequence: 1, feeCode: "F", ticketID: nil, paidAt: nil, statusChangedAt: at,
            idempotencyKey: "k1")
        let payment = Payment(
            id: Payment.ID("pay_1"), invoiceID: invoice.id, billNumber: invoice.billNumber, rrn: "RRN1", issuer: "OVO",
            amount: invoice.amount, paidAt: at, recordedAt: at, source: .manual(reason: "bank line 3"), effect: .paid)
        return [
            .deviceEnrolled(device, .init(key: "e1", requestHash: "h1")),
            .invoiceIssued(invoice, ticket: nil, .init(key: "k1", requestHash: "h2")),
            .paymentRecorded(payment),
        ]
    }

    /// The chain's stored events and the rows a faithful store would hold.
    static func chain() throws -> ([StoredEvent], LedgerRows) {
        var head = ChainHead.empty
        var replay = LedgerReplay()
        var events: [StoredEvent] = []
        for fact in try facts() {
            let event = LedgerEvent.make(fact, at: at, after: head)
            head = ChainHead(sequence: event.sequence, hash: event.hash)
            try replay.apply(fact, at: at, sequence: event.sequence)
            events.append(
                StoredEvent(
                    sequence: event.sequence, kind: event.kind.rawValue, entityID: event.entityID,
                    atMilliseconds: event.at.ledgerMilliseconds, payload: event.payload,
                    previousHash: event.previousHash, hash: event.hash))
        }
        var rows = LedgerRows()
        rows.devices = Array(replay.devices.values)
        rows.invoices = Array(replay.invoices.values)
        rows.payments = Array(replay.payments.values)
        rows.idempotency = Array(replay.idempotency.values)
        return (events, rows)
    }

    static func verify(_ events: [StoredEvent], _ rows: LedgerRows, head: ChainHead? = nil) -> LedgerVerificationReport
    {
        var verifier = LedgerVerifier()
        for event in events { verifier.check(event) }
        return verifier.finish(
            rows: rows, recordedHead: head ?? events.last.map { ChainHead(sequence: $0.sequence, hash: $0.hash) })
    }

    @Test func intactChainVerifies() throws {
        let (events, rows) = try Self.chain()
        let report = Self.verify(events, rows)
        #expect(report.isIntact && report.eventCount == 3 && report.head.sequence == 3)
        #expect(rows.invoices.first?.status == .paid)
    }

    @Test func changedPayloadBreaksItsHash() throws {
        var (events, rows) = try Self.chain()
        events[1].payload = events[1].payload.replacingOccurrences(of: "5000", with: "500")
        let report = Self.verify(events, rows)
        #expect(report.problems.first?.place == .event(2))
        #expect(report.problems.first?.message.contains("hash mismatch") == true)
        rows.invoices[0].amount = Rupiah(500)
        #expect(Self.verify(events, rows).problems.contains { $0.place == .row(table: "invoices", id: "inv_1") })
    }

    @Test func rewrittenHashIsCaughtByTheNextLink() throws {
        let (original, rows) = try Self.chain()
        var events = original
        events[1].atMilliseconds += 1
        let payload = try CanonicalJSON.parse(events[1].payload)
        events[1].hash = LedgerEvent.chainHash(
            previous: events[1].previousHash,
            canonicalBytes: LedgerEvent.canonicalBytes(
                sequence: 2, kind: events[1].kind, entityID: events[1].entityID,
                atMilliseconds: events[1].atMilliseconds, payload: payload))
        let report = Self.verify(events, rows, head: ChainHead(sequence: 3, hash: original[2].hash))
        #expect(report.problems.first?.place == .event(3))
        #expect(report.problems.first?.message.contains("previous hash") == true)
    }

    @Test func missingAndReorderedEventsAreNamed() throws {
        let (events, rows) = try Self.chain()
        let gap = Self.verify([events[0], events[2]], rows)
        #expect(gap.problems.first?.place == .event(3))
        #expect(gap.problems.first?.message.contains("#2…#2 are missing") == true)
        let reordered = Self.verify([events[0], events[2], events[1]], rows)
        #expect(reordered.problems.contains { $0.place == .event(2) })
    }

    @Test func rowsNotMatchingEventsAreNamed() throws {
        var (events, rows) = try Self.chain()
        rows.invoices[0].status = .issued
        rows.devices = []
        rows.payments.append(rows.payments[0])
        let report = Self.verify(events, rows)
        let messages = report.problems.map(\.message)
        #expect(
            messages.contains {
                $0.contains("invoices row inv_1 disagrees") && $0.contains("status: row issued, events paid")
            })
        #expect(messages.contains { $0.contains("devices row JKR-1 is missing (created by event #1)") })
        #expect(messages.contains { $0.contains("payments row pay_1 appears twice") })
        events.removeLast()
        #expect(
            Self.verify(events, rows, head: ChainHead(sequence: 3, hash: [UInt8](repeating: 1, count: 32))).problems
                .contains { $0.place == .chainHead })
    }

    /// A payment is its draft plus what the store gave it; a row that disagrees still names the
    /// fields that differ (`amount`, `effect`), not the draft as one value.
    @Test func paymentRowDifferencesNameTheFields() throws {
        let (events, original) = try Self.chain()
        var rows = original
        rows.payments[0].amount = Rupiah(4_000)
        rows.payments[0].effect = .extra
        let messages = Self.verify(events, rows).problems.map(\.message)
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.hasPrefix("payments row pay_1 disagrees with the events: amount: row "))
        #expect(message.hasSuffix("; effect: row extra, events paid") && !message.contains("draft"))
        let payment = try #require(original.payments.first)
        #expect(
            Mirror(reflecting: payment).children.map(\.label) == [
                "id", "invoiceID", "billNumber", "rrn", "issuer", "amount", "paidAt", "recordedAt", "source",
                "verifiedBy", "effect",
            ])
        let exception = PaymentException(
            id: PaymentException.ID("pex_1"), billNumber: "X", rrn: "R", issuer: "OVO", amount: nil, paidAt: Self.at,
            recordedAt: Self.at, source: .acquirerNotification, reason: .unknownInvoice, detail: "d", amountText: "9")
        #expect(
            Mirror(reflecting: exception).children.map(\.label) == [
                "id", "billNumber", "rrn", "issuer", "amount", "amountText", "paidAt", "recordedAt", "source", "reason",
                "detail", "bodySHA256", "verifiedBy",
            ])
    }

    @Test func factsBreakingRulesAreNamed() throws {
        var facts = try Self.facts()
        facts.swapAt(0, 1)  // an invoice before its device exists
        var head = ChainHead.empty
        var verifier = LedgerVerifier()
        for fact in facts {
            let event = LedgerEvent.make(fact, at: Self.at, after: head)
            head = ChainHead(sequence: event.sequence, hash: event.hash)
            verifier.check(
                StoredEvent(
                    sequence: event.sequence, kind: event.kind.rawValue, entityID: event.entityID,
                    atMilliseconds: event.at.ledgerMilliseconds, payload: event.payload,
                    previousHash: event.previousHash, hash: event.hash))
        }
        let report = verifier.finish(rows: LedgerRows(), recordedHead: head)
        #expect(report.problems.first?.place == .event(1))
        #expect(report.problems.first?.message.contains("unknown, revoked or non-issuing device") == true)
    }
}
