import Benchmark
import Foundation
import Ledger
import LedgerSQLite

// Durable invoice issuance on a real SQLite file (synchronous=FULL, WAL) in the temporary
// directory: 64 concurrent issuers, group commit against one transaction per invoice.
// Run: LUNAS_BENCHMARKS=1 swift package benchmark --target LedgerBenchmarks
// `throughput` counts iterations; multiply by the invoices per iteration in the name.
// The tariff, fee, receipt and configuration benchmarks are in TariffBenchmarks.swift.
let benchmarks: @Sendable () -> Void = {
    tariffBenchmarks()
    for groupCommit in [true, false] {
        let perIssuer = groupCommit ? 32 : 2
        let name = groupCommit ? "group commit" : "one transaction per invoice"
        Benchmark(
            "Durable issuance, \(name): 64 issuers x \(perIssuer) = \(64 * perIssuer) invoices",
            configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(30), maxIterations: 20)
        ) { benchmark async throws in
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("lunas-ledger-benchmark-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let store = try await SQLiteLedgerStore.open(
                path: directory.appendingPathComponent("lunas.sqlite").path,
                options: .init(groupCommit: groupCommit))
            for issuer in 0..<64 { _ = try await store.enrolDevice(IssuanceLoad.device(issuer)) }
            benchmark.startMeasurement()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for issuer in 0..<64 {
                    group.addTask {
                        for _ in 0..<perIssuer { _ = try await store.issueInvoice(IssuanceLoad.draft(issuer)) }
                    }
                }
                try await group.waitForAll()
            }
            benchmark.stopMeasurement()
        }
    }
}

/// Drafts like a kiosk's: a generated bill number, a fee, a random idempotency key.
enum IssuanceLoad {
    static let zone = TimeZone(identifier: "Asia/Jayapura")!

    static func deviceID(_ issuer: Int) -> Device.ID { Device.ID("BENCH-\(issuer)") }

    static func device(_ issuer: Int) -> DeviceDraft {
        DeviceDraft(
            id: deviceID(issuer), name: "Benchmark kiosk \(issuer)", role: .kiosk, zone: "A",
            credentialHash: Device.credentialHash(forToken: "bench-\(issuer)"), enrolledAt: Date(),
            idempotencyKey: "enrol-bench-\(issuer)")
    }

    static func draft(_ issuer: Int) throws -> InvoiceDraft {
        let now = Date()
        let bill = try BillNumber.generate(prefix: "BN", date: now, timeZone: zone)
        let terms = InvoiceTerms(
            billNumber: bill, amount: Rupiah(5_000), qrisPayload: "000201010212LUNASBENCH\(bill.rawValue)6304ABCD",
            receiptCode: "R-\(bill.rawValue)", issuedAt: now, expiresAt: now.addingTimeInterval(900),
            deviceID: deviceID(issuer))
        return InvoiceDraft(terms: terms, purpose: .fee(code: "RET-PASAR"), idempotencyKey: UUID().uuidString)
    }
}
