import Foundation

/// An event exactly as stored, before any of it is trusted.
public struct StoredEvent: Sendable, Hashable {
    /// The stored sequence number.
    public var sequence: Int64
    /// The stored kind text.
    public var kind: String
    /// The entity the event is about.
    public var entityID: String
    /// When the change happened, UTC epoch milliseconds.
    public var atMilliseconds: Int64
    /// The stored payload text (canonical JSON if untouched).
    public var payload: String
    /// The stored previous hash.
    public var previousHash: [UInt8]
    /// The stored hash.
    public var hash: [UInt8]

    /// Creates a value from its parts.
    public init(
        sequence: Int64, kind: String, entityID: String, atMilliseconds: Int64, payload: String,
        previousHash: [UInt8], hash: [UInt8]
    ) {
        self.sequence = sequence
        self.kind = kind
        self.entityID = entityID
        self.atMilliseconds = atMilliseconds
        self.payload = payload
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// Recomputes the event chain and checks every stored row against it (`lunas ledger verify`).
///
/// Feed it the events in `seq` order with ``check(_:)``; then, after ``endOfEvents(recordedHead:)``,
/// each projection table's rows in key order through ``rows(_:)`` and ``absorb(_:)`` (a merge of
/// the stored rows with the replayed state, both ordered by key), and take ``report()``. It names
/// every broken event (missing, reordered, edited, breaking a rule) and every row that the events do
/// not explain (edited, added or deleted). With a ``ReplaySpill`` its memory is bounded whatever
/// the ledger's size: the replayed state lives in the spill, and rows are compared as they stream.
///
/// The report lists the problems in the order of the checks: broken events, unreadable rows (in
/// the order the store reports them), the chain head, then each table's disagreements.
public struct LedgerVerifier {
    private var replay: LedgerReplay
    private var head = ChainHead.empty
    private var eventProblems: [LedgerProblem] = []
    private var unreadableProblems: [LedgerProblem] = []
    private var headProblem: LedgerProblem?
    private var rowProblems: [LedgerProblem] = []
    private var eventCount = 0

    /// A verifier that keeps the replayed state in memory.
    public init() {
        replay = LedgerReplay()
    }

    /// A verifier that keeps at most about `2 × generation` replayed entries of each kind in memory
    /// and the rest in `spill`.
    ///
    /// - Throws: the spill's error when its tables cannot be made.
    public init(spill: any ReplaySpill, generation: Int = 16_384) throws {
        replay = try LedgerReplay(spill: spill, generation: generation)
    }

    /// The first error the spill threw: stop, the replay is no longer reliable.
    public var spillError: (any Error)? { replay.spillError }

    /// Checks the next stored event.
    public mutating func check(_ event: StoredEvent) {
        eventCount += 1
        let expected = head.sequence + 1
        if event.sequence != expected {
            let what =
                event.sequence > expected
                ? "events #\(expected)…#\(event.sequence - 1) are missing"
                : "it repeats or goes back from #\(head.sequence)"
            eventProblems.append(
                .init(.event(event.sequence), "event #\(event.sequence) follows #\(head.sequence): \(what)"))
        } else if event.previousHash != head.hash {
            eventProblems.append(
                .init(
                    .event(event.sequence),
                    "event #\(event.sequence)'s previous hash does not match event #\(head.sequence)'s hash "
                        + "(one of the two was rewritten)"))
        }
        defer { head = ChainHead(sequence: event.sequence, hash: event.hash) }
        let payload: CanonicalJSON
        let payloadBytes: [UInt8]
        do {
            // The stored bytes, once the parser has accepted them, are the payload's canonical bytes:
            // hashed, and compared with the fact's own bytes (equal canonical bytes are equal trees).
            (payload, payloadBytes) = try CanonicalJSON.parseWithBytes(event.payload)
        } catch {
            eventProblems.append(.init(.event(event.sequence), "event #\(event.sequence): \(describe(error))"))
            return
        }
        let bytes = LedgerEvent.canonicalBytes(
            sequence: event.sequence, kind: event.kind, entityID: event.entityID,
            atMilliseconds: event.atMilliseconds, payloadBytes: payloadBytes)
        if LedgerEvent.chainHash(previous: event.previousHash, canonicalBytes: bytes) != event.hash {
            eventProblems.append(
                .init(
                    .event(event.sequence),
                    "event #\(event.sequence) (\(event.kind) \(event.entityID)): hash "
                        + "mismatch, its content was changed after it was written"))
        }
        do {
            guard let kind = LedgerEvent.Kind(rawValue: event.kind) else {
                throw LedgerError(.eventBadPayload, "unknown kind \"\(event.kind)\"")
            }
            let fact = try LedgerFact.decode(kind: kind, entityID: event.entityID, payload: payload)
            guard fact.entityID == event.entityID, fact.payloadBytes == payloadBytes else {
                throw LedgerError(.eventBadPayload, "payload does not match its kind and entity exactly")
            }
            if case .dayClosed(let statement) = fact, statement.chainHead.hash != event.previousHash {
                throw LedgerError(
                    .eventBadPayload, "the day's statement names a chain head that is not the event before it")
            }
            try replay.apply(fact, at: Date(ledgerMilliseconds: event.atMilliseconds), sequence: event.sequence)
        } catch {
            eventProblems.append(
                .init(.event(event.sequence), "event #\(event.sequence) (\(event.kind)): \(describe(error))"))
        }
    }

    /// Notes a stored row that could not even be read as a record (a value no event could produce).
    public mutating func unreadableRow(table: String, id: String, _ message: String) {
        unreadableProblems.append(.init(.row(table: table, id: id), "\(table) row \(id): \(message)"))
    }

    /// Ends the events: compares the chain head the store recorded with its last commit (when it
    /// keeps one; a log cut short at its end is caught by it) with the last event.
    public mutating func endOfEvents(recordedHead: ChainHead?) {
        if let recordedHead, recordedHead != head {
            headProblem = LedgerProblem(
                .chainHead,
                "the recorded chain head is #\(recordedHead.sequence) \(recordedHead.hash.ledgerHex.prefix(16))… "
                    + "but the log ends at #\(head.sequence) \(head.hash.ledgerHex.prefix(16))…: "
                    + "events were removed from the end or the head was altered")
        }
    }

    /// Starts comparing one table's stored rows with the replayed state: feed the rows in key order
    /// (UTF-8 bytes of the key; SQLite's `BINARY`, PostgreSQL's `COLLATE "C"`), then ``absorb(_:)``.
    ///
    /// - Throws: the spill's error.
    public mutating func rows<Record: Equatable>(_ table: LedgerTable<Record>) throws -> LedgerRowComparison<Record> {
        LedgerRowComparison(
            table: table.name, key: table.key, expected: try table.expected(&replay), createdBy: replay.createdBy)
    }

    /// Takes a table's findings: its unreadable rows, then its disagreements.
    ///
    /// - Throws: the spill's error.
    public mutating func absorb<Record: Equatable>(_ comparison: LedgerRowComparison<Record>) throws {
        var comparison = comparison
        try comparison.finish()
        unreadableProblems += comparison.unreadable
        rowProblems += comparison.problems
        if let error = replay.spillError { throw error }
    }

    /// The report: every problem found, in the order of the checks.
    public func report() -> LedgerVerificationReport {
        LedgerVerificationReport(
            eventCount: eventCount, head: head,
            problems: eventProblems + unreadableProblems + (headProblem.map { [$0] } ?? []) + rowProblems,
            settlementFiles: replay.settlementFiles.keys.sorted().compactMap { replay.settlementFiles[$0] })
    }

    /// Compares rows held in memory with the replayed events and returns the report.
    ///
    /// - Parameters:
    ///   - rows: every row of every projection table.
    ///   - recordedHead: the chain head the store recorded with its last commit, when it keeps one.
    public mutating func finish(rows: LedgerRows, recordedHead: ChainHead?) -> LedgerVerificationReport {
        endOfEvents(recordedHead: recordedHead)
        do {
            try rows.compare(with: &self)
        } catch {
            preconditionFailure("a replay in memory has no spill to fail: \(error)")
        }
        return report()
    }

    /// The fields in which two records differ, as `name: row X, events Y`.
    static func differences<Record>(_ row: Record, _ want: Record) -> [String] {
        let wanted = Dictionary(
            Mirror(reflecting: want).children.compactMap { child in child.label.map { ($0, "\(child.value)") } },
            uniquingKeysWith: { first, _ in first })
        return Mirror(reflecting: row).children.compactMap { child in
            guard let label = child.label, let other = wanted[label], other != "\(child.value)" else { return nil }
            return "\(label): row \(child.value), events \(other)"
        }
    }

    private func describe(_ error: any Error) -> String {
        (error as? LedgerError)?.message ?? "\(error)"
    }
}
