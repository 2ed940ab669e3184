import Synchronization

/// An import registry in memory (tests, one-off runs).
public final class InMemoryImportRegistry: SettlementImportRegistry {
    private let entries = Mutex<[SettlementImport]>([])

    public init() {}

    public func allImports() throws -> [SettlementImport] { entries.withLock { $0 } }

    public func record(_ entry: SettlementImport) throws { entries.withLock { $0.append(entry) } }
}
