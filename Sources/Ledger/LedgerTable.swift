/// One projection table that `lunas ledger verify` compares with the replayed events: its name,
/// the key of its records, and where the replay keeps what the table should hold.
public struct LedgerTable<Record: Equatable> {
    /// The table's name, as the stores and the report call it.
    public let name: String
    /// The record's key text: a row's primary key.
    let key: (Record) -> String
    /// The replayed records in key order.
    let expected: (inout LedgerReplay) throws -> ReplayCursor<Record>

    init(
        _ name: String, key: @escaping (Record) -> String,
        expected: @escaping (inout LedgerReplay) throws -> ReplayCursor<Record>
    ) {
        self.name = name
        self.key = key
        self.expected = expected
    }

    /// A table kept in memory by the replay (a dictionary), sorted when it is compared.
    init<Key>(_ name: String, key: @escaping (Record) -> String, memory: KeyPath<LedgerReplay, [Key: Record]>) {
        self.init(name, key: key) { replay in
            ReplayCursor(
                entries: replay[keyPath: memory].values.map { (key: key($0), value: $0) }
                    .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
        }
    }
}

extension LedgerTable where Record == Device {
    /// `devices`, by id.
    public static var devices: Self { Self("devices", key: \.id.rawValue, memory: \.devices) }
}

extension LedgerTable where Record == Invoice {
    /// `invoices`, by id.
    public static var invoices: Self { Self("invoices", key: \.id.rawValue) { try $0.invoices.sortedEntries() } }
}

extension LedgerTable where Record == ParkingTicket {
    /// `tickets`, by id.
    public static var tickets: Self { Self("tickets", key: \.id.rawValue) { try $0.tickets.sortedEntries() } }
}

extension LedgerTable where Record == Payment {
    /// `payments`, by id.
    public static var payments: Self { Self("payments", key: \.id.rawValue) { try $0.payments.sortedEntries() } }
}

extension LedgerTable where Record == PaymentException {
    /// `payment_exceptions`, by id.
    public static var paymentExceptions: Self {
        Self("payment_exceptions", key: \.id.rawValue) { try $0.exceptions.sortedEntries() }
    }
}

extension LedgerTable where Record == IdempotencyRecord {
    /// `idempotency_keys`, by key.
    public static var idempotencyKeys: Self {
        Self("idempotency_keys", key: \.key) { try $0.idempotency.sortedEntries() }
    }
}

extension LedgerTable where Record == ExceptionCase {
    /// `exception_cases`, by id.
    public static var exceptionCases: Self {
        Self("exception_cases", key: \.id.rawValue) { try $0.exceptionCases.sortedEntries() }
    }
}

extension LedgerTable where Record == DailyStatement {
    /// `closed_days`, by date (`yyyy-MM-dd`).
    public static var closedDays: Self { Self("closed_days", key: \.date.description, memory: \.closedDays) }
}

extension LedgerTable where Record == InvoiceSettlement {
    /// `invoice_settlements`, by invoice id.
    public static var invoiceSettlements: Self {
        Self("invoice_settlements", key: \.invoiceID.rawValue) { try $0.invoiceSettlements.sortedEntries() }
    }
}

extension LedgerTable where Record == SettlementApplication {
    /// `settlement_applications`, by settlement id.
    public static var settlementApplications: Self {
        Self("settlement_applications", key: \.settlementID, memory: \.settlementApplications)
    }
}

extension LedgerTable where Record == PaymentRefund {
    /// `payment_refunds`, by id.
    public static var paymentRefunds: Self {
        Self("payment_refunds", key: \.id.rawValue) { try $0.refunds.sortedEntries() }
    }
}

extension LedgerTable where Record == Complaint {
    /// `complaints`, by number.
    public static var complaints: Self {
        Self("complaints", key: \.filing.number) { try $0.complaints.sortedEntries() }
    }
}

extension LedgerTable where Record == OfflineRecording {
    /// `offline_records`, by idempotency key.
    public static var offlineRecords: Self {
        Self("offline_records", key: \.key) { try $0.offlineRecords.sortedEntries() }
    }
}

extension LedgerTable where Record == LateEvent {
    /// `late_events`, by the sequence of the event that recorded the fact (its decimal text).
    public static var lateEvents: Self { Self("late_events", key: { "\($0.sequence)" }, memory: \.lateEvents) }
}
