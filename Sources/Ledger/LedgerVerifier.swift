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
/// Feed it the events in `seq` order with ``check(_:)``, then the stored rows with
/// ``finish(rows:recordedHead:)``. It names every broken event (missing, reordered, edited,
/// breaking a rule) and every row that the events do not explain (edited, added or deleted).
public struct LedgerVerifier: Sendable {
    private var replay = LedgerReplay()
    private var head = ChainHead.empty
    private var problems: [LedgerProblem] = []
    private var eventCount = 0

    /// Creates a value from its parts.
    public init() {}

    /// Checks the next stored event.
    public mutating func check(_ event: StoredEvent) {
        eventCount += 1
        let expected = head.sequence + 1
        if event.sequence != expected {
            let what =
                event.sequence > expected
                ? "events #\(expected)…#\(event.sequence - 1) are missing"
                : "it repeats or goes back from #\(head.sequence)"
            problems.append(
                .init(.event(event.sequence), "event #\(event.sequence) follows #\(head.sequence): \(what)"))
        } else if event.previousHash != head.hash {
            problems.append(
                .init(
                    .event(event.sequence),
                    "event #\(event.sequence)'s previous hash does not match event #\(head.sequence)'s hash "
                        + "(one of the two was rewritten)"))
        }
        defer { head = ChainHead(sequence: event.sequence, hash: event.hash) }
        let payload: CanonicalJSON
        do {
            payload = try CanonicalJSON.parse(event.payload)
        } catch {
            problems.append(.init(.event(event.sequence), "event #\(event.sequence): \(describe(error))"))
            return
        }
        let bytes = LedgerEvent.canonicalBytes(
            sequence: event.sequence, kind: event.kind, entityID: event.entityID,
            atMilliseconds: event.atMilliseconds, payload: payload)
        if LedgerEvent.chainHash(previous: event.previousHash, canonicalBytes: bytes) != event.hash {
            problems.append(
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
            guard fact.entityID == event.entityID, fact.payload == payload else {
                throw LedgerError(.eventBadPayload, "payload does not match its kind and entity exactly")
            }
            if case .dayClosed(let statement) = fact, statement.chainHead.hash != event.previousHash {
                throw LedgerError(
                    .eventBadPayload, "the day's statement names a chain head that is not the event before it")
            }
            try replay.apply(fact, at: Date(ledgerMilliseconds: event.atMilliseconds), sequence: event.sequence)
        } catch {
            problems.append(
                .init(.event(event.sequence), "event #\(event.sequence) (\(event.kind)): \(describe(error))"))
        }
    }

    /// Notes a stored row that could not even be read as a record (a value no event could produce).
    public mutating func unreadableRow(table: String, id: String, _ message: String) {
        problems.append(.init(.row(table: table, id: id), "\(table) row \(id): \(message)"))
    }

    /// Compares the stored rows with the replayed events and returns the report.
    ///
    /// - Parameters:
    ///   - rows: every row of every projection table.
    ///   - recordedHead: the chain head the store recorded with its last commit, when it keeps one;
    ///     a log cut short at its end is caught by it.
    public mutating func finish(rows: LedgerRows, recordedHead: ChainHead?) -> LedgerVerificationReport {
        if let recordedHead, recordedHead != head {
            problems.append(
                .init(
                    .chainHead,
                    "the recorded chain head is #\(recordedHead.sequence) \(recordedHead.hash.ledgerHex.prefix(16))… "
                        + "but the log ends at #\(head.sequence) \(head.hash.ledgerHex.prefix(16))…: "
                        + "events were removed from the end or the head was altered"))
        }
        compare("devices", rows.devices, replay.devices, id: \.id)
        compare("invoices", rows.invoices, replay.invoices, id: \.id)
        compare("tickets", rows.tickets, replay.tickets, id: \.id)
        compare("payments", rows.payments, replay.payments, id: \.id)
        compare("payment_exceptions", rows.exceptions, replay.exceptions, id: \.id)
        compare("idempotency_keys", rows.idempotency, replay.idempotency, id: \.key)
        compare("exception_cases", rows.exceptionCases, replay.exceptionCases, id: \.id)
        compare("closed_days", rows.closedDays, replay.closedDays, id: \.date)
        compare("invoice_settlements", rows.invoiceSettlements, replay.invoiceSettlements, id: \.invoiceID)
        compare(
            "settlement_applications", rows.settlementApplications, replay.settlementApplications,
            id: \.settlementID)
        compare("payment_refunds", rows.refunds, replay.refunds, id: \.id)
        compare("complaints", rows.complaints, replay.complaints, id: \.number)
        compare("offline_records", rows.offlineRecords, replay.offlineRecords, id: \.key)
        compare("late_events", rows.lateEvents, replay.lateEvents, id: \.sequence)
        return LedgerVerificationReport(
            eventCount: eventCount, head: head, problems: problems,
            settlementFiles: replay.settlementFiles.keys.sorted().compactMap { replay.settlementFiles[$0] })
    }

    private mutating func compare<Record, Key: Hashable & CustomStringConvertible>(
        _ table: String, _ rows: [Record], _ expected: [Key: Record], id: KeyPath<Record, Key>
    ) where Record: Equatable {
        var seen: Set<Key> = []
        for row in rows {
            let key = row[keyPath: id]
            guard seen.insert(key).inserted else {
                problems.append(.init(.row(table: table, id: "\(key)"), "\(table) row \(key) appears twice"))
                continue
            }
            guard let want = expected[key] else {
                problems.append(
                    .init(.row(table: table, id: "\(key)"), "\(table) row \(key) is not backed by any event"))
                continue
            }
            if row != want {
                let fields = Self.differences(row, want).joined(separator: "; ")
                problems.append(
                    .init(.row(table: table, id: "\(key)"), "\(table) row \(key) disagrees with the events: \(fields)"))
            }
        }
        for key in expected.keys.sorted(by: { "\($0)" < "\($1)" }) where !seen.contains(key) {
            let origin = replay.createdBy["\(key)"].map { " (created by event #\($0))" } ?? ""
            problems.append(.init(.row(table: table, id: "\(key)"), "\(table) row \(key) is missing\(origin)"))
        }
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

/// Every stored row of the projection tables, as read for verification.
public struct LedgerRows: Sendable {
    /// Every row of the devices table.
    public var devices: [Device] = []
    /// Every row of the invoices table.
    public var invoices: [Invoice] = []
    /// Every row of the tickets table.
    public var tickets: [ParkingTicket] = []
    /// Every row of the payments table.
    public var payments: [Payment] = []
    /// Every row of the payment_exceptions table.
    public var exceptions: [PaymentException] = []
    /// Every row of the idempotency_keys table.
    public var idempotency: [IdempotencyRecord] = []
    /// Every row of the complaints table.
    public var complaints: [Complaint] = []
    /// Every row of the exception_cases table.
    public var exceptionCases: [ExceptionCase] = []
    /// Every row of the closed_days table.
    public var closedDays: [DailyStatement] = []
    /// Every row of the invoice_settlements table.
    public var invoiceSettlements: [InvoiceSettlement] = []
    /// Every row of the settlement_applications table.
    public var settlementApplications: [SettlementApplication] = []
    /// Every row of the payment_refunds table.
    public var refunds: [PaymentRefund] = []
    /// Every row of the offline_records table.
    public var offlineRecords: [OfflineRecording] = []
    /// Every row of the late_events table.
    public var lateEvents: [LateEvent] = []

    /// Creates a value from its parts.
    public init() {}
}
