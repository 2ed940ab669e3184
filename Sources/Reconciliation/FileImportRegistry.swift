import Foundation

/// An import registry kept as JSON lines in one file (one import a line, appended).
public struct FileImportRegistry: SettlementImportRegistry {
    /// The registry file.
    public var path: String

    /// Uses (and creates on first record) the file at `path`.
    public init(path: String) { self.path = path }

    public func allImports() throws -> [SettlementImport] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReconciliationError(.registry, "cannot read import registry \(path)", value: path)
        }
        return try data.split(separator: UInt8(ascii: "\n")).enumerated().map { index, line in
            do {
                return try JSONDecoder().decode(SettlementImport.self, from: Data(line))
            } catch {
                throw ReconciliationError(
                    .registry, "import registry \(path) line \(index + 1) is not a valid entry",
                    position: .init(line: index + 1),
                    cause: error)
            }
        }
    }

    public func record(_ entry: SettlementImport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var line = try encoder.encode(entry)
        line.append(UInt8(ascii: "\n"))
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw ReconciliationError(
                .registry, "cannot open import registry \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let written = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == line.count, fsync(fd) == 0 else {
            throw ReconciliationError(
                .registry, "cannot write import registry \(path): \(String(cString: strerror(errno)))")
        }
    }
}
