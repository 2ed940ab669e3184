/// The first error a replay's spill threw: the replay's getters cannot throw, so they note it here
/// and answer nil, and ``LedgerVerifier`` stops at the event that met it.
final class ReplayFault {
    var error: (any Error)?
}

/// State of ``LedgerReplay`` by key, used like a dictionary: in memory only, or (with a
/// ``ReplaySpillTable``) the recently set entries in memory and the rest in the spill.
///
/// With a spill, entries live in two generations of `generation` entries each: a value set goes to
/// the young one; when it is full, the old generation's changed entries are written to the spill in
/// one batch and the young one becomes old. A key that is in neither is looked up in the spill only
/// when the spill's ``BloomFilter`` says it may be there, so asking for a new id costs no read.
public struct ReplayMap<Key: Hashable & CustomStringConvertible, Value> {
    private struct Slot {
        var value: Value
        var changed: Bool
    }

    private var young: [Key: Slot] = [:]
    private var old: [Key: Slot] = [:]
    private let spill: (any ReplaySpillTable<Value>)?
    private let fault: ReplayFault
    private let generation: Int
    /// The keys written to the spill; nil for a map only read for messages (created-by sequences).
    private var spilled: BloomFilter?

    /// A map kept in memory.
    public init() {
        spill = nil
        fault = ReplayFault()
        generation = .max
    }

    init(spill: (any ReplaySpillTable<Value>)?, fault: ReplayFault, generation: Int, filtered: Bool = true) {
        self.spill = spill
        self.fault = fault
        self.generation = spill == nil ? .max : max(1, generation)
        spilled = spill != nil && filtered ? BloomFilter() : nil
    }

    /// The value of `key`, read from the spill when it is no longer in memory.
    public subscript(key: Key) -> Value? {
        get {
            if let slot = young[key] ?? old[key] { return slot.value }
            guard let spill, spilled?.mayContain(key.description) ?? true else { return nil }
            do {
                return try spill.value(forKey: key.description)
            } catch {
                if fault.error == nil { fault.error = error }
                return nil
            }
        }
        set {
            guard let newValue else {
                preconditionFailure("replayed state is never removed")
            }
            old[key] = nil
            young[key] = Slot(value: newValue, changed: true)
            if young.count >= generation { rotate() }
        }
    }

    /// How many entries are in memory: all of them when there is no spill.
    public var count: Int { young.count + old.count }

    /// The values in memory: all of them when there is no spill.
    public var values: [Value] { young.values.map(\.value) + old.values.map(\.value) }

    private mutating func rotate() {
        write(old)
        old = young
        young = Dictionary(minimumCapacity: generation)
    }

    private mutating func write(_ slots: [Key: Slot]) {
        guard let spill else { return }
        let changed = slots.filter(\.value.changed).map { (key: $0.key.description, value: $0.value.value) }
        guard !changed.isEmpty else { return }
        do {
            try spill.store(changed)
            for entry in changed { spilled?.insert(entry.key) }
        } catch {
            if fault.error == nil { fault.error = error }
        }
    }

    /// Every entry in key order (UTF-8 bytes of the key text); with a spill, the memory is written
    /// out first.
    ///
    /// - Throws: the spill's error.
    public mutating func sortedEntries() throws -> ReplayCursor<Value> {
        guard let spill else {
            let entries = young.map { (key: $0.key.description, value: $0.value.value) }
                .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return ReplayCursor(entries: entries)
        }
        write(old)
        write(young)
        old = [:]
        young = [:]
        if let error = fault.error { throw error }
        return ReplayCursor(spill: spill)
    }
}

extension ReplayMap where Value == Bool {
    /// Adds `key` to the set this map stands for; `inserted` is false when it was a member.
    @discardableResult
    public mutating func insert(_ key: Key) -> (inserted: Bool, memberAfterInsert: Key) {
        if self[key] != nil { return (false, key) }
        self[key] = true
        return (true, key)
    }
}

/// Entries of a ``ReplayMap`` in key order, read from the spill in batches.
public struct ReplayCursor<Value> {
    private var buffer: [(key: String, value: Value)]
    private var index = 0
    private let spill: (any ReplaySpillTable<Value>)?
    private var exhausted = false
    private static var batch: Int { 512 }

    init(entries: [(key: String, value: Value)]) {
        buffer = entries
        spill = nil
    }

    init(spill: any ReplaySpillTable<Value>) {
        buffer = []
        self.spill = spill
    }

    /// The value of `key`, wherever the cursor is (for a row met out of key order).
    ///
    /// - Throws: the spill's error.
    public func value(forKey key: String) throws -> Value? {
        if let spill { return try spill.value(forKey: key) }
        var low = 0
        var high = buffer.count
        while low < high {
            let middle = (low + high) / 2
            if buffer[middle].key.utf8.lexicographicallyPrecedes(key.utf8) { low = middle + 1 } else { high = middle }
        }
        return low < buffer.count && buffer[low].key == key ? buffer[low].value : nil
    }

    /// The entry after the last one returned, or nil at the end.
    ///
    /// - Throws: the spill's error.
    public mutating func next() throws -> (key: String, value: Value)? {
        if index == buffer.count {
            guard let spill, !exhausted else { return nil }
            buffer = try spill.entries(after: buffer.last?.key, limit: Self.batch)
            index = 0
            exhausted = buffer.count < Self.batch
            if buffer.isEmpty { return nil }
        }
        defer { index += 1 }
        return buffer[index]
    }
}
