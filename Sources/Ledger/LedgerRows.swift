/// Every stored row of the projection tables, held in memory (tests, and chains verified in
/// memory); a store streams its rows into ``LedgerVerifier/rows(_:)`` instead.
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

    /// Compares every table with the verifier's replay, in the order a store streams them.
    func compare(with verifier: inout LedgerVerifier) throws {
        try Self.compare(devices, .devices, &verifier)
        try Self.compare(invoices, .invoices, &verifier)
        try Self.compare(tickets, .tickets, &verifier)
        try Self.compare(payments, .payments, &verifier)
        try Self.compare(exceptions, .paymentExceptions, &verifier)
        try Self.compare(idempotency, .idempotencyKeys, &verifier)
        try Self.compare(exceptionCases, .exceptionCases, &verifier)
        try Self.compare(closedDays, .closedDays, &verifier)
        try Self.compare(invoiceSettlements, .invoiceSettlements, &verifier)
        try Self.compare(settlementApplications, .settlementApplications, &verifier)
        try Self.compare(refunds, .paymentRefunds, &verifier)
        try Self.compare(complaints, .complaints, &verifier)
        try Self.compare(offlineRecords, .offlineRecords, &verifier)
        try Self.compare(lateEvents, .lateEvents, &verifier)
    }

    private static func compare<Record: Equatable>(
        _ rows: [Record], _ table: LedgerTable<Record>, _ verifier: inout LedgerVerifier
    ) throws {
        var comparison = try verifier.rows(table)
        // A stable sort: a repeated key stays next to its first row and is named as repeated.
        let sorted = rows.map { (key: table.key($0), row: $0) }.enumerated()
            .sorted { left, right in
                left.element.key == right.element.key
                    ? left.offset < right.offset
                    : left.element.key.utf8.lexicographicallyPrecedes(right.element.key.utf8)
            }
        for entry in sorted { try comparison.add(entry.element.row) }
        try verifier.absorb(comparison)
    }
}
