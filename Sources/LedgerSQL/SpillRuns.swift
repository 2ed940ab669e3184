import Foundation
import Ledger

/// One kind of `verify`'s spilled state in a file of sorted runs (``FileReplaySpill``): each batch the
/// replay hands over is sorted by key and appended as one run, written once and never changed; a
/// key's value is the one of the newest run that holds it.
///
/// A run is records `[key length: UInt32][value length: UInt32][key][value]` in key order (UTF-8
/// bytes, the order the rows are compared in). Beside each run, in memory: a ``Ledger/BloomFilter``
/// of its keys (a lookup reads only the runs that may hold the key) and every 16th record's key and
/// offset (a lookup reads one block of at most 16 records). Reading in key order merges the runs
/// (``SpillMerge``). A B-tree (the SQLite spill before) pays a seek, a page's rewrite and, past its
/// cache, reads and writes of pages for every entry; a run costs one sequential write per batch.
final class SpillRuns: ReplaySpillTable {
    struct Run {
        let end: Int64
        /// Every ``SpillRuns/stride``-th record's key and offset, from the run's first record.
        let index: [(key: [UInt8], offset: Int64)]
        let filter: BloomFilter

        /// How many blocks start with a key at most `key` (the block that may hold it is the last).
        func blocks(notAfter key: [UInt8]) -> Int {
            var low = 0
            var high = index.count
            while low < high {
                let middle = (low + high) / 2
                if SpillRuns.compare(index[middle].key, key) != false { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    static let stride = 16
    private let descriptor: Int32
    private let path: String
    private(set) var runs: [Run] = []
    private var end: Int64 = 0
    /// The merge of the last ``entries(after:limit:)`` and the last key it gave: a cursor asks for
    /// the entries after it, and the merge goes on from there.
    private var merge: (runs: SpillMerge, last: String?)?

    /// A new, empty file at `path` (mode 0600: it holds copies of the ledger's rows).
    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, PrivateFile.fileMode)
        self.path = path
        guard descriptor >= 0 else { throw Self.failure("create", path, errno) }
    }

    deinit { close(descriptor) }

    /// Appends `entries` as one run (of a batch's entries with one key twice, the later one).
    func store(_ entries: [(key: String, value: [UInt8])]) throws {
        merge = nil
        guard !entries.isEmpty else { return }
        // Sorted in place, so that the comparisons borrow the keys rather than copy them.
        var keyed = entries.indices.map { (key: Array(entries[$0].key.utf8), entry: $0) }
        keyed.sort { Self.compare($0.key, $1.key) ?? ($0.entry < $1.entry) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(entries.reduce(0) { $0 + 8 + $1.key.utf8.count + $1.value.count })
        var index: [(key: [UInt8], offset: Int64)] = []
        var filter = BloomFilter(capacity: entries.count)
        var written = 0
        for position in keyed.indices {
            if position + 1 < keyed.count, Self.compare(keyed[position + 1].key, keyed[position].key) == nil {
                continue
            }
            let entry = keyed[position].entry
            if written % Self.stride == 0 { index.append((keyed[position].key, end + Int64(buffer.count))) }
            Self.appendLength(keyed[position].key.count, to: &buffer)
            Self.appendLength(entries[entry].value.count, to: &buffer)
            buffer.append(contentsOf: keyed[position].key)
            buffer.append(contentsOf: entries[entry].value)
            filter.insert(entries[entry].key)
            written += 1
        }
        try buffer.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(end) + off_t(done))
                guard count > 0 else { throw Self.failure("write", path, errno) }
                done += count
            }
        }
        end += Int64(buffer.count)
        runs.append(Run(end: end, index: index, filter: filter))
    }

    /// The value of `key` in the newest run that holds it.
    func value(forKey key: String) throws -> [UInt8]? {
        let probe = BloomFilter.Probe(key)
        let bytes = Array(key.utf8)
        for number in runs.indices.reversed() where runs[number].filter.mayContain(probe) {
            let run = runs[number]
            let blocks = run.blocks(notAfter: bytes)
            guard blocks > 0 else { continue }
            var scratch: [UInt8] = []
            for record in try records(of: run, blocks: blocks - 1..<blocks, into: &scratch) {
                if record.key == bytes { return record.value }
            }
        }
        return nil
    }

    /// The records of `run`'s blocks `blocks`, read at once into `buffer` (kept by the caller for
    /// the next read: a merge reads a run in many pieces).
    func records(
        of run: Run, blocks: Range<Int>, into buffer: inout [UInt8]
    ) throws -> [(key: [UInt8], value: [UInt8])] {
        let start = run.index[blocks.lowerBound].offset
        let stop = blocks.upperBound < run.index.count ? run.index[blocks.upperBound].offset : run.end
        let size = Int(stop - start)
        if buffer.count < size { buffer = [UInt8](repeating: 0, count: size) }
        try buffer.withUnsafeMutableBytes { bytes in
            var done = 0
            while done < size {
                let count = pread(descriptor, bytes.baseAddress! + done, size - done, off_t(start) + off_t(done))
                guard count > 0 else { throw Self.failure("read", path, count == 0 ? EIO : errno) }
                done += count
            }
        }
        var records: [(key: [UInt8], value: [UInt8])] = []
        records.reserveCapacity(blocks.count * Self.stride)
        var offset = 0
        while offset < size {
            guard offset + 8 <= size else { throw Self.corrupt(path) }
            let keyCount = Self.length(buffer, at: offset)
            let valueCount = Self.length(buffer, at: offset + 4)
            let keyStart = offset + 8
            guard keyStart + keyCount + valueCount <= size else { throw Self.corrupt(path) }
            records.append(
                (
                    Array(buffer[keyStart..<keyStart + keyCount]),
                    Array(buffer[keyStart + keyCount..<keyStart + keyCount + valueCount])
                ))
            offset = keyStart + keyCount + valueCount
        }
        return records
    }

