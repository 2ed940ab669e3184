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
        let size = fileSize(path)
        var table = InvoiceTable(expectedCount: size / 100 + 16)
        var index: [Int] = []
        var width = 0
        let time = try TimestampFormat("yyyy-MM-dd HH:mm:ss")
        let scanner = CSVScanner(delimiter: UInt8(ascii: ","), quote: UInt8(ascii: "\""))
        let names = Self.requiredColumns + Self.optionalColumns
        try scanner.scan(path: path, onBytes: { _ in }) { record in
            if index.isEmpty {
                var header: [String: Int] = [:]
                for i in 0..<record.count {
                    var name = record.string(i)
                    if i == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
                    guard names.contains(name) else {
                        throw ReconciliationError(
                            .csvMalformed,
                            "\(path) line \(record.line), column \(i + 1): unknown invoice column \"\(name)\"",
                            field: name, position: .init(line: record.line, column: i + 1), value: name)
                    }
                    guard header[name] == nil else {
                        throw ReconciliationError(
                            .csvMalformed, "\(path) line \(record.line): column \"\(name)\" appears twice",
                            field: name, position: .init(line: record.line, column: i + 1), value: name)
                    }
                    header[name] = i
                }
                for name in Self.requiredColumns where header[name] == nil {
                    throw ReconciliationError(
                        .csvMalformed, "\(path) line \(record.line): invoice header lacks column \"\(name)\"",
                        field: name, position: .init(line: record.line))
                }
                index = names.map { header[$0] ?? -1 }
                width = record.count
                return
            }
            guard record.count == width else {
                throw ReconciliationError(
                    .csvMalformed, "\(path) line \(record.line): \(record.count) columns, the header has \(width)",
                    position: .init(line: record.line, column: min(record.count, width) + 1))
            }
            func bad(_ k: Int, _ what: String) -> ReconciliationError {
                let value = record.string(index[k])
                return ReconciliationError(
                    .csvBadValue,
                    "\(path) line \(record.line), column \(index[k] + 1) (\(names[k])): \(what), got \"\(value)\"",
                    field: names[k], position: .init(line: record.line, column: index[k] + 1), value: value)
            }
            func field(_ k: Int) -> UnsafeRawBufferPointer {
                index[k] < 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : record.field(index[k])
            }
            let bill = field(1)
            if bill.isEmpty { throw bad(1, "the bill number is empty") }
            guard let amount = AmountFormat.plain.parse(field(8)), amount > 0 else {
                throw bad(8, "not a positive whole-rupiah amount")
            }
            guard let issued = time.parseLocalSeconds(field(9)) else { throw bad(9, "not a time YYYY-MM-DD HH:MM:SS") }
            guard let expires = time.parseLocalSeconds(field(10)) else {
                throw bad(10, "not a time YYYY-MM-DD HH:MM:SS")
            }
            var paidAt = InvoiceTable.none
            if !field(12).isEmpty {
                guard let paid = time.parseLocalSeconds(field(12)) else {
                    throw bad(12, "not a time YYYY-MM-DD HH:MM:SS")
                }
                paidAt = paid
            }
            let row = Int32(table.records.count)
            guard table.bills.insert(bill).inserted else {
                throw bad(1, "bill number already used by an earlier invoice")
            }
            table.invoiceIDs.append(field(0))
            let reference = table.addReference(field(2), for: row)
            var rrn: Int32 = -1
            if !field(11).isEmpty {
                let (id, inserted) = table.rrns.insert(field(11))
                if inserted { table.rrnOwner.append(row) } else { table.rrnOwner[Int(id)] = InvoiceTable.ambiguous }
                rrn = id
            }
            func label(_ k: Int) -> Int32 {
                let bytes = field(k)
                return bytes.isEmpty ? 0 : table.labels.insert(bytes).id
            }
            table.records.append(
                InvoiceTable.Record(
                    amount: amount, issuedAt: issued, expiresAt: expires, paidAt: paidAt, zone: label(5),
                    channel: label(6), attendant: label(7), terminal: label(4), nmid: label(3), feeCode: label(13),
                    acquirer: label(14), merchantCategory: label(15), mcc: label(16), reference: reference, rrn: rrn))
        }
        if index.isEmpty {
            throw ReconciliationError(
                .csvMalformed, "\(path): the invoice file is empty (no header)", position: .init(line: 1))
        }
        return table
    }
}
