import Foundation
import Ledger

/// How a transaction's writes moved the running totals (`invoice_totals`, `payment_totals`,
/// `device_hours`: ``LedgerSchema/v16DayTotals``), gathered in memory as the writes happen and
/// added to the tables once, when the transaction commits — a few rows per transaction, whatever
/// its size. Every write that adds an invoice, ticket or payment or changes an invoice's status,
/// settlement or refunds says so here; `ledger verify` rebuilds the tables from the rows and
/// compares, so a write that forgot would be found.
package struct TotalsDelta: Sendable {
    /// Where an invoice counts: its issue hour, device, zone and revenue line.
    package struct Place: Hashable, Sendable {
        var hour: Int64
        var device: String
        var zone: String
        var line: String
    }

    /// An `invoice_totals` row's last key column: an invoice status, or the partial refunds.
    package enum Bucket: Int, CaseIterable, Sendable {
        case issued, paid, paidLate, settled, expired, cancelled, refunded, partlyRefunded

        init(_ status: InvoiceStatus) {
            switch status {
            case .issued: self = .issued
            case .paid: self = .paid
            case .paidLate: self = .paidLate
            case .settled: self = .settled
            case .expired: self = .expired
            case .cancelled: self = .cancelled
            case .refunded: self = .refunded
            }
        }

        /// As stored (`status` of `invoice_totals`).
        var text: String {
            switch self {
            case .issued: InvoiceStatus.issued.rawValue
            case .paid: InvoiceStatus.paid.rawValue
            case .paidLate: InvoiceStatus.paidLate.rawValue
            case .settled: InvoiceStatus.settled.rawValue
            case .expired: InvoiceStatus.expired.rawValue
            case .cancelled: InvoiceStatus.cancelled.rawValue
            case .refunded: InvoiceStatus.refunded.rawValue
            case .partlyRefunded: TotalsDelta.partlyRefunded
            }
        }
    }

    /// A place's sums, one per bucket (a place is hashed once per change, not once per bucket).
    package struct PlaceSums: Sendable {
        var buckets = [InvoiceSums](repeating: InvoiceSums(), count: Bucket.allCases.count)
    }

    package struct InvoiceSums: Sendable, Equatable {
        var count: Int64 = 0
        var amount: Int64 = 0
        var mdr: Int64 = 0
        var net: Int64 = 0
    }

    package struct PaymentKey: Hashable, Sendable {
        var hour: Int64
        var effect: String
    }

    package struct DeviceKey: Hashable, Sendable {
        var device: String
        var hour: Int64
    }

    package struct DeviceSums: Sendable {
        var numbers: Int64 = 0
        var low: Int64?
        var high: Int64?
        var tickets: Int64 = 0
        var voided: Int64 = 0

        mutating func used(_ sequence: Int64, ticket: Bool) {
            numbers += 1
            low = min(low ?? sequence, sequence)
            high = max(high ?? sequence, sequence)
            if ticket { tickets += 1 }
        }
    }

    /// The pseudo status of `invoice_totals` rows that sum partial refunds.
    package static let partlyRefunded = "partly_refunded"

    private(set) var invoices: [Place: PlaceSums] = [:]
    private(set) var payments: [PaymentKey: InvoiceSums] = [:]
    private(set) var devices: [DeviceKey: DeviceSums] = [:]
    package struct PaidKey: Hashable, Sendable {
        var issued: Int64
        var paid: Int64
    }

    /// Invoices by the hour they were issued and the hour they were paid.
    private(set) var paidHours: [PaidKey: Int64] = [:]

    /// The invoice placed last: a write moves one invoice several times in a row (paid, then settled).
    private var lastPlaced: (invoice: Invoice.ID, place: Place)?

    package var isEmpty: Bool { invoices.isEmpty && payments.isEmpty && devices.isEmpty && paidHours.isEmpty }

    /// The first millisecond of the UTC hour of `time`.
    package static func hour(_ time: Date) -> Int64 {
        let milliseconds = time.ledgerMilliseconds
        return milliseconds / 3_600_000 * 3_600_000
    }

    /// Where `invoice` counts. A parking invoice's zone and vehicle class are its ticket's: `ticket`
    /// when the caller holds it, else read (a missing ticket counts as `-`, as the verify scan does).
    package static func place(of invoice: Invoice, ticket: ParkingTicket? = nil, _ db: some SQLSession) throws -> Place
    {
        var zone = "-"
        var vehicleClass = "-"
        if let ticketID = invoice.ticketID {
            if let ticket, ticket.id == ticketID {
                zone = ticket.zone
                vehicleClass = ticket.vehicleClass
            } else if let row = try db.row("SELECT zone, vehicle_class FROM tickets WHERE id = ?", [ticketID.rawValue])
            {
                zone = try row.text(0)
                vehicleClass = try row.text(1)
            }
        }
        let line = invoice.feeCode.map { "fee:\($0)" } ?? "parking:\(vehicleClass)"
        return Place(hour: hour(invoice.issuedAt), device: invoice.deviceID.rawValue, zone: zone, line: line)
    }

    /// A new invoice (and its number on its device).
    package mutating func issued(_ invoice: Invoice, ticket: ParkingTicket? = nil, _ db: some SQLSession) throws {
        let place = try placing(invoice, ticket: ticket, db)
        try add(place, Bucket(invoice.status), InvoiceSums(count: 1, amount: invoice.amount.value))
        try number(invoice.sequence, device: invoice.deviceID, at: invoice.issuedAt, ticket: false)
    }

    /// A new ticket: an hourly one (no invoice yet) uses a number of its own; a flat one shares its
    /// invoice's.
    package mutating func opened(_ ticket: ParkingTicket) throws {
        guard ticket.invoiceID == nil else { return }
        try number(ticket.sequence, device: ticket.deviceID, at: ticket.entryAt, ticket: true)
    }

    /// An hourly ticket voided.
    package mutating func voided(_ ticket: ParkingTicket) throws {
        let key = DeviceKey(device: ticket.deviceID.rawValue, hour: Self.hour(ticket.entryAt))
        devices[key, default: DeviceSums()].voided += 1
    }

    /// `invoice`, as it was before, moved to `status`. Its settlement in force (an invoice that was
    /// `settled`) moves with it unless `withdrawn`; moving to `refunded` ends its partial refunds.
    package mutating func moved(
        _ invoice: Invoice, to status: InvoiceStatus, withdrawn: Bool = false, _ db: some SQLSession
    ) throws {
        guard invoice.status != status else { return }
        let place = try placing(invoice, db)
        var sums = InvoiceSums(count: 1, amount: invoice.amount.value)
        if invoice.status == .settled || invoice.status == .refunded,
            let row = try db.row(
                "SELECT mdr, net FROM invoice_settlements WHERE invoice_id = ? AND withdrawn_by IS NULL",
                [invoice.id.rawValue])
        {
            sums.mdr = try row.int64(0)
            sums.net = try row.int64(1)
        }
        try add(place, Bucket(invoice.status), sums, sign: -1)
        if withdrawn {
            sums.mdr = 0
            sums.net = 0
        }
        try add(place, Bucket(status), sums)
        if status == .refunded {
            let given =
                try db.int64(
                    """
                    SELECT COALESCE(SUM(r.amount), 0) FROM payment_refunds r JOIN payments p ON p.id = r.payment_id
                    WHERE r.invoice_id = ? AND p.effect <> 'extra'
                    """, [invoice.id.rawValue]) ?? 0
            if given > 0 {
                try add(place, .partlyRefunded, InvoiceSums(count: 1, amount: given), sign: -1)
            }
        }
    }

    /// A settlement row now in force for `invoice` (which is `settled`).
    package mutating func settled(_ invoice: Invoice, _ entry: SettlementEntry, _ db: some SQLSession) throws {
        try add(try placing(invoice, db), .settled, InvoiceSums(mdr: entry.mdr.value, net: entry.net.value))
    }

    /// Money given back from an invoice's own payment, `before` given back earlier: a partial
    /// refund until the invoice moves to `refunded` (``moved(_:to:withdrawn:_:)`` then ends it).
    package mutating func givenBack(
        _ amount: Rupiah, before: Rupiah, of invoiceID: Invoice.ID, _ db: some SQLSession
    ) throws {
        guard let invoice = try LedgerQueries.invoice(where: "id", equals: invoiceID.rawValue, db),
            invoice.status != .refunded
        else { return }
        try add(
            try placing(invoice, db), .partlyRefunded, InvoiceSums(count: before == .zero ? 1 : 0, amount: amount.value)
        )
    }

    /// `invoice`, as it was before, now paid at `paidAt` (its `paid_ms`).
    package mutating func paid(_ invoice: Invoice, at paidAt: Date) {
        let issued = Self.hour(invoice.issuedAt)
        if let before = invoice.paidAt { paidHours[PaidKey(issued: issued, paid: Self.hour(before)), default: 0] -= 1 }
        paidHours[PaidKey(issued: issued, paid: Self.hour(paidAt)), default: 0] += 1
    }

    /// A new payment.
    package mutating func paid(_ payment: Payment) throws {
        let key = PaymentKey(hour: Self.hour(payment.paidAt), effect: payment.effect.rawValue)
        try Self.add(
            &payments[key, default: InvoiceSums()], InvoiceSums(count: 1, amount: payment.amount.value), sign: 1)
    }

    private mutating func number(_ sequence: Int64, device: Device.ID, at time: Date, ticket: Bool) throws {
        let key = DeviceKey(device: device.rawValue, hour: Self.hour(time))
        devices[key, default: DeviceSums()].used(sequence, ticket: ticket)
    }

    /// Where `invoice` counts (``place(of:ticket:_:)``), remembered for the next change of it.
    private mutating func placing(
        _ invoice: Invoice, ticket: ParkingTicket? = nil, _ db: some SQLSession
    ) throws -> Place {
        if let last = lastPlaced, last.invoice == invoice.id { return last.place }
        let place = try Self.place(of: invoice, ticket: ticket, db)
        lastPlaced = (invoice.id, place)
        return place
    }

    private mutating func add(_ place: Place, _ bucket: Bucket, _ sums: InvoiceSums, sign: Int64 = 1) throws {
        try Self.add(&invoices[place, default: PlaceSums()].buckets[bucket.rawValue], sums, sign: sign)
    }

    /// Adds `sign` × `sums` to `total`, checked (a sum past 64 bits is `amount.overflow`, never a trap).
    private static func add(_ total: inout InvoiceSums, _ sums: InvoiceSums, sign: Int64) throws {
        func plus(_ x: Int64, _ y: Int64) throws -> Int64 {
            let (value, overflow) = x.addingReportingOverflow(sign * y)
            guard !overflow else {
                throw LedgerError(.amountOverflow, "running totals: \(x) + \(sign * y) does not fit 64 bits")
            }
            return value
        }
        total = InvoiceSums(
            count: try plus(total.count, sums.count), amount: try plus(total.amount, sums.amount),
            mdr: try plus(total.mdr, sums.mdr), net: try plus(total.net, sums.net))
    }
}