    /// Up to `limit` keys with their newest values in key order, from the first key after `key`.
    func entries(after key: String?, limit: Int) throws -> [(key: String, value: [UInt8])] {
        var current =
            try merge.flatMap { $0.last == key ? $0.runs : nil } ?? SpillMerge(self, after: key.map { Array($0.utf8) })
        var entries: [(key: String, value: [UInt8])] = []
        while entries.count < limit, let entry = try current.next() {
            entries.append((key: String(decoding: entry.key, as: UTF8.self), value: entry.value))
        }
        // A merge that ended holds nothing more; its last blocks go.
        merge = entries.count < limit ? nil : (current, entries.last?.key ?? key)
        return entries
    }

    /// True when `a` sorts before `b` by bytes, false after, nil when equal.
    static func compare(_ a: [UInt8], _ b: [UInt8]) -> Bool? {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = a.withUnsafeBytes { a in
                b.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, common) }
            }
            if order != 0 { return order < 0 }
        }
        return a.count == b.count ? nil : a.count < b.count
    }

    @inline(__always)
    private static func appendLength(_ count: Int, to buffer: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(count).littleEndian) { buffer.append(contentsOf: $0) }
    }

    private static func length(_ buffer: [UInt8], at offset: Int) -> Int {
        Int(buffer[offset]) | Int(buffer[offset + 1]) << 8 | Int(buffer[offset + 2]) << 16 | Int(buffer[offset + 3])
            << 24
    }

    static func failure(_ action: String, _ path: String, _ code: Int32) -> LedgerError {
        LedgerError(.storageFailure, "verify's spill could not \(action) \(path): \(String(cString: strerror(code)))")
    }

    static func corrupt(_ path: String) -> LedgerError {
        LedgerError(.storageFailure, "verify's spill file \(path) reads back other than it was written")
    }
}

/// The runs of a ``SpillRuns`` merged in key order, each key once with its newest value: a heap of
/// one reader per run, each reading its run ahead in blocks of up to 64 KiB.
struct SpillMerge {
    private struct Reader {
        let run: Int
        var block: Int
        var records: [(key: [UInt8], value: [UInt8])] = []
        var position = 0
        /// The bytes last read, kept for the next read.
        var buffer: [UInt8] = []
    }

    private unowned let runs: SpillRuns
    private var readers: [Reader] = []
    /// Indices of `readers` with a current record, the least key (newest run first) on top.
    private var heap: [Int] = []

    fileprivate init(_ runs: SpillRuns, after key: [UInt8]?) throws {
        self.runs = runs
        for number in runs.runs.indices {
            var reader = Reader(run: number, block: 0)
            if let key {
                // From the last block whose first key is at most `key`; records up to `key` skipped.
                reader.block = max(0, runs.runs[number].blocks(notAfter: key) - 1)
            }
            guard try Self.fill(&reader, runs) else { continue }
            if let key {
                while SpillRuns.compare(reader.records[reader.position].key, key) != false {
                    guard try Self.advance(&reader, runs) else { break }
                }
                if reader.position >= reader.records.count { continue }
            }
            readers.append(reader)
            heap.append(readers.count - 1)
            siftUp(heap.count - 1)
        }
    }

    /// The next key in order with its newest value, or nil at the end.
    mutating func next() throws -> (key: [UInt8], value: [UInt8])? {
        guard let top = heap.first else { return nil }
        let record = readers[top].records[readers[top].position]
        // Older runs' values of the same key are stale: skip them with this one.
        while let first = heap.first, readers[first].records[readers[first].position].key == record.key {
            if try Self.advance(&readers[first], runs) { siftDown(0) } else { removeTop() }
        }
        return record
    }

    /// Moves `reader` to its next record; false at its run's end.
    private static func advance(_ reader: inout Reader, _ runs: SpillRuns) throws -> Bool {
        reader.position += 1
        if reader.position < reader.records.count { return true }
        return try fill(&reader, runs)
    }

    /// Reads `reader`'s next blocks; false when its run has none left.
    private static func fill(_ reader: inout Reader, _ runs: SpillRuns) throws -> Bool {
        let run = runs.runs[reader.run]
        guard reader.block < run.index.count else { return false }
        var last = reader.block + 1
        while last < run.index.count, run.index[last].offset - run.index[reader.block].offset < 65_536 { last += 1 }
        let records = try runs.records(of: run, blocks: reader.block..<last, into: &reader.buffer)
        reader.records = records
        reader.position = 0
        reader.block = last
        return !reader.records.isEmpty
    }

    /// Whether reader `a`'s current key comes first (of one key, the newer run's), read in place
    /// (no copy of either reader).
    private func precedes(_ a: Int, _ b: Int) -> Bool {
        readers.withUnsafeBufferPointer { readers in
            SpillRuns.compare(
                readers[a].records[readers[a].position].key, readers[b].records[readers[b].position].key)
                ?? (readers[a].run > readers[b].run)
        }
    }

    private mutating func removeTop() {
        readers[heap[0]].records = []
        readers[heap[0]].buffer = []
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        if !heap.isEmpty { siftDown(0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0, precedes(heap[child], heap[(child - 1) / 2]) {
            heap.swapAt(child, (child - 1) / 2)
            child = (child - 1) / 2
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var least = parent
            for child in [2 * parent + 1, 2 * parent + 2] where child < heap.count && precedes(heap[child], heap[least])
            {
                least = child
            }
            if least == parent { return }
            heap.swapAt(parent, least)
            parent = least
        }
    }
}
