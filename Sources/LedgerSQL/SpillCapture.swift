import Foundation
import Ledger

/// A ``SQLSession`` that runs nothing: it takes the statements the ledger's row codec writes for one
/// record (`INSERT INTO invoices (…) VALUES (?, …)`, then perhaps `UPDATE … SET a = ?, … WHERE …`)
/// and keeps the values they bind as one row of `columns` (``FileReplaySpill``: the row is what a
/// spilled record is stored as, and what the codec's decoder reads back).
///
/// Each statement text is read once (``Plan``): which column each placeholder fills. A statement on
/// another table, or of another form, fails loudly: the spill would otherwise lose a field.
package final class SpillCapture: SQLSession {
    package var dialect: SQLDialect { .sqlite }
    package var isInsideTransaction: Bool { true }

    /// The columns of the row, lower-cased, in the order the decoder reads them.
    let columns: [String]
    private let table: String
    /// For each statement text, the column of each placeholder (nil: a placeholder of the `WHERE`).
    private var plans: [String: [Int?]] = [:]
    /// The row being captured (every column NULL until a statement sets it).
    private(set) var row: [SQLValue]

    /// A capture of rows of `table` with `columns` (a comma-separated list of names).
    init(table: String, columns: String) {
        self.table = table
        self.columns = columns.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        }
        row = Array(repeating: .null, count: self.columns.count)
    }

    /// Starts the next record.
    func reset() {
        for index in row.indices { row[index] = .null }
    }

    /// The columns filled by each placeholder of `sql`.
    func plan(_ sql: String) throws -> [Int?] {
        if let plan = plans[sql] { return plan }
        let words = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let placeholders = words.filter { $0 == "?" }.count
        let names: [Substring]
        if words.hasPrefix("INSERT INTO \(table) ("), let close = words.firstIndex(of: ")") {
            names = words[words.index(words.startIndex, offsetBy: "INSERT INTO \(table) (".count)..<close]
                .split(separator: ",")
        } else if words.hasPrefix("UPDATE \(table) SET "), let stop = words.range(of: " WHERE ") {
            names = words[words.index(words.startIndex, offsetBy: "UPDATE \(table) SET ".count)..<stop.lowerBound]
                .split(separator: ",").map { $0.split(separator: "=").first ?? "" }
        } else {
            throw failure(sql, "only an INSERT INTO or UPDATE of \(table) is kept")
        }
        let targets = names.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard targets.count <= placeholders else { throw failure(sql, "a value that is not a placeholder") }
        let plan: [Int?] =
            targets.map { columns.firstIndex(of: $0) } + Array(repeating: nil, count: placeholders - targets.count)
        plans[sql] = plan
        return plan
    }

    func set(_ column: Int?, _ value: SQLValue) {
        if let column { row[column] = value }
    }

    private func failure(_ sql: String, _ why: String) -> SQLFailure {
        .engine(code: "spill", message: "verify's spill cannot keep \(sql): \(why)")
    }

    package func prepared(_ sql: String) throws -> SpillCaptureStatement {
        SpillCaptureStatement(self, try plan(sql))
    }

    @discardableResult
    package func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        let plan = try plan(sql)
        for (index, value) in arguments.enumerated() where index < plan.count { set(plan[index], value) }
        return 1
    }

    package func rows(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        throw failure(sql, "the spill reads nothing")
    }

    package func savepoint<T>(_ body: () throws -> T) throws -> T {
        try body()
    }
}

/// A statement of ``SpillCapture``: each binding goes straight to its column of the captured row.
package final class SpillCaptureStatement: SQLStatement {
    private let capture: SpillCapture
    private let plan: [Int?]

    fileprivate init(_ capture: SpillCapture, _ plan: [Int?]) {
        self.capture = capture
        self.plan = plan
    }

    package func bind(_ index: Int32, _ value: SQLValue) {
        if Int(index) - 1 < plan.count { capture.set(plan[Int(index) - 1], value) }
    }
    package func bind(_ index: Int32, _ value: Int64) { bind(index, SQLValue.integer(value)) }
    package func bind(_ index: Int32, _ value: Int64?) { bind(index, value.map(SQLValue.integer) ?? .null) }
    package func bind(_ index: Int32, _ value: String) { bind(index, SQLValue.text(value)) }
    package func bind(_ index: Int32, _ value: String?) { bind(index, value.map(SQLValue.text) ?? .null) }
    package func bindText(_ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        bind(index, SQLValue.text(String(decoding: bytes, as: UTF8.self)))
    }
    package func bindBlob(_ index: Int32, _ bytes: [UInt8]) { bind(index, SQLValue.blob(bytes)) }

    @discardableResult
    package func step() throws -> Bool { false }
    package var changes: Int32 { 1 }
    package func reset() {}

    // It reads nothing: a decoder never gets one.
    package var names: [String] { [] }
    private func nothing() -> SQLFailure { .engine(code: "spill", message: "verify's spill capture reads nothing") }
    package func text(_ index: Int32) throws -> String { throw nothing() }
    package func optionalText(_ index: Int32) throws -> String? { throw nothing() }
    package func int64(_ index: Int32) throws -> Int64 { throw nothing() }
    package func optionalInt64(_ index: Int32) throws -> Int64? { throw nothing() }
    package func blob(_ index: Int32) throws -> [UInt8] { throw nothing() }
    package func value(_ index: Int32) throws -> SQLValue { throw nothing() }
}

extension [SQLValue] {
    /// The values as bytes: per value a tag (0 NULL, 1 integer, 2 real, 3 text, 4 blob), then 8 bytes
    /// little-endian for a number, or a 4-byte length and the bytes.
    var spillBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 16)
        func append(_ number: UInt64, _ width: Int) {
            Swift.withUnsafeBytes(of: number.littleEndian) {
                bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0.prefix(width)))
            }
        }
        for value in self {
            switch value {
            case .null: bytes.append(0)
            case .integer(let number): bytes.append(1); append(UInt64(bitPattern: number), 8)
            case .real(let number): bytes.append(2); append(number.bitPattern, 8)
            case .text(let text): bytes.append(3); append(UInt64(text.utf8.count), 4); bytes += text.utf8
            case .blob(let blob): bytes.append(4); append(UInt64(blob.count), 4); bytes += blob
            }
        }
        return bytes
    }

    /// The values of ``spillBytes``.
    init(spillBytes bytes: [UInt8]) throws {
        self = []
        var offset = 0
        func number(_ width: Int) throws -> UInt64 {
            guard offset + width <= bytes.count else { throw SpillRuns.corrupt("(a value)") }
            var value: UInt64 = 0
            for index in 0..<width { value |= UInt64(bytes[offset + index]) << (8 * index) }
            offset += width
            return value
        }
        func slice() throws -> ArraySlice<UInt8> {
            let count = Int(try number(4))
            guard offset + count <= bytes.count else { throw SpillRuns.corrupt("(a value)") }
            defer { offset += count }
            return bytes[offset..<offset + count]
        }
        while offset < bytes.count {
            let tag = bytes[offset]
            offset += 1
            switch tag {
            case 0: append(.null)
            case 1: append(.integer(Int64(bitPattern: try number(8))))
            case 2: append(.real(Double(bitPattern: try number(8))))
            case 3: append(.text(String(decoding: try slice(), as: UTF8.self)))
            case 4: append(.blob([UInt8](try slice())))
            default: throw SpillRuns.corrupt("(a value)")
            }
        }
    }
}
