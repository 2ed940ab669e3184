/// An editable data object: a tag with either a text value or sub-objects.
///
/// Used to edit a parsed payload (static → dynamic) and to encode arbitrary trees. Compare
/// encoded bytes, never `String ==`, which treats canonically equivalent text as equal.
public struct QRISDataObject: Sendable {
    /// The content of a data object.
    public enum Content: Sendable {
        /// A primitive value, kept byte-exact.
        case primitive(String)
        /// A template: its sub-objects in order.
        case template([QRISDataObject])
    }

    /// The ID, 0–99.
    public var tag: Int
    /// The value or the sub-objects.
    public var content: Content

    /// A primitive object.
    public init(tag: Int, value: String) {
        self.tag = tag
        self.content = .primitive(value)
    }

    /// A template object.
    public init(tag: Int, children: [QRISDataObject]) {
        self.tag = tag
        self.content = .template(children)
    }

    /// The sub-objects of a template; empty for a primitive.
    public var children: [QRISDataObject] {
        get {
            if case .template(let children) = content { return children }
            return []
        }
        set { content = .template(newValue) }
    }

    /// The text of a primitive; nil for a template.
    public var value: String? {
        if case .primitive(let value) = content { return value }
        return nil
    }

    /// Encodes objects in the given order, then appends `6304` and the CRC unless the list ends
    /// with a tag 63 already (whose value is then replaced by the fresh CRC).
    ///
    /// - Throws: ``QRISError`` `tag.length` when a value is empty or longer than 99 characters,
    ///   or `value.invalid` for a tag outside 0–99.
    public static func encode(_ objects: [QRISDataObject]) throws(QRISError) -> String {
        var writer = PayloadWriter()
        for object in objects where object.tag != 63 {
            try writer.write(object, path: "")
        }
        return writer.finish()
    }

    /// Encodes objects exactly as they are, tag 63 included and unchanged: for a parsed payload
    /// this gives back the identical bytes (`encodeVerbatim(p.dataObjects) == p.encoded`).
    ///
    /// - Throws: ``QRISError`` `tag.length` when a value is empty or longer than 99 characters.
    public static func encodeVerbatim(_ objects: [QRISDataObject]) throws(QRISError) -> String {
        var writer = PayloadWriter()
        for object in objects { try writer.write(object, path: "") }
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// Appends TLV objects to a byte buffer and seals the payload with its CRC.
struct PayloadWriter {
    var bytes: [UInt8] = []
    /// Whether any value so far had a multi-byte scalar; until then, lengths are byte counts.
    var hasNonASCII = false

    init() {
        bytes.reserveCapacity(256)
    }

    @inline(__always)
    mutating func appendTwoDigits(_ value: Int) {
        bytes.append(0x30 + UInt8(value / 10))
        bytes.append(0x30 + UInt8(value % 10))
    }

    /// Calls `body` with the UTF-8 bytes of `value`, contiguous (small strings are copied to the
    /// stack; native strings are read in place).
    @inline(__always)
    static func withUTF8<R>(_ value: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = value.utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = value
        copy.makeContiguousUTF8()
        return copy.utf8.withContiguousStorageIfAvailable(body)!
    }

    /// The number of Unicode scalars in valid UTF-8 bytes.
    @inline(__always)
    static func scalarCount(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        if TextRules.isASCII(buffer, from: 0, to: buffer.count) { return buffer.count }
        var count = 0
        for byte in buffer where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Writes tag, length and value; the length counts Unicode scalars.
    mutating func primitive(_ tag: Int, _ value: String, path: @autoclosure () -> String) throws(QRISError) {
        let (scalars, count) = Self.withUTF8(value) { (Self.scalarCount($0), $0.count) }
        guard (1...99).contains(scalars) else { throw Self.lengthError(tag, path(), scalars) }
        if scalars != count { hasNonASCII = true }
        appendTwoDigits(tag)
        appendTwoDigits(scalars)
        Self.withUTF8(value) { bytes.append(contentsOf: $0) }
    }

    /// Starts a template; returns the mark to pass to ``endTemplate(_:tag:path:)``.
    mutating func beginTemplate(_ tag: Int) -> Int {
        appendTwoDigits(tag)
        bytes.append(0x30)
        bytes.append(0x30)
        return bytes.count
    }

    /// Patches the template's length once its sub-objects are written.
    mutating func endTemplate(_ mark: Int, tag: Int, path: @autoclosure () -> String) throws(QRISError) {
        var scalars = bytes.count - mark
        if hasNonASCII {
            scalars = 0
            for index in mark..<bytes.count where bytes[index] & 0xC0 != 0x80 { scalars += 1 }
        }
        guard (1...99).contains(scalars) else { throw Self.lengthError(tag, path(), scalars) }
        bytes[mark - 2] = 0x30 + UInt8(scalars / 10)
        bytes[mark - 1] = 0x30 + UInt8(scalars % 10)
    }

    mutating func write(_ object: QRISDataObject, path: String) throws(QRISError) {
        let own = QRISTags.twoDigits(UInt8(clamping: object.tag))
        let fullPath = path.isEmpty ? own : path + "." + own
        guard (0...99).contains(object.tag) else {
            throw QRISError(.valueInvalid, "tag \(object.tag) is outside 00-99", path: path)
        }
        switch object.content {
        case .primitive(let value):
            try primitive(object.tag, value, path: fullPath)
        case .template(let children):
            let mark = beginTemplate(object.tag)
            for child in children { try write(child, path: fullPath) }
            try endTemplate(mark, tag: object.tag, path: fullPath)
        }
    }

    /// Appends `6304` and the CRC of everything so far, and returns the payload.
    mutating func finish() -> String {
        bytes.append(0x36)
        bytes.append(0x33)
        bytes.append(0x30)
        bytes.append(0x34)
        let crc = bytes.withUnsafeBufferPointer { CRC16.checksum($0) }
        bytes.append(CRC16.hexDigit(crc >> 12))
        bytes.append(CRC16.hexDigit(crc >> 8))
        bytes.append(CRC16.hexDigit(crc >> 4))
        bytes.append(CRC16.hexDigit(crc))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The number of Unicode scalars in `text` (its EMVCo length).
    static func scalarCount(_ text: String) -> Int {
        withUTF8(text) { scalarCount($0) }
    }

    /// The number of scalars written so far.
    var scalarCount: Int {
        hasNonASCII ? bytes.withUnsafeBufferPointer { Self.scalarCount($0) } : bytes.count
    }

    static func lengthError(_ tag: Int, _ path: String, _ scalars: Int) -> QRISError {
        QRISError(
            .tagLength,
            scalars == 0
                ? "tag \(path) would be empty; a value has 1-99 characters"
                : "tag \(path) would have \(scalars) characters; a value has at most 99",
            path: path)
    }
}
