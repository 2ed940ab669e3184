/// The invoices carrying the reference labels (QRIS 62-05) of the settlement rows that need them.
///
/// Built after the bill-number lookup, from only the labels of rows whose bill number found no invoice:
/// their labels go into a small table, then the invoices' labels are scanned once in order. A label
/// found on two invoices is ambiguous and keys neither (``InvoiceTable/ambiguous``).
struct ReferenceIndex {
    private var wanted = ByteKeyTable()
    private var owners: [Int32] = []

    /// Indexes the labels at `rows` (indexes into `table`) against `invoices`.
    init(rows: [Int], of table: SettlementTable, invoices: InvoiceTable) {
        for r in rows {
            let (_, inserted) = table.keys.withBytes(table.records[r].reference) { wanted.insert($0) }
            if inserted { owners.append(-1) }
        }
        guard wanted.count > 0 else { return }
        let labels = invoices.references
        for i in 0..<labels.count where !labels.isEmpty(Int32(i)) {
            guard let id = labels.withBytes(Int32(i), { wanted.find($0) }) else { continue }
            owners[Int(id)] = owners[Int(id)] == -1 ? Int32(i) : InvoiceTable.ambiguous
        }
    }

    /// The invoice whose reference label is `key`: its index, ``InvoiceTable/ambiguous``, or -1.
    func owner(_ key: UnsafeRawBufferPointer) -> Int32 {
        wanted.find(key).map { owners[Int($0)] } ?? -1
    }
}
