import ArgumentParser
import Foundation
import Ledger
import Synchronization

/// Hidden: issues invoices in a loop until killed, appending each invoice id to `--ack-file` only
/// after the store acknowledged it (the crash-durability test's child process).
struct LedgerStressIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress-issue", abstract: "Issue invoices until killed (crash test).", shouldDisplay: false)

    @OptionGroup var data: LedgerLocationOptions
    @Option(name: .customLong("ack-file"), help: "Append each acknowledged invoice id here.")
    var ackFile: String
    @Option(help: "Concurrent issuers.") var issuers: Int = 8

    func run() async throws {
        let store = try await data.openStore("lunas ledger stress-issue", mode: .createIfMissing).store
        let descriptor = open(ackFile, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard descriptor >= 0 else { throw ValidationError("cannot open ack file \(ackFile)") }
        let ack = AckFile(descriptor: descriptor)
        let load = LedgerLoad(store: store, prefix: "CRASH")
        try await load.enrolDevices(issuers)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for issuer in 0..<issuers {
                group.addTask {
                    while true {
                        let invoice = try await load.issue(issuer: issuer)
                        ack.append(invoice.id.rawValue)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// Appends lines to a file with one `write(2)` each, then `fsync(2)`.
final class AckFile: Sendable {
    private let descriptor: Mutex<Int32>

    init(descriptor: Int32) { self.descriptor = Mutex(descriptor) }

    func append(_ line: String) {
        descriptor.withLock { fd in
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            _ = fsync(fd)
        }
    }
}

/// Hidden: measures durable issuance throughput (`Benchmarks/ledger/issue-throughput.sh`).
struct LedgerBenchIssueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-issue", abstract: "Measure durable invoice issuance.", shouldDisplay: false)

    @OptionGroup var data: LedgerLocationOptions
    @Option(help: "Concurrent issuers (one device each).") var issuers: Int = 64
    @Option(help: "Invoices to issue in all.") var count: Int = 100_000
    @Option(
        help:
            "group (group commit), group-each (group commit, each invoice of a batch claiming its own key and number on PostgreSQL) or single (one transaction per invoice)."
    )
    var mode: String = "group"
    @Option(
        name: .customLong("keys"),
        help:
            "Idempotency keys: random (UUIDv4, one random index page per invoice) or time (time-ordered, like UUIDv7)."
    )
    var keys: String = "random"
    @Option(name: .customLong("page-size"), help: "SQLite page size of the new database (default 4096).")
    var pageSize: Int?
    @Option(name: .customLong("cache-kib"), help: "The writer's SQLite page cache in KiB (default 8192).")
    var cacheKiB: Int = 8192
    @Option(
        help: "Receipt codes: signed (LR1- form, 139 characters) or short (an opaque 26-character code, as before).")
    var receipts: String = "signed"

    func run() async throws {
        guard ["group", "group-each", "single"].contains(mode) else {
            throw ValidationError("--mode must be group, group-each or single")
        }
        guard keys == "random" || keys == "time" else { throw ValidationError("--keys must be random or time") }
        guard receipts == "signed" || receipts == "short" else {
            throw ValidationError("--receipts must be signed or short")
        }
        let store = try await data.openStore(
            "lunas ledger bench-issue", mode: .createIfMissing,
            tuning: StoreOpening.Tuning(
                groupCommit: mode != "single", claimAhead: mode == "group", pageSize: pageSize, writerCacheKiB: cacheKiB
            )
        ).store
        let synchronous = try await StoreOpening.synchronousMode(of: store).map(String.init) ?? "n/a"
        let load = LedgerLoad(
            store: store, prefix: mode == "single" ? "BS" : "BG", timeOrderedKeys: keys == "time",
            shortReceipts: receipts == "short")
        try await load.enrolDevices(issuers)
        let before = StoreOpening.writeStatistics(of: store) ?? (transactions: 0, writes: 0)
        let perIssuer = max(1, count / issuers)
        let cpuBefore = Self.processCPUSeconds()
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for issuer in 0..<issuers {
                    group.addTask {
                        for _ in 0..<perIssuer { _ = try await load.issue(issuer: issuer) }
                    }
                }
                try await group.waitForAll()
            }
        }
        let cpuSeconds = Self.processCPUSeconds() - cpuBefore
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let total = perIssuer * issuers
        let after = StoreOpening.writeStatistics(of: store) ?? (transactions: 0, writes: 0)
        let transactions = max(1, after.transactions - before.transactions)
        let meanBatch = Double(after.writes - before.writes) / Double(transactions)
        print(
            "mode=\(mode) keys=\(keys) receipts=\(receipts) page_size=\(pageSize ?? 4096) cache_kib=\(cacheKiB) issuers=\(issuers) invoices=\(total) synchronous=\(synchronous) seconds="
                + String(format: "%.3f", seconds) + " invoices_per_second="
                + String(format: "%.0f", Double(total) / seconds) + " transactions=\(transactions) mean_batch="
                + String(format: "%.1f", meanBatch) + " cpu_us_per_invoice="
                + String(format: "%.0f", cpuSeconds * 1e6 / Double(total)))
    }

    /// User plus system CPU time of this process so far (all threads), in seconds.
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Makes realistic invoice drafts for the load commands: one kiosk device per issuer.
struct LedgerLoad: Sendable {
    static let cityZone = TimeZone(identifier: "Asia/Jayapura")!
    let store: any LedgerStore
    let prefix: String
    /// Time-ordered idempotency keys (as a client using UUIDv7 or ULIDs sends) instead of random UUIDs.
    var timeOrderedKeys = false
    /// Opaque `R-<bill>` receipt codes (26 characters) instead of the signed form.
    var shortReceipts = false

    func deviceID(_ issuer: Int) -> Device.ID { Device.ID("\(prefix)-DEV-\(issuer)") }

    func enrolDevices(_ count: Int) async throws {
        for issuer in 0..<count {
            let id = deviceID(issuer)
            _ = try await store.enrolDevice(
                DeviceDraft(
                    id: id, name: "Load device \(issuer)", role: .kiosk, zone: "A",
                    credentialHash: Device.credentialHash(forToken: "token-\(id)"), enrolledAt: Date(),
                    idempotencyKey: "enrol-\(id)"))
        }
    }

    /// A receipt code in the signed form and length the API gives (`LR1-…` naming the bill number,
    /// 139 characters for a 24-character bill number). The signature bytes are fixed: the store
    /// checks that the code names the bill number, never the signature, and signing (the API's
    /// work) is not what this load measures.
    static func receiptCode(_ bill: BillNumber) -> String {
        ReceiptCode(
            keyID: ReceiptKeyID(bytes: [0x4C, 0x55, 0x4E, 0x53])!, invoiceID: bill.rawValue, signature: signature
        )
        .text
    }

    private static let signature = [UInt8](repeating: 0xA5, count: 64)

    func issue(issuer: Int) async throws -> Invoice {
        let now = Date()
        let bill = try BillNumber.generate(prefix: prefix, date: now, timeZone: Self.cityZone)
        let terms = InvoiceTerms(
            billNumber: bill, amount: Rupiah(5_000),
            qrisPayload: "00020101021226570011ID.LUNAS.WWW0118936000000000000000303UMI5204799953033605405500062"
                + "2501\(bill.rawValue.utf8.count)\(bill.rawValue)6304ABCD",
            receiptCode: shortReceipts ? "R-\(bill.rawValue)" : Self.receiptCode(bill), issuedAt: now,
            expiresAt: now.addingTimeInterval(900),
            deviceID: deviceID(issuer))
        return try await store.issueInvoice(
            InvoiceDraft(
                terms: terms, purpose: .fee(code: "RET-PASAR"),
                idempotencyKey: timeOrderedKeys ? Payment.ID.generate().rawValue : UUID().uuidString)
        ).invoice
    }
}
