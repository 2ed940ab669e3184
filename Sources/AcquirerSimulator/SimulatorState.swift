import Reconciliation
import Acquirer
import Foundation
import Ledger

/// The simulator's books as a file, so `lunas acquirer-sim --data-dir DIR` survives a restart.
///
/// Written atomically after each change the adapter wants kept (``PrivateFile/writeAtomically(_:to:mode:)``:
/// a temporary file, fsync, rename, fsync of the folder; mode 0600 whatever the umask); read back whole on
/// start. One JSON document, not JSON lines, so it is never torn; a file that does not parse is refused,
/// never half-loaded.
public struct SimulatorState: Sendable, Hashable, Codable {
    /// Format version of the file.
    public var version: Int
    /// Every transaction, oldest first.
    public var transactions: [SimulatedTransaction]
    /// Issued access tokens and their expiry.
    public var tokens: [String: Date]
    /// RRNs handed out so far.
    public var usedRRNs: [String]
    /// The last reference sequence number.
    public var sequence: Int
    /// The last notify sequence number.
    public var notifySequence: Int
    /// X-EXTERNAL-IDs seen per Jakarta day (`YYYY-MM-DD` → partner and id), so a restart does not
    /// accept a second use (absent in files written before they were kept).
    public var externalIDs: [String: [String]]? = nil
    /// Notifies still to deliver when the state was written: a restart resumes them.
    public var pendingNotifies: [PendingNotify]? = nil

    /// A notify planned but not yet answered for good.
    public struct PendingNotify: Sendable, Hashable, Codable {
        /// The transaction's `referenceNo`.
        public var referenceNo: String
        /// 0 for the first delivery, 1 for a duplicate.
        public var copy: Int
        /// Where it is posted.
        public var url: String
    }

    /// Writes the state to `path` atomically.
    /// - Throws: ``AcquirerError`` `sim.stateUnavailable`.
    public func write(to path: String) throws(AcquirerError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        do {
            try PrivateFile.writeAtomically(Array(try encoder.encode(self)), to: path)
        } catch {
            throw AcquirerError(.simulatorStateUnavailable, "cannot write simulator state \(path)", cause: error)
        }
    }

    /// Reads a state file.
    /// - Throws: ``AcquirerError`` `sim.stateUnavailable` (unreadable) or `sim.stateDamaged` (does not parse).
    public static func read(from path: String) throws(AcquirerError) -> SimulatorState {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AcquirerError(.simulatorStateUnavailable, "cannot read simulator state \(path)")
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            let state = try decoder.decode(SimulatorState.self, from: data)
            guard state.version == 1 else {
                throw AcquirerError(
                    .simulatorStateDamaged, "simulator state \(path) has unknown version \(state.version)")
            }
            return state
        } catch let error as AcquirerError {
            throw error
        } catch {
            throw AcquirerError(.simulatorStateDamaged, "simulator state \(path) does not parse", cause: error)
        }
    }
}

extension AcquirerSimulator {
    /// The books as they are now.
    public func state() -> SimulatorState {
        SimulatorState(
            version: 1, transactions: allTransactions(), tokens: tokens, usedRRNs: usedRRNs.sorted(),
            sequence: sequence,
            notifySequence: notifySequence, externalIDs: externalIDs.days)
    }

    /// Replaces the books with a saved state (merchants and keys still come from the profile).
    public func restore(_ state: SimulatorState) {
        transactions = Dictionary(state.transactions.map { ($0.referenceNo, $0) }, uniquingKeysWith: { $1 })
        order = state.transactions.map(\.referenceNo)
        generatedByPartnerReference = Dictionary(
            state.transactions.filter { $0.kind == .generated }.map { ($0.partnerReferenceNo, $0.referenceNo) },
            uniquingKeysWith: { $1 })
        tokens = state.tokens
        usedRRNs = Set(state.usedRRNs)
        sequence = state.sequence
        notifySequence = state.notifySequence
        externalIDs = ExternalIDRegistry(days: state.externalIDs ?? [:])
    }
}

extension AcquirerError.Code {
    /// The simulator's state file cannot be read or written.
    public static let simulatorStateUnavailable = Self("sim.stateUnavailable")
    /// The simulator's state file does not parse.
    public static let simulatorStateDamaged = Self("sim.stateDamaged")
}
