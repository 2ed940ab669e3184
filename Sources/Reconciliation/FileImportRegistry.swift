import Foundation
import Ledger

/// An import registry kept as JSON lines in one file (one import a line, appended, fsynced; mode 0600):
/// a ``JSONLinesFile``. A torn last line (a crash during an append) is ignored with a warning; a complete
/// line that does not parse is refused, naming it.
public struct FileImportRegistry: SettlementImportRegistry {
    /// The registry file.
    public var path: String
    /// Receives a torn last line that is ignored (default: a warning on standard error).
    public var warn: @Sendable (JSONLinesFile.TornLine) -> Void

    /// Uses (and creates on first record) the file at `path`.
    public init(
        path: String, warn: @escaping @Sendable (JSONLinesFile.TornLine) -> Void = JSONLinesFile.standardErrorWarning
    ) {
        self.path = path
        self.warn = warn
    }

    public func allImports() throws -> [SettlementImport] {
        let contents: JSONLinesFile.Contents?
        do {
            contents = try JSONLinesFile.read(path: path, warn: warn)
        } catch {
            throw ReconciliationError(.registry, "cannot read import registry \(path)", value: path, cause: error)
        }
        return try (contents?.lines ?? []).map { number, line in
            do {
                return try JSONDecoder().decode(SettlementImport.self, from: Data(line))
            } catch {
                throw ReconciliationError(
                    .registry, "import registry \(path) line \(number) is not a valid entry",
                    position: .init(line: number),
                    cause: error)
            }
        }
    }

    public func record(_ entry: SettlementImport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        do {
            try JSONLinesFile.append(try encoder.encode(entry), to: path, warn: warn)
        } catch {
            throw ReconciliationError(
                .registry, "cannot write import registry \(path): \(error)", value: path, cause: error)
        }
    }
}
