/// Writes one canonical JSON object straight into bytes, for the hot paths (issuing an invoice)
/// where building a ``CanonicalJSON`` tree of dictionaries would cost more than the database work.
///
/// The caller writes the members in sorted key order (UTF-8 bytes, as ``CanonicalJSON`` sorts
/// them); strings are escaped exactly as ``CanonicalJSON`` escapes them, so the bytes are
/// canonical. Debug builds check the key order; golden tests pin the `invoice.issued` bytes.
///
/// Public for the API's hottest response (the `201` of an issued ticket or invoice), which is
/// written the same way instead of through `JSONEncoder`.
public struct CanonicalObjectWriter {
    private(set) var bytes: [UInt8]
    private var members = 0
    #if DEBUG
        private var lastKey: [UInt8] = []
    #endif

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    /// Starts a member: `,"key":`. Keys are plain ASCII names without characters to escape.
    mutating func key(_ key: StaticString) {
        #if DEBUG
            let keyBytes = Array(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            assert(members == 0 || lastKey.lexicographicallyPrecedes(keyBytes), "canonical keys out of order: \(key)")
            lastKey = keyBytes
        #endif
        if members > 0 { bytes.append(UInt8(ascii: ",")) }
        members += 1
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ key: StaticString, _ value: String) {
        self.key(key)
        CanonicalJSON.writeString(value, into: &bytes)
    }

    mutating func optionalString(_ key: StaticString, _ value: String?) {
        self.key(key)
        if let value {
            CanonicalJSON.writeString(value, into: &bytes)
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    public mutating func int(_ key: StaticString, _ value: Int64) {
        self.key(key)
        Self.writeInt(value, into: &bytes)
    }

    /// A member whose value is already canonical bytes (a nested object).
    public mutating func raw(_ key: StaticString, _ value: [UInt8]) {
        self.key(key)
        bytes.append(contentsOf: value)
    }

    public mutating func null(_ key: StaticString) {
        self.key(key)
        bytes.append(contentsOf: "null".utf8)
    }

    /// Closes the object and returns its bytes.
    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Decimal digits of `value`, as `String(value)` writes them, without a temporary string.
    static func writeInt(_ value: Int64, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: Int64 has at most 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(24 - count)...])
        }
    }
}
