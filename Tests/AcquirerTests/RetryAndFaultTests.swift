import AcquirerSimulator
import Foundation
import Ledger
import Testing

@testable import Acquirer

@Suite("After a timeout or 5xx, query instead of generating; fault plans are deterministic")
struct RetryAndFaultTests {
    @Test(
        "the generate rule",
        arguments: [
            (GenerateRetryRule.Outcome.timeout, GenerateRetryRule.AfterGenerate.queryInstead),
            (.connectionLost, .queryInstead),
            (.answered(httpStatus: 500, responseCode: try! SNAPResponseCode("5004701")), .queryInstead),
            (.answered(httpStatus: 504, responseCode: try! SNAPResponseCode("5044700")), .queryInstead),
            (.answered(httpStatus: 502, responseCode: nil), .queryInstead),
            (.answered(httpStatus: 202, responseCode: try! SNAPResponseCode("2024700")), .queryInstead),
            (.answered(httpStatus: 409, responseCode: try! SNAPResponseCode("4094701")), .queryInstead),
            (.answered(httpStatus: 409, responseCode: try! SNAPResponseCode("4094700")), .queryInstead),
            (.answered(httpStatus: 401, responseCode: try! SNAPResponseCode("4014701")), .renewTokenAndRetry),
            (.answered(httpStatus: 400, responseCode: try! SNAPResponseCode("4004701")), .fail),
            (.answered(httpStatus: 200, responseCode: try! SNAPResponseCode("2004700")), .accept),
        ])
    func afterGenerate(outcome: GenerateRetryRule.Outcome, expected: GenerateRetryRule.AfterGenerate) {
        #expect(GenerateRetryRule.afterGenerate(outcome) == expected)
    }

