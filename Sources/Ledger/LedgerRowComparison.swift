/// One table's stored rows compared with the replayed state as both stream by key (a merge): each
/// row is matched with the replayed record of its key, so no side is held in memory.
///
/// Made by ``LedgerVerifier/rows(_:)``; feed it the rows in key order with ``add(_:)`` (and the
/// rows that cannot be read with ``unreadable(id:_:)``), then hand it to
/// ``LedgerVerifier/absorb(_:)``. A row whose key sorts before the previous one (a key of another
/// SQL type than text, only written behind the ledger's back) is looked up on its own.
public struct LedgerRowComparison<Record: Equatable> {
    private let table: String
    private let key: (Record) -> String
    private var expected: ReplayCursor<Record>
    private let createdBy: ReplayMap<String, Int64>
    private var next: (key: String, value: Record)?
    private var started = false
    private var lastKey: String?
    /// Keys of rows met out of order, which the merge must not call missing.
    private var lateKeys: Set<String> = []
    private var missing: [(key: String, problem: LedgerProblem)] = []
    /// The rows that could not be read, in the order given.
    private(set) var unreadable: [LedgerProblem] = []
    /// Rows repeated, not backed by any event, disagreeing, then (after ``finish()``) missing ones.
    private(set) var problems: [LedgerProblem] = []

    init(
        table: String, key: @escaping (Record) -> String, expected: ReplayCursor<Record>,
        createdBy: ReplayMap<String, Int64>
    ) {
        self.table = table
        self.key = key
        self.expected = expected
        self.createdBy = createdBy
    }

    /// Notes a row that could not be read as a record; its replayed record, if any, is then missing.
    public mutating func unreadable(id: String, _ message: String) {
        unreadable.append(.init(.row(table: table, id: id), "\(table) row \(id): \(message)"))
    }

    /// Compares the next stored row (in key order) with the replayed record of its key.
    ///
    /// - Throws: the spill's error.
    public mutating func add(_ row: Record) throws {
        let rowKey = key(row)
        if !started {
            started = true
            next = try expected.next()
        }
        if let lastKey, !lastKey.utf8.lexicographicallyPrecedes(rowKey.utf8) {
            guard lastKey != rowKey, lateKeys.insert(rowKey).inserted else {
                problem(rowKey, "appears twice")
                return
            }
            compare(row, rowKey, try expected.value(forKey: rowKey))
            return
        }
        lastKey = rowKey
        while let entry = next, entry.key.utf8.lexicographicallyPrecedes(rowKey.utf8) {
            noteMissing(entry.key)
            next = try expected.next()
        }
        if let entry = next, entry.key == rowKey {
            compare(row, rowKey, entry.value)
            next = try expected.next()
        } else {
            compare(row, rowKey, nil)
        }
    }

    /// Ends the rows: every replayed record no row matched is missing.
    mutating func finish() throws {
        if !started {
            started = true
            next = try expected.next()
        }
        while let entry = next {
            noteMissing(entry.key)
            next = try expected.next()
        }
        problems += missing.filter { !lateKeys.contains($0.key) }.map(\.problem)
        missing = []
    }

    private mutating func compare(_ row: Record, _ rowKey: String, _ want: Record?) {
        guard let want else {
            problem(rowKey, "is not backed by any event")
            return
        }
        if row != want {
            let fields = LedgerVerifier.differences(row, want).joined(separator: "; ")
            problem(rowKey, "disagrees with the events: \(fields)")
        }
    }

    private mutating func problem(_ rowKey: String, _ what: String) {
        problems.append(.init(.row(table: table, id: rowKey), "\(table) row \(rowKey) \(what)"))
    }

    private mutating func noteMissing(_ entryKey: String) {
        let origin = createdBy[entryKey].map { " (created by event #\($0))" } ?? ""
        missing.append(
            (entryKey, .init(.row(table: table, id: entryKey), "\(table) row \(entryKey) is missing\(origin)")))
    }
}
