import Foundation

/// An ``ExternalIDStore`` in an append-only JSON-lines file, flushed to disk (fsync) before an id is
/// handed out.
///
/// Each line is one ``ExternalIDRecord``. On open the whole file is read back; a line that does not
/// parse stops the open with its line number, so a damaged file is noticed, never half-trusted.
public actor FileExternalIDStore: ExternalIDStore {
    private let path: String
    private var byOperation: [String: ExternalIDRecord] = [:]
    private var issued: Set<String> = []
    private var sequence: [CivilDate: Int] = [:]
    private var generator: SystemRandomNumberGenerator

    /// Opens (or creates) the store at `path`.
    /// - Throws: ``AcquirerError`` `externalID.storeDamaged` naming the line, or `externalID.storeUnavailable`.
    public init(path: String) throws(AcquirerError) {
        self.path = path
        self.generator = SystemRandomNumberGenerator()
        if let data = FileManager.default.contents(atPath: path) {
            let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            for (index, line) in lines.enumerated() where !line.isEmpty {
                let record: ExternalIDRecord
                do {
                    record = try JSONDecoder().decode(ExternalIDRecord.self, from: Data(line))
                } catch {
                    throw AcquirerError(
                        .externalIDStoreDamaged, "\(path) line \(index + 1) is not an X-EXTERNAL-ID record",
                        cause: error)
                }
                byOperation[record.operation] = record
                issued.insert(record.externalID)
                sequence[record.day, default: 0] += 1
            }
        } else if !FileManager.default.createFile(atPath: path, contents: nil) {
            throw AcquirerError(.externalIDStoreUnavailable, "cannot create X-EXTERNAL-ID store \(path)")
        }
    }

    /// See ``ExternalIDStore/externalID(for:at:)``.
    public func externalID(for operation: String, at now: Date) async throws(AcquirerError) -> String {
        let day = CivilDate(containing: now, offset: .jakarta)
        if let existing = byOperation[operation], existing.day == day { return existing.externalID }
        var candidate: String
        repeat {
            let next = sequence[day, default: 0] + 1
            sequence[day] = next
            let random = UInt64.random(in: 0..<100_000_000, using: &generator)
            candidate = day.compact + CivilDate.pad(next, 10) + CivilDate.pad(Int(random), 8)
        } while issued.contains(candidate)
        let record = ExternalIDRecord(operation: operation, externalID: candidate, day: day)
        try append(record)
        byOperation[operation] = record
        issued.insert(candidate)
        return candidate
    }

    /// See ``ExternalIDStore/lastRecord(for:)``.
    public func lastRecord(for operation: String) async -> ExternalIDRecord? { byOperation[operation] }

    private func append(_ record: ExternalIDRecord) throws(AcquirerError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            var line = try encoder.encode(record)
            line.append(UInt8(ascii: "\n"))
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw AcquirerError(.externalIDStoreUnavailable, "cannot persist X-EXTERNAL-ID to \(path)", cause: error)
        }
    }
}

extension AcquirerError.Code {
    /// The X-EXTERNAL-ID store file has a line that does not parse.
    public static let externalIDStoreDamaged = Self("externalID.storeDamaged")
    /// The X-EXTERNAL-ID store cannot be written.
    public static let externalIDStoreUnavailable = Self("externalID.storeUnavailable")
}
