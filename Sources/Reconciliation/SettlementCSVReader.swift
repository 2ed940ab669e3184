import Crypto
import Foundation
import Ledger

/// Reads an acquirer's CSV/TSV settlement file as its ``SettlementProfile`` describes, all or nothing.
///
/// The file is streamed in chunks and parsed byte by byte; the first bad value stops the read with its
/// line, column, column name and value, and nothing is returned.
public struct SettlementCSVReader: Sendable {
    /// The profile describing the file.
    public var profile: SettlementProfile

    /// Creates a reader for `profile` (which must be a `csv` or `tsv` profile).
    public init(profile: SettlementProfile) {
        self.profile = profile
    }

    /// Reads and validates the whole file.
    /// - Parameters:
    ///   - path: the file.
    ///   - progress: called after each chunk with the bytes read so far and the file size.
    /// - Throws: ``ReconciliationError`` (`csv.malformed`, `csv.badValue`, `io.failed`).
    public func read(path: String, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> SettlementFile {
        let size = fileSize(path)
        var table = SettlementTable(expectedCount: size / 150 + 16)
        var hasher = SHA256()
        var bytesRead = 0
        var state = try RowState(profile: profile)
        let scanner = CSVScanner(delimiter: profile.delimiter, quote: profile.quote)
        try scanner.scan(
            path: path,
            onBytes: { chunk in
                hasher.update(bufferPointer: chunk)
                bytesRead += chunk.count
                progress?(bytesRead, size)
            },
            body: { record in try state.consume(record, into: &table) })
        if profile.header, state.columnIndex.isEmpty {
            throw ReconciliationError(.csvMalformed, "\(path): no header line found", position: .init(line: 1))
        }
        return SettlementFile(
            rows: table, sha256: hasher.finalize().ledgerHex,
            byteCount: bytesRead, profileName: profile.name, acquirer: profile.acquirer)
    }
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}

/// Per-file parsing state: header resolution, skipped lines, and the per-record conversion.
private struct RowState {
    let profile: SettlementProfile
    var skipped = 0
    var columnIndex: [Int] = []  // by Column.allCases order; -1 = not mapped
    var fieldCount = 0
    let status: [(bytes: [UInt8], status: SettlementStatus)]
    let prefixes: [[UInt8]]
    let columnNames: [String]

    init(profile: SettlementProfile) throws {
        self.profile = profile
        status = profile.status.map { (Array($0.key.utf8), $0.value) }.sorted {
            $0.bytes.lexicographicallyPrecedes($1.bytes)
        }
        prefixes = profile.skipPrefixes.map { Array($0.utf8) }
        columnNames = SettlementProfile.Column.allCases.map { column in
            switch profile.columns[column] {
            case .header(let name)?: "\(column.rawValue) \"\(name)\""
            case .position?, nil: column.rawValue
            }
        }
        if !profile.header { try resolvePositions(fieldCount: nil) }
    }

    private mutating func resolvePositions(fieldCount: Int?) throws {
        columnIndex = SettlementProfile.Column.allCases.map { column in
            if case .position(let p)? = profile.columns[column] { return p - 1 }
            return -1
        }
    }

    mutating func consume(_ record: CSVRecord, into table: inout SettlementTable) throws {
        if skipped < profile.skipLines {
            skipped += 1
            return
        }
        for prefix in prefixes where record.raw.starts(with: prefix) { return }
        if columnIndex.isEmpty {
            try readHeader(record)
            return
        }
        try convert(record, into: &table)
    }

    private mutating func readHeader(_ record: CSVRecord) throws {
        var names: [String: Int] = [:]
        for i in 0..<record.count {
            var name = record.string(i)
            if i == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            if names[name] == nil { names[name] = i }
        }
        fieldCount = record.count
        columnIndex = try SettlementProfile.Column.allCases.map { column in
            switch profile.columns[column] {
            case nil: return -1
            case .position(let p)?:
                guard p <= record.count else {
                    throw ReconciliationError(
                        .csvMalformed,
                        "line \(record.line): profile column \(column.rawValue) is position \(p) but the header has \(record.count) columns",
                        field: column.rawValue, position: .init(line: record.line))
                }
                return p - 1
            case .header(let name)?:
                guard let index = names[name] else {
                    throw ReconciliationError(
                        .csvMalformed,
                        "line \(record.line): header has no column \"\(name)\" for profile column \(column.rawValue) (header: \((0..<record.count).map { record.string($0) }.joined(separator: ",")))",
                        field: column.rawValue, position: .init(line: record.line), value: name)
                }
                return index
            }
        }
    }

