/// One table of replayed state kept outside memory (``ReplaySpill``), by key text.
///
/// Keys are the identifiers' text; ``entries(after:limit:)`` orders them by their UTF-8 bytes, the
/// order of SQLite's `BINARY` collation (and PostgreSQL's `COLLATE "C"`), so that the replayed
/// state and the stored rows can be walked side by side.
public protocol ReplaySpillTable<Value>: AnyObject {
    /// The kind of value the table holds.
    associatedtype Value
    /// The value stored under `key`, or nil when none was.
    ///
    /// - Throws: the spill's own error when it cannot be read.
    func value(forKey key: String) throws -> Value?
    /// Stores every entry, replacing an earlier value of the same key (one batch).
    ///
    /// - Throws: the spill's own error when it cannot be written.
    func store(_ entries: [(key: String, value: Value)]) throws
    /// Up to `limit` entries in key order (UTF-8 bytes), each with a key after `key` (from the
    /// first when nil).
    ///
    /// - Throws: the spill's own error when it cannot be read.
    func entries(after key: String?, limit: Int) throws -> [(key: String, value: Value)]
}

/// Where ``LedgerReplay`` keeps the state it has not touched lately, so that replaying a ledger of
/// any size takes bounded memory (`lunas ledger verify`).
///
/// Without a spill the replay keeps everything in memory (tests, and the small replays of one
/// chain in memory). A store gives one for verification: both engines' is a private temporary
/// folder of files of sorted runs (`LedgerSQL`'s `FileReplaySpill`).
/// Devices, closed days, settlement files and their applications stay in memory either way: they
/// grow with the city's devices, days and bank files, not with its events.
public protocol ReplaySpill: AnyObject {
    /// Invoices by id.
    func invoices() throws -> any ReplaySpillTable<Invoice>
    /// Parking tickets by id.
    func tickets() throws -> any ReplaySpillTable<ParkingTicket>
    /// Payments by id.
    func payments() throws -> any ReplaySpillTable<Payment>
    /// Payment exceptions by id.
    func paymentExceptions() throws -> any ReplaySpillTable<PaymentException>
    /// Exception cases by id.
    func exceptionCases() throws -> any ReplaySpillTable<ExceptionCase>
    /// Invoice settlements by invoice id.
    func invoiceSettlements() throws -> any ReplaySpillTable<InvoiceSettlement>
    /// Refunds by id.
    func refunds() throws -> any ReplaySpillTable<PaymentRefund>
    /// Idempotency records by key.
    func idempotencyRecords() throws -> any ReplaySpillTable<IdempotencyRecord>
    /// A table of texts named `name` (complaints and offline records as canonical JSON).
    func texts(_ name: String) throws -> any ReplaySpillTable<String>
    /// A table of integers named `name` (created-by sequences, refunded totals, the members of
    /// the replay's uniqueness sets).
    func integers(_ name: String) throws -> any ReplaySpillTable<Int64>
}

/// A spill table of values kept in another form (text by the replay's canonical codecs, integers,
/// the bytes of a row in `LedgerSQL`'s spill files).
package final class ConvertedSpillTable<Value, Stored>: ReplaySpillTable {
    private let stored: any ReplaySpillTable<Stored>
    private let encode: (Value) throws -> Stored
    private let decode: (Stored) throws -> Value

    package init(
        _ stored: any ReplaySpillTable<Stored>, encode: @escaping (Value) throws -> Stored,
        decode: @escaping (Stored) throws -> Value
    ) {
        self.stored = stored
        self.encode = encode
        self.decode = decode
    }

    package func value(forKey key: String) throws -> Value? {
        try stored.value(forKey: key).map(decode)
    }

    package func store(_ entries: [(key: String, value: Value)]) throws {
        try stored.store(entries.map { (key: $0.key, value: try encode($0.value)) })
    }

    package func entries(after key: String?, limit: Int) throws -> [(key: String, value: Value)] {
        try stored.entries(after: key, limit: limit).map { (key: $0.key, value: try decode($0.value)) }
    }
}
