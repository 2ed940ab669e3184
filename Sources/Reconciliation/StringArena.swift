/// Append-only storage of many short byte strings in one buffer; entry `i` is addressed by its index.
struct StringArena: Sendable {
    private(set) var bytes: [UInt8] = []
    private var offsets: [UInt32] = [0]

    init(expectedCount: Int = 0, expectedBytes: Int = 0) {
        bytes.reserveCapacity(expectedBytes)
        offsets.reserveCapacity(expectedCount + 1)
    }

    var count: Int { offsets.count - 1 }

    /// Appends `value` and returns its index.
    @discardableResult
    mutating func append(_ value: UnsafeRawBufferPointer) -> Int32 {
        bytes.append(contentsOf: value)
        offsets.append(UInt32(bytes.count))
        return Int32(offsets.count - 2)
    }

    @discardableResult
    mutating func append(_ value: String) -> Int32 {
        var value = value
        return value.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Calls `body` with the bytes of entry `index`.
    func withBytes<R>(_ index: Int32, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let start = Int(offsets[Int(index)])
        let end = Int(offsets[Int(index) + 1])
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
    }

    func isEmpty(_ index: Int32) -> Bool { offsets[Int(index)] == offsets[Int(index) + 1] }

    func string(_ index: Int32) -> String {
        let start = Int(offsets[Int(index)])
        let end = Int(offsets[Int(index) + 1])
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