    private func bad(_ record: CSVRecord, _ column: SettlementProfile.Column, _ what: String) -> ReconciliationError {
        let index = columnIndex[column.index]
        let value = record.string(index)
        return ReconciliationError(
            .csvBadValue,
            "line \(record.line), column \(index + 1) (\(columnNames[column.index])): \(what), got \"\(value)\"",
            field: column.rawValue, position: .init(line: record.line, column: index + 1), value: value)
    }

    @inline(__always)
    private func field(_ record: CSVRecord, _ column: SettlementProfile.Column) -> UnsafeRawBufferPointer? {
        let index = columnIndex[column.index]
        return index < 0 ? nil : record.field(index)
    }

    private mutating func convert(_ record: CSVRecord, into table: inout SettlementTable) throws {
        if profile.header, record.count != fieldCount {
            throw ReconciliationError(
                .csvMalformed, "line \(record.line): \(record.count) columns, the header has \(fieldCount)",
                position: .init(line: record.line, column: min(record.count, fieldCount) + 1))
        }
        if !profile.header, let highest = columnIndex.max(), highest >= record.count {
            throw ReconciliationError(
                .csvMalformed, "line \(record.line): \(record.count) columns, the profile needs \(highest + 1)",
                position: .init(line: record.line, column: record.count + 1))
        }
        guard let local = profile.timeFormat.parseLocalSeconds(field(record, .transactionTime)!) else {
            throw bad(record, .transactionTime, "not a time in the form \(profile.timeFormat)")
        }
        guard let dateSeconds = profile.dateFormat.parseLocalSeconds(field(record, .settlementDate)!) else {
            throw bad(record, .settlementDate, "not a date in the form \(profile.dateFormat)")
        }
        let rrn = field(record, .rrn)!
        if rrn.isEmpty { throw bad(record, .rrn, "the RRN is empty") }
        let statusBytes = field(record, .status)!
        guard let status = status.first(where: { $0.bytes.elementsEqual(statusBytes) })?.status else {
            throw bad(
                record, .status, "unknown status (profile maps \(profile.status.keys.sorted().joined(separator: ", ")))"
            )
        }
        guard var gross = profile.amountFormat.parse(field(record, .grossAmount)!) else {
            throw bad(record, .grossAmount, "not a whole-rupiah amount in \(profile.amountFormat.rawValue) format")
        }
        gross = try signed(gross, status, record, .grossAmount)
        let fee = try optionalAmount(record, .feeAmount, status)
        let net = try optionalAmount(record, .netAmount, status)
        let base = Int32(table.keys.count)
        table.keys.append(field(record, .billNumber) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        table.keys.append(field(record, .referenceLabel) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        table.keys.append(rrn)
        table.keys.append(field(record, .acquirerReference) ?? UnsafeRawBufferPointer(start: nil, count: 0))
        func label(_ column: SettlementProfile.Column) -> Int32 {
            guard let bytes = field(record, column), !bytes.isEmpty else { return 0 }
            return table.labels.insert(bytes).id
        }
        table.records.append(
            SettlementTable.Record(
                time: local - Int64(profile.utcOffsetSeconds), gross: gross, fee: fee, net: net,
                settlementDay: Int32(dateSeconds / 86400), line: Int32(clamping: record.line), bill: base,
                reference: base + 1, rrn: base + 2, acquirerReference: base + 3, nmid: label(.nmid),
                terminal: label(.terminalId),
                issuer: label(.issuer), isReversal: status == .reversal))
    }

    @inline(__always)
    private func optionalAmount(
        _ record: CSVRecord, _ column: SettlementProfile.Column, _ status: SettlementStatus
    ) throws -> Int64 {
        guard let bytes = field(record, column), !bytes.isEmpty else { return InvoiceTable.none }
        guard let value = profile.amountFormat.parse(bytes) else {
            throw bad(record, column, "not a whole-rupiah amount in \(profile.amountFormat.rawValue) format")
        }
        return try signed(value, status, record, column)
    }

    /// Applies the sign convention: payments are positive, reversals negative.
    @inline(__always)
    private func signed(
        _ value: Int64, _ status: SettlementStatus, _ record: CSVRecord, _ column: SettlementProfile.Column
    ) throws -> Int64 {
        if profile.signConvention == .unsigned, value < 0 {
            throw bad(record, column, "negative amount in a file whose profile says amounts are unsigned")
        }
        if status == .success {
            if value < 0 { throw bad(record, column, "negative amount on a success row") }
            return value
        }
        return value > 0 ? -value : value
    }
}

extension SettlementProfile.Column {
    /// Position in `allCases`.
    var index: Int {
        switch self {
        case .transactionTime: 0
        case .settlementDate: 1
        case .rrn: 2
        case .nmid: 3
        case .terminalId: 4
        case .issuer: 5
        case .billNumber: 6
        case .referenceLabel: 7
        case .grossAmount: 8
        case .feeAmount: 9
        case .netAmount: 10
        case .status: 11
        case .acquirerReference: 12
        }
    }
}