    @Test("the recovery-query rule")
    func afterQuery() throws {
        let ok = GenerateRetryRule.Outcome.answered(httpStatus: 200, responseCode: try SNAPResponseCode("2005100"))
        #expect(GenerateRetryRule.afterQuery(ok, status: .notFound) == .generateAgain)
        #expect(GenerateRetryRule.afterQuery(ok, status: .initiated) == .cancelThenIssueLocally)
        #expect(GenerateRetryRule.afterQuery(ok, status: .success) == .paid)
        #expect(GenerateRetryRule.afterQuery(ok, status: .canceled) == .closed(.canceled))
        #expect(
            GenerateRetryRule.afterQuery(
                .answered(httpStatus: 404, responseCode: try SNAPResponseCode("4045101")), status: nil)
                == .generateAgain)
        #expect(GenerateRetryRule.afterQuery(.timeout, status: nil) == .queryAgainLater)
        #expect(
            GenerateRetryRule.afterQuery(.answered(httpStatus: 500, responseCode: nil), status: nil) == .queryAgainLater
        )
        #expect(
            GenerateRetryRule.afterQuery(
                .answered(httpStatus: 401, responseCode: try SNAPResponseCode("4015100")), status: nil) == .fail)
    }

    @Test(
        "a 5xx after the acquirer created the QR: the query finds it, so no second generate",
        arguments: [
            SimulatorFaults.GenerateFailure.afterCreating, .beforeCreating,
        ])
    func faultyGenerate(failure: SimulatorFaults.GenerateFailure) async throws {
        let pair = try SNAPPair(faults: SimulatorFaults(failingGenerates: 1, generateFailure: failure))
        let now = Instants.morning
        let token = try await pair.token(at: now)
        let response = try await pair.generate("PKR7", amount: 4_000, token: token, at: now)
        #expect(response.status == 500)
        #expect(try response.code() == "5004701")
        let step = GenerateRetryRule.afterGenerate(
            .answered(httpStatus: response.status, responseCode: try SNAPResponseCode(response.code())))
        #expect(step == .queryInstead)
        let original = await pair.store.lastRecord(for: "generate:PKR7")?.externalID
        let queried = try await pair.call(
            .queryQR, QueryRequest(originalPartnerReferenceNo: "PKR7", originalExternalId: original), token: token,
            operation: "query:PKR7", at: now.addingTimeInterval(10))
        let decoded = try? pair.client.decode(QueryResponse.self, from: queried, service: .queryQR)
        let next = GenerateRetryRule.afterQuery(
            .answered(httpStatus: queried.status, responseCode: try SNAPResponseCode(queried.code())),
            status: decoded?.latestTransactionStatus)
        switch failure {
        case .afterCreating:
            #expect(next == .cancelThenIssueLocally)
            #expect(decoded?.originalExternalId == original)
        case .beforeCreating:
            #expect(next == .generateAgain)
            let retried = try await pair.call(
                .generateQR,
                try pair.client.generateBody(
                    reference: "PKR7", amount: Rupiah(4_000), terminalID: nil, expiresAt: nil, callbackURL: nil,
                    now: now),
                token: token, operation: "generate:PKR7:2", at: now.addingTimeInterval(20))
            #expect(try retried.code() == "2004700")
        }
    }

    @Test("the same seed gives the same plan; another seed another")
    func deterministic() {
        let faults = NotifyFaults(
            duplicatePercent: 30, dropPercent: 20, outOfOrder: false, minimumDelayMilliseconds: 10,
            maximumDelayMilliseconds: 5_000)
        let references = (1...50).map { "SIM\($0)" }
        let first = NotifyDeliveryPlanner.plan(references: references, faults: faults, seed: 1)
        #expect(first == NotifyDeliveryPlanner.plan(references: references, faults: faults, seed: 1))
        #expect(first != NotifyDeliveryPlanner.plan(references: references, faults: faults, seed: 2))
        #expect(!first.dropped.isEmpty)
        #expect(first.deliveries.contains { $0.copy == 1 })
        // Every reference is either dropped or delivered, never both; delays never go backwards in order mode.
        let delivered = Set(first.deliveries.map(\.reference))
        #expect(delivered.isDisjoint(with: first.dropped))
        #expect(delivered.union(first.dropped) == Set(references))
        #expect(
            zip(first.deliveries, first.deliveries.dropFirst()).allSatisfy {
                $0.delayMilliseconds <= $1.delayMilliseconds
            })
    }

    @Test("all-or-nothing settings do exactly that")
    func extremes() {
        let references = ["A", "B", "C"]
        #expect(
            NotifyDeliveryPlanner.plan(references: references, faults: NotifyFaults(dropPercent: 100), seed: 5)
                .deliveries.isEmpty)
        let doubled = NotifyDeliveryPlanner.plan(
            references: references, faults: NotifyFaults(duplicatePercent: 100), seed: 5)
        #expect(doubled.deliveries.map(\.reference) == ["A", "A", "B", "B", "C", "C"])
        let clean = NotifyDeliveryPlanner.plan(references: references, faults: NotifyFaults(), seed: 5)
        #expect(clean.deliveries.map(\.reference) == references)
        #expect(clean.deliveries.allSatisfy { $0.delayMilliseconds == 0 })
    }

    @Test("out-of-order delivery never keeps the payment order")
    func outOfOrder() {
        for seed in UInt64(0)..<50 {
            let plan = NotifyDeliveryPlanner.plan(
                references: ["A", "B"], faults: NotifyFaults(outOfOrder: true, maximumDelayMilliseconds: 100),
                seed: seed)
            #expect(plan.deliveries.map(\.reference) == ["B", "A"])
        }
    }

    @Test("duplicates through the processor: the second copy is a replay")
    func duplicateNotifies() async throws {
        let pair = try SNAPPair(faults: SimulatorFaults(notify: NotifyFaults(duplicatePercent: 100)))
        let payment = try await pair.simulator.pay(
            qris: LocalQR.payload(nmid: "IDTEST000000001", bill: "PKR8", amount: 2_000), now: Instants.morning)
        let plan = await pair.simulator.planNotifies(references: [payment.referenceNo])
        #expect(plan.deliveries.count == 2)
        let processor = NotifyProcessor(profile: pair.client.profile, credentials: pair.client.credentials)
        var recorded: Set<String> = []
        var decisions: [String] = []
        for delivery in plan.deliveries {
            let now = Instants.morning.addingTimeInterval(Double(delivery.delayMilliseconds) / 1000 + 1)
            let request = try await pair.simulator.notifyRequest(referenceNo: delivery.reference, now: now)
            let table = InvoiceTable(invoices: [
                "PKR8": NotifyInvoiceState(
                    reference: "PKR8", amount: Rupiah(2_000), expiresAt: now, recordedRRNs: recorded)
            ])
            let outcome = await processor.process(request, now: now, invoices: table)
            #expect(try outcome.response.code() == "2005200")
            switch outcome.decision {
            case .paid(let paid): recorded.insert(paid.rrn); decisions.append("paid")
            case .replay: decisions.append("replay")
            default: decisions.append("other")
            }
        }
        #expect(decisions == ["paid", "replay"])
    }

    @Test("retry policy: exponential back-off, then give up; 2xx and 4xx end retries, 5xx and 429 do not")
    func retryPolicy() {
        let policy = NotifyRetryPolicy(maximumAttempts: 4, firstDelayMilliseconds: 500)
        #expect((1...4).map { policy.delayMilliseconds(afterAttempt: $0) } == [500, 1_000, 2_000, nil])
        #expect(NotifyRetryPolicy.isFinal(httpStatus: 200))
        #expect(NotifyRetryPolicy.isFinal(httpStatus: 401))
        #expect(!NotifyRetryPolicy.isFinal(httpStatus: 429))
        #expect(!NotifyRetryPolicy.isFinal(httpStatus: 503))
    }
}