package extension TotalsDelta {
    /// Adds the deltas to the tables (rows are created at their first delta), each table's rows in
    /// multi-row upserts (``upsert(_:_:_:_:)``): a batch of invoices from many devices writes two
    /// rows per device, on the writer's hot path, and on PostgreSQL every statement is a round trip.
    /// The upserts name the table's own columns (`t.n + excluded.n`): PostgreSQL calls a bare `n`
    /// ambiguous there.
    func write(_ db: some SQLSession) throws {
        guard !isEmpty else { return }
        var invoiceRows: [[SQLValue]] = []
        for (place, sums) in invoices {
            for bucket in Bucket.allCases where sums.buckets[bucket.rawValue] != InvoiceSums() {
                let sum = sums.buckets[bucket.rawValue]
                invoiceRows.append([
                    .integer(place.hour), .text(place.device), .text(place.zone), .text(place.line),
                    .text(bucket.text), .integer(sum.count), .integer(sum.amount), .integer(sum.mdr),
                    .integer(sum.net),
                ])
            }
        }
        try Self.upsert(
            "INSERT INTO invoice_totals (hour_ms, device_id, zone, line, status, n, amount, mdr, net)",
            """
            ON CONFLICT (hour_ms, device_id, zone, line, status) DO UPDATE SET
                n = invoice_totals.n + excluded.n, amount = invoice_totals.amount + excluded.amount,
                mdr = invoice_totals.mdr + excluded.mdr, net = invoice_totals.net + excluded.net
            """, invoiceRows, db)
        try Self.upsert(
            "INSERT INTO payment_totals (hour_ms, effect, n, amount)",
            """
            ON CONFLICT (hour_ms, effect) DO UPDATE SET
                n = payment_totals.n + excluded.n, amount = payment_totals.amount + excluded.amount
            """,
            payments.map { key, sums in
                [.integer(key.hour), .text(key.effect), .integer(sums.count), .integer(sums.amount)]
            }, db)
        try Self.upsert(
            "INSERT INTO paid_hours (hour_ms, paid_hour_ms, n)",
            "ON CONFLICT (hour_ms, paid_hour_ms) DO UPDATE SET n = paid_hours.n + excluded.n",
            paidHours.compactMap { key, count in
                count == 0 ? nil : [.integer(key.issued), .integer(key.paid), .integer(count)]
            }, db)
        try Self.upsert(
            "INSERT INTO device_hours (device_id, hour_ms, numbers, low, high, tickets, voided)",
            """
            ON CONFLICT (device_id, hour_ms) DO UPDATE SET numbers = device_hours.numbers + excluded.numbers,
                low = CASE WHEN excluded.low IS NULL THEN device_hours.low
                    WHEN device_hours.low IS NULL THEN excluded.low
                    WHEN excluded.low < device_hours.low THEN excluded.low ELSE device_hours.low END,
                high = CASE WHEN excluded.high IS NULL THEN device_hours.high
                    WHEN device_hours.high IS NULL THEN excluded.high
                    WHEN excluded.high > device_hours.high THEN excluded.high ELSE device_hours.high END,
                tickets = device_hours.tickets + excluded.tickets, voided = device_hours.voided + excluded.voided
            """,
            devices.map { key, sums in
                [
                    .text(key.device), .integer(key.hour), .integer(sums.numbers),
                    sums.low.map(SQLValue.integer) ?? .null, sums.high.map(SQLValue.integer) ?? .null,
                    .integer(sums.tickets), .integer(sums.voided),
                ]
            }, db)
    }

    /// The most rows one upsert carries (at 9 columns, far under either engine's limit of bound
    /// values; one text per row count, so few statements to cache).
    static let rowsPerUpsert = 64

    /// Upserts `rows` — whose keys are distinct: one statement may not touch a row twice — with
    /// `insert` (`INSERT INTO table (columns)`) and `conflict` (the `ON CONFLICT` clause), up to
    /// ``rowsPerUpsert`` rows a statement.
    private static func upsert(
        _ insert: String, _ conflict: String, _ rows: [[SQLValue]], _ db: some SQLSession
    )
        throws
    {
        guard let width = rows.first?.count else { return }
        let tuple = "(" + repeatElement("?", count: width).joined(separator: ", ") + ")"
        var start = rows.startIndex
        while start < rows.endIndex {
            let chunk = rows[start..<min(start + rowsPerUpsert, rows.endIndex)]
            let values = repeatElement(tuple, count: chunk.count).joined(separator: ", ")
            let statement = try db.prepared("\(insert)\nVALUES \(values)\n\(conflict)")
            var index: Int32 = 1
            for row in chunk {
                for value in row {
                    statement.bind(index, value)
                    index += 1
                }
            }
            try statement.step()
            start = chunk.endIndex
        }
    }
}
