import Foundation

/// Where settlement imports are remembered. The ledger will implement this in its store; the CLI uses
/// ``FileImportRegistry`` and tests ``InMemoryImportRegistry``.
public protocol SettlementImportRegistry: Sendable {
    /// Every import recorded so far.
    func allImports() throws -> [SettlementImport]
    /// Records an import (called only for `new` and `corrected_resend` files).
    func record(_ entry: SettlementImport) throws
}

extension SettlementImportRegistry {
    /// Decides what importing `file` would mean, without recording anything.
    public func decide(for file: SettlementFile) throws -> ImportDecision {
        let entry = SettlementImport(file: file)
        let all = try allImports()
        if let same = all.first(where: { $0.sha256 == entry.sha256 }) { return .alreadyImported(same) }
        let overlapping = all.filter {
            $0.profile == entry.profile && $0.firstSettlementDate <= entry.lastSettlementDate
                && entry.firstSettlementDate <= $0.lastSettlementDate
        }
        return overlapping.isEmpty ? .new : .correctedResend(previous: overlapping)
    }

    /// Decides, and records the file unless it was imported before.
    public func register(_ file: SettlementFile) throws -> ImportDecision {
        let decision = try decide(for: file)
        if case .alreadyImported = decision { return decision }
        try record(SettlementImport(file: file))
        return decision
    }
}
