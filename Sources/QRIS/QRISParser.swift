/// The TLV layer: splits a payload's UTF-8 bytes into ``QRISNode``s without copying anything.
///
/// Lengths count Unicode scalars (EMVCo MPM 4.4.1.1: "the number of characters"), so the value
/// of a tag is found by stepping over that many UTF-8 scalars, never `Character`s (grapheme
/// clusters) and never UTF-16 units. The input must be valid UTF-8, which a Swift `String` is.
enum QRISParser {
    /// Why a level could not be split into TLVs, with where it happened; turned into a
    /// ``QRISError`` (root) or a `template.malformed` issue (inside a template).
    struct Failure: Sendable {
        var code: QRISError.Code
        var byteOffset: Int
        var characterOffset: Int
        /// The tag being read, when its two digits were read.
        var tag: UInt8?
        /// The declared length, for `truncated` inside a value.
        var declaredLength: Int?
        /// How many characters of the value were there, for `truncated` inside a value.
        var foundCharacters: Int?
    }

    /// The number of bytes in the UTF-8 scalar that starts with `lead`.
    @inline(__always)
    static func scalarWidth(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    /// Whether a tag at this level is a template whose value is parsed as sub-objects.
    @inline(__always)
    static func isTemplate(_ tag: UInt8, depth: UInt8, parentTag: UInt8) -> Bool {
        switch depth {
        case 0: QRISTags.isRootTemplate(tag)
        case 1: parentTag == 62 && QRISTags.isAdditionalDataTemplate(tag)
        default: false
        }
    }

    /// Parses the objects in `start..<end` into `nodes`; returns the failure, if any.
    ///
    /// A template whose value is not a TLV list is kept as a primitive marked
    /// ``QRISNode/isMalformedTemplate`` so that validation can report it and re-encoding still
    /// gives the original bytes.
    static func parseLevel(
        _ buffer: UnsafeBufferPointer<UInt8>,
        from start: Int,
        to end: Int,
        characterOffset startCharacter: Int,
        depth: UInt8,
        parent: Int32,
        parentTag: UInt8,
        into nodes: inout NodeSink
    ) -> Failure? {
        var position = start
        var character = startCharacter
        while position < end {
            guard end - position >= 2 else {
                return Failure(code: .truncated, byteOffset: position, characterOffset: character)
            }
            let tagHigh = buffer[position] &- 0x30
            let tagLow = buffer[position + 1] &- 0x30
            guard tagHigh < 10, tagLow < 10 else {
                return Failure(code: .tagNonDigit, byteOffset: position, characterOffset: character)
            }
            let tag = tagHigh * 10 + tagLow
            guard end - position >= 4 else {
                return Failure(
                    code: .truncated, byteOffset: position + 2, characterOffset: character + 2, tag: tag)
            }
            let lengthHigh = buffer[position + 2] &- 0x30
            let lengthLow = buffer[position + 3] &- 0x30
            guard lengthHigh < 10, lengthLow < 10 else {
                return Failure(
                    code: .lengthNonDigit, byteOffset: position + 2, characterOffset: character + 2, tag: tag)
            }
            let length = lengthHigh * 10 + lengthLow
            guard length > 0 else {
                return Failure(
                    code: .lengthZero, byteOffset: position + 2, characterOffset: character + 2, tag: tag)
            }
            let valueStart = position + 4
            var valueEnd = valueStart + Int(length)
            var found = Int(length)
            if valueEnd > end || !TextRules.isASCII(buffer, from: valueStart, to: valueEnd) {
                // Multi-byte scalars (or a short input): step scalar by scalar.
                valueEnd = valueStart
                found = 0
                while found < Int(length), valueEnd < end {
                    valueEnd += scalarWidth(buffer[valueEnd])
                    found += 1
                }
            }
            guard found == Int(length), valueEnd <= end else {
                return Failure(
                    code: .truncated, byteOffset: end, characterOffset: character + 4 + found, tag: tag,
                    declaredLength: Int(length), foundCharacters: found)
            }
            let index = nodes.count
            let template = isTemplate(tag, depth: depth, parentTag: parentTag)
            nodes.append(
                QRISNode(
                    tag: tag, length: length, depth: depth, isTemplate: template, isMalformedTemplate: false,
                    byteStart: Int32(position), valueByteStart: Int32(valueStart), valueByteEnd: Int32(valueEnd),
                    characterStart: Int32(character), parent: parent, end: Int32(index + 1)))
            if template {
                let failure = parseLevel(
                    buffer, from: valueStart, to: valueEnd, characterOffset: character + 4, depth: depth + 1,
                    parent: Int32(index), parentTag: tag, into: &nodes)
                if failure != nil {
                    nodes.truncate(to: index + 1)
                    nodes[index].isTemplate = false
                    nodes[index].isMalformedTemplate = true
                }
                nodes[index].end = Int32(nodes.count)
            }
            position = valueEnd
            character += 4 + Int(length)
        }
        return nil
    }

    /// Parses `start..<end` into a scratch buffer and returns only the failure, if any.
    static func failure(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, characterOffset: Int, depth: UInt8,
        parentTag: UInt8
    ) -> Failure? {
        withUnsafeTemporaryAllocation(of: QRISNode.self, capacity: NodeSink.capacity(forBytes: end - start)) {
            scratch in
            var sink = NodeSink(scratch)
            return parseLevel(
                buffer, from: start, to: end, characterOffset: characterOffset, depth: depth, parent: -1,
                parentTag: parentTag, into: &sink)
        }
    }

    /// Whether `byte` is ASCII whitespace that lenient parsing trims from both ends.
    @inline(__always)
    static func isSurroundingWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}

/// Where the parser writes nodes: a pre-sized buffer, so appending costs a store, not a
/// uniqueness and capacity check per node.
///
/// Every node owns 4 header bytes (tag and length) that no other node's header overlaps, so a
/// level of `n` bytes holds at most `n / 4` nodes: ``capacity(forBytes:)`` can never be exceeded.
struct NodeSink {
    let base: UnsafeMutablePointer<QRISNode>
    let capacity: Int
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<QRISNode>) {
        self.base = buffer.baseAddress!
        self.capacity = buffer.count
    }

    static func capacity(forBytes bytes: Int) -> Int { bytes / 4 + 1 }

    @inline(__always)
    mutating func append(_ node: QRISNode) {
        precondition(count < capacity, "node capacity bound violated")
        (base + count).initialize(to: node)
        count += 1
    }

    @inline(__always)
    mutating func truncate(to newCount: Int) { count = newCount }

    @inline(__always)
    subscript(index: Int) -> QRISNode {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    var last: QRISNode? { count > 0 ? base[count - 1] : nil }
}
