import Foundation
import LunasTestSupport
import Testing

/// Issue 12, item 10: the MT940 reader's memory is bounded for input that is not UTF-8. The old reader
/// turned such a file into one `Character` per byte (16 bytes each) before splitting it; the streamed one
/// decodes a line at a time. Measured on the real `lunas reconcile` process with `/usr/bin/time -v`.
@Suite("MT940 memory")
struct MT940MemoryTests {
    /// An ISO-8859-1 statement of about `megabytes` MB: one payment, then 1 KB `:NS:` lines (read and dropped).
    static func write(megabytes: Int, to url: URL) throws {
        var data = Data()
        let head = [
            ":20:MEM1", ":25:ID0012345678", ":28C:1/1", ":60F:C260101IDR0",
            ":61:2601020102C5000NTRFNONREF//RRN000000000001", "AMB0000001", ":86:Pembayaran",
        ]
        data.append(Data((head.joined(separator: "\r\n") + "\r\n").utf8))
        var line = Data(":NS:".utf8)
        for index in 0..<1020 { line.append(index % 7 == 0 ? 0xE9 : UInt8(ascii: "a") + UInt8(index % 26)) }
        line.append(contentsOf: [0x0D, 0x0A])
        for _ in 0..<(megabytes << 10) { data.append(line) }
        data.append(Data(":62F:C260102IDR5000\r\n-\r\n".utf8))
        try data.write(to: url)
    }

    /// Peak resident memory of `lunas reconcile FILE` in bytes.
    static func peakMemory(_ statement: URL, in directory: URL) async throws -> Int {
        let invoices = directory.appendingPathComponent("invoices.csv")
        try Data(
            "invoice_id,bill_number,reference_label,nmid,terminal_id,zone,channel,attendant_id,amount,issued_at,expires_at\n"
                .utf8
        ).write(to: invoices)
        let report = directory.appendingPathComponent("time-\(UUID().uuidString).txt")
        let timed = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/time"),
            [
                "-v", "-o", report.path, try TestExecutable.lunas().path, "reconcile", statement.path,
                "--profile", Self.profile, "--invoices", invoices.path, "--mdr-bp", "0", "--format", "json",
                "--out", directory.appendingPathComponent("report.json").path, "--no-progress",
            ])
        #expect(timed.succeeded, "\(timed)")
        let text = try String(contentsOf: report, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains("Maximum resident set size") })
        let kilobytes = try #require(Int(line.split(separator: ":").last!.trimmingCharacters(in: .whitespaces)))
        return kilobytes * 1024
    }

    static var profile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/settlement-profiles/bank-statement-mt940.json")
            .path
    }

    @Test("a 32 MB ISO-8859-1 statement costs less than 3 bytes of memory per byte of file above a 1 MB one")
    func boundedForLatin1() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/time"), "GNU time is not installed")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "lunas-mt940-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = directory.appendingPathComponent("small.sta")
        let large = directory.appendingPathComponent("large.sta")
        try Self.write(megabytes: 1, to: small)
        try Self.write(megabytes: 32, to: large)
        let size = try FileManager.default.attributesOfItem(atPath: large.path)[.size] as? Int ?? 0
        let base = try await Self.peakMemory(small, in: directory)
        let peak = try await Self.peakMemory(large, in: directory)
        // The file itself is read into memory once (its SHA-256 and the reader need it): 1 byte per byte.
        // The old reader needed more than 16 (one Character per byte) on top.
        #expect(peak - base < 3 * size, "peak \(peak >> 20) MiB, baseline \(base >> 20) MiB, file \(size >> 20) MiB")
    }
}
