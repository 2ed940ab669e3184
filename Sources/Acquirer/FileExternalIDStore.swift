import Foundation
import Ledger

/// An ``ExternalIDStore`` in an append-only JSON-lines file (``JSONLinesFile``, mode 0600), flushed to
/// disk (fsync) before an id is handed out.
///
/// Each line is one ``ExternalIDRecord``. On open the whole file is read back; a complete line that
/// does not parse stops the open with its line number, so a damaged file is noticed, never
/// half-trusted. A torn last line (a crash during an append: no final newline) was never handed out:
/// it is ignored with a warning and cut off before the next append.
public actor FileExternalIDStore: ExternalIDStore {
    private let path: String
    private let warn: @Sendable (JSONLinesFile.TornLine) -> Void
    private var byOperation: [String: ExternalIDRecord] = [:]
    private var issued: Set<String> = []
    private var sequence: [CivilDate: Int] = [:]
    private var generator: SystemRandomNumberGenerator

    /// Opens (or creates, mode 0600) the store at `path`.
    /// - Parameter warn: receives a torn last line that is ignored (default: a warning on standard error).
    /// - Throws: ``AcquirerError`` `externalID.storeDamaged` naming the line, or `externalID.storeUnavailable`.
    public init(
        path: String, warn: @escaping @Sendable (JSONLinesFile.TornLine) -> Void = JSONLinesFile.standardErrorWarning
    ) throws(AcquirerError) {
        self.path = path
        self.warn = warn
        self.generator = SystemRandomNumberGenerator()
        let contents: JSONLinesFile.Contents?
        do {
            contents = try JSONLinesFile.read(path: path, warn: warn)
            if contents == nil { try PrivateFile.restrict(path) }
        } catch {
            throw AcquirerError(.externalIDStoreUnavailable, "cannot open X-EXTERNAL-ID store \(path)", cause: error)
        }
        for (number, line) in contents?.lines ?? [] {
            let record: ExternalIDRecord
            do {
                record = try JSONDecoder().decode(ExternalIDRecord.self, from: Data(line))
            } catch {
                throw AcquirerError(
                    .externalIDStoreDamaged, "\(path) line \(number) is not an X-EXTERNAL-ID record",
                    cause: error)
            }
            byOperation[record.operation] = record
            issued.insert(record.externalID)
            sequence[record.day, default: 0] += 1
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
            candidate = ExternalIDRecord.externalID(day: day, sequence: next, using: &generator)
        } while issued.contains(candidate)
        let record = ExternalIDRecord(operation: operation, externalID: candidate, day: day)
        try append(record)
        byOperation[operation] = record
        issued.insert(candidate)
        return candidate
    }

    /// See ``ExternalIDStore/lastRecord(for:)``.
    public func lastRecord(for operation: String) async -> ExternalIDRecord? { byOperation[operation] }

    /// The last id issued per operation, by operation (what `lunas ledger copy` carries over).
    public func records() -> [ExternalIDRecord] { byOperation.values.sorted { $0.operation < $1.operation } }

    /// How many ids were issued on each Jakarta day (the sequence part of a day's next id follows it).
    public func issuedPerDay() -> [CivilDate: Int] { sequence }

    private func append(_ record: ExternalIDRecord) throws(AcquirerError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try JSONLinesFile.append(try encoder.encode(record), to: path, warn: warn)
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
