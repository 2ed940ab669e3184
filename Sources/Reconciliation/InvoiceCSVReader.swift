import Foundation

/// Reads an invoice export (`lunas` ledger export or a city's own system) into an ``InvoiceTable``.
///
/// Header: `invoice_id,bill_number,reference_label,nmid,terminal_id,zone,channel,attendant_id,amount,
/// issued_at,expires_at`, optionally followed by `payment_rrn,paid_at,fee_code,acquirer,merchant_category,
/// mcc` in any order. Times are `YYYY-MM-DD HH:MM:SS` in UTC; amounts whole rupiah. All or nothing.
public struct InvoiceCSVReader: Sendable {
    /// The required columns, in the documented order.
    public static let requiredColumns = [
        "invoice_id", "bill_number", "reference_label", "nmid", "terminal_id", "zone", "channel", "attendant_id",
        "amount", "issued_at", "expires_at",
    ]
    /// Columns that may follow, carrying what payment notifications told the ledger.
    public static let optionalColumns = ["payment_rrn", "paid_at", "fee_code", "acquirer", "merchant_category", "mcc"]

    /// Creates a reader.
    public init() {}

    /// Reads and validates the whole file.
    /// - Throws: ``ReconciliationError`` with the line, column and bad value.
    public func read(path: String) throws -> InvoiceTable {
        var state = try InvoiceRowState(path: path, expectedCount: fileSize(path) / 100 + 16)
        let scanner = CSVScanner(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "\""))
        try scanner.scan(path: path, onBytes: { _ in }) { record in try state.consume(record) }
        if state.index.isEmpty {
            throw ReconciliationError(
                .csvMalformed, "\(path): the invoice file is empty (no header)", position: .init(line: 1))
        }
        return state.table
    }
}

/// Per-file state of ``InvoiceCSVReader`` (a struct, so the per-row work has no captured boxes).
private struct InvoiceRowState {
    let path: String
    var table: InvoiceTable
    var index: [Int] = []
    var width = 0
    let time: TimestampFormat
    let names = InvoiceCSVReader.requiredColumns + InvoiceCSVReader.optionalColumns

    init(path: String, expectedCount: Int) throws {
        self.path = path
        table = InvoiceTable(expectedCount: expectedCount)
        time = try TimestampFormat("yyyy-MM-dd HH:mm:ss")
    }

    mutating func consume(_ record: CSVRecord) throws {
        if index.isEmpty {
            try readHeader(record)
            return
        }
        guard record.count == width else {
            throw ReconciliationError(
                .csvMalformed, "\(path) line \(record.line): \(record.count) columns, the header has \(width)",
                position: .init(line: record.line, column: min(record.count, width) + 1))
        }
        let bill = field(record, 1)
        if bill.isEmpty { throw bad(record, 1, "the bill number is empty") }
        guard let amount = AmountFormat.plain.parse(field(record, 8)), amount > 0 else {
            throw bad(record, 8, "not a positive whole-rupiah amount")
        }
        guard let issued = time.parseLocalSeconds(field(record, 9)) else {
            throw bad(record, 9, "not a time YYYY-MM-DD HH:MM:SS")
        }
        guard let expires = time.parseLocalSeconds(field(record, 10)) else {
            throw bad(record, 10, "not a time YYYY-MM-DD HH:MM:SS")
        }
        var paidAt = InvoiceTable.none
        if !field(record, 12).isEmpty {
            guard let paid = time.parseLocalSeconds(field(record, 12)) else {
                throw bad(record, 12, "not a time YYYY-MM-DD HH:MM:SS")
            }
            paidAt = paid
        }
        let row = Int32(table.records.count)
        guard table.bills.insert(bill).inserted else {
            throw bad(record, 1, "bill number already used by an earlier invoice")
        }
        table.invoiceIDs.append(field(record, 0))
        table.references.append(field(record, 2))
        var rrn: Int32 = -1
        let rrnBytes = field(record, 11)
        if !rrnBytes.isEmpty {
            let (id, inserted) = table.rrns.insert(rrnBytes)
            if inserted { table.rrnOwner.append(row) } else { table.rrnOwner[Int(id)] = InvoiceTable.ambiguous }
            rrn = id
        }
        table.records.append(
            InvoiceTable.Record(
                amount: amount, issuedAt: issued, expiresAt: expires, paidAt: paidAt, zone: label(record, 5),
                channel: label(record, 6), attendant: label(record, 7), terminal: label(record, 4),
                nmid: label(record, 3), feeCode: label(record, 13), acquirer: label(record, 14),
                merchantCategory: label(record, 15), mcc: label(record, 16), rrn: rrn))
    }

    @inline(__always)
    private func field(_ record: CSVRecord, _ k: Int) -> UnsafeRawBufferPointer {
        let i = index[k]
        return i < 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : record.field(i)
    }

    @inline(__always)
    private mutating func label(_ record: CSVRecord, _ k: Int) -> Int32 {
        let bytes = field(record, k)
        return bytes.isEmpty ? 0 : table.labels.insert(bytes).id
    }

    private func bad(_ record: CSVRecord, _ k: Int, _ what: String) -> ReconciliationError {
        let value = record.string(index[k])
        return ReconciliationError(
            .csvBadValue,
            "\(path) line \(record.line), column \(index[k] + 1) (\(names[k])): \(what), got \"\(value)\"",
            field: names[k], position: .init(line: record.line, column: index[k] + 1), value: value)
    }

    private mutating func readHeader(_ record: CSVRecord) throws {
        var header: [String: Int] = [:]
        for i in 0..<record.count {
            var name = record.string(i)
            if i == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            guard names.contains(name) else {
                throw ReconciliationError(
                    .csvMalformed, "\(path) line \(record.line), column \(i + 1): unknown invoice column \"\(name)\"",
                    field: name, position: .init(line: record.line, column: i + 1), value: name)
            }
            guard header[name] == nil else {
                throw ReconciliationError(
                    .csvMalformed, "\(path) line \(record.line): column \"\(name)\" appears twice",
                    field: name, position: .init(line: record.line, column: i + 1), value: name)
            }
            header[name] = i
        }
        for name in InvoiceCSVReader.requiredColumns where header[name] == nil {
            throw ReconciliationError(
                .csvMalformed, "\(path) line \(record.line): invoice header lacks column \"\(name)\"",
                field: name, position: .init(line: record.line))
        }
        index = names.map { header[$0] ?? -1 }
        width = record.count
    }
}
