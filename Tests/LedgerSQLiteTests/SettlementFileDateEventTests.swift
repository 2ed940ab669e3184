import Foundation
import LedgerSQL
import LedgerSQLite
import Testing

@testable import Ledger

/// A settlement file's own settlement date in its `settlement.imported` event: a member added later,
/// written only when known, so events recorded before it keep their exact bytes and the chain verifies.
@Suite("settlement.imported carries the file's settlement date, compatibly (SQLite)")
struct SettlementFileDateEventTests {
    static func record(_ id: String, date: CivilDate?) -> SettlementFileRecord {
        let digest = String(id.dropFirst(4)) + String(repeating: "0", count: 32)
        return SettlementFileRecord(
            settlementID: id, sha256: digest, byteCount: 100, profile: "lunas-simulator",
            archivedAs: "settlements/\(id)/original.gz", importedAt: TestLedger.morning, actor: .serverOperator,
            settlementDate: date)
    }

    @Test("with a date the event states it; without one the payload is the earlier form; the chain verifies")
    func roundTrip() async throws {
        let store = try await TestLedger.sqlite()
        let dated = "stl-" + String(repeating: "cd", count: 16)
        let undated = "stl-" + String(repeating: "ef", count: 16)
        let monday = try #require(CivilDate(iso8601: "2026-11-30"))
        _ = try await store.recordSettlementFile(Self.record(dated, date: monday))
        _ = try await store.recordSettlementFile(Self.record(undated, date: nil))

        let datedEvent = try #require(try await store.events(entityID: dated).first)
        #expect(datedEvent.payload.contains(#""settlementDate":"2026-11-30""#), "\(datedEvent.payload)")
        guard case .settlementImported(let read)? = try? datedEvent.fact() else {
            Issue.record("not a settlement.imported event: \(datedEvent.kind)")
            return
        }
        #expect(read.settlementDate == monday)

        // The form recorded before the member existed: exactly the six members it always had.
        let undatedEvent = try #require(try await store.events(entityID: undated).first)
        #expect(!undatedEvent.payload.contains("settlementDate"))
        #expect(undatedEvent.payload.hasPrefix(#"{"actor":"#))
        #expect(undatedEvent.payload.contains(#""profile":"lunas-simulator","sha256":"#))
        guard case .settlementImported(let old)? = try? undatedEvent.fact() else {
            Issue.record("not a settlement.imported event: \(undatedEvent.kind)")
            return
        }
        #expect(old.settlementDate == nil)
        #expect(try await store.verify().isIntact)
    }

    @Test("a settlementDate that is not a day is a bad payload", arguments: ["2026-02-30", "30-11-2026", ""])
    func badDate(text: String) throws {
        let payload = CanonicalJSON.object([
            "actor": LedgerActor.serverOperator.canonical, "archivedAs": .string("settlements/x/original.gz"),
            "byteCount": .int(1), "importedAt": .int(0), "profile": .string("p"), "settlementDate": .string(text),
            "sha256": .string(String(repeating: "a", count: 64)),
        ])
        let error = #expect(throws: LedgerError.self) {
            _ = try LedgerFact.decode(
                kind: .settlementImported, entityID: "stl-" + String(repeating: "a", count: 32), payload: payload)
        }
        #expect(error?.code == .eventBadPayload)
        #expect(error?.message.contains("settlementDate") == true)
    }
}
