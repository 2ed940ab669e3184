/// A parsed EMVCo Merchant-Presented Mode payload (a QRIS code's text), kept byte-exact.
///
/// Parsing splits the UTF-8 bytes into an ordered tree of ``QRISNode``s (templates 26–51, 62,
/// 64, 80–99 and 62.50–99 nested; 02–25 primitive), keeping unknown tags and the original
/// order. Nothing is validated beyond the TLV syntax: call ``validate(_:)`` for the rules, which
/// returns every issue at once. ``encoded`` gives back the exact bytes that were parsed.
///
/// Surrounding ASCII whitespace (a trailing newline from a scanner) is trimmed and remembered;
/// validation reports it. All offsets count from the start of the original input.
public struct QRISPayload: Sendable {
    /// The input exactly as given, including any surrounding whitespace.
    public let input: String
    /// The byte range of the payload inside ``input``, without surrounding whitespace.
    public let byteRange: Range<Int>
    /// The scalar offset at which the payload starts in ``input`` (the leading whitespace count).
    public let leadingWhitespace: Int
    /// The number of Unicode scalars in the payload, without surrounding whitespace.
    public let characterCount: Int
    /// Every data object in document order; a template is followed by its sub-objects.
    public let nodes: [QRISNode]

    /// No QR code holds more than 2,953 bytes; anything past this limit is refused before
    /// parsing so a huge line costs nothing.
    public static let maximumInputBytes = 4096

    /// Parses a payload.
    ///
    /// - Parameter text: the payload; surrounding ASCII whitespace is trimmed and remembered.
    /// - Throws: ``QRISError`` with code `payload.empty`, `payload.tooLong`, `tag.nonDigit`,
    ///   `length.nonDigit`, `length.zero` or `truncated`, and the offset in characters and bytes.
    public init(parsing text: String) throws(QRISError) {
        var text = text
        text.makeContiguousUTF8()
        let count = text.utf8.count
        guard count <= Self.maximumInputBytes else { throw Self.tooLongError(byteCount: count) }
        let parsed = text.utf8.withContiguousStorageIfAvailable { buffer in
            Self.parse(buffer)
        }
        guard let parsed else { preconditionFailure("makeContiguousUTF8 guarantees contiguous storage") }
        switch parsed {
        case .failure(let error):
            throw error
        case .success(let result):
            self.input = text
            self.byteRange = result.range
            self.leadingWhitespace = result.range.lowerBound
            self.characterCount = result.characters
            self.nodes = result.nodes
        }
    }

    /// Parses a payload from raw bytes (standard input, a file), checking the UTF-8 first.
    ///
    /// - Throws: ``QRISError`` `utf8.invalid` naming the first bad byte and its offset, or any
    ///   error of ``init(parsing:)-(String)``.
    public init(parsingBytes bytes: some Collection<UInt8>) throws(QRISError) {
        guard bytes.count <= Self.maximumInputBytes else { throw Self.tooLongError(byteCount: bytes.count) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UTF8Check.invalidError(Array(bytes))
        }
        try self.init(parsing: text)
    }

    /// The `payload.tooLong` error for an input of `byteCount` bytes (for readers that stop
    /// buffering a line once it is past ``maximumInputBytes``).
    public static func tooLongError(byteCount: Int) -> QRISError {
        QRISError(
            .payloadTooLong,
            "the input has \(byteCount) bytes; no QR code holds more than 2953, so at most \(maximumInputBytes) are read",
            characterOffset: 0, byteOffset: 0)
    }

    private struct Parsed {
        var range: Range<Int>
        var characters: Int
        var nodes: [QRISNode]
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<Parsed, QRISError> {
        var start = 0
        var end = buffer.count
        while start < end, QRISParser.isSurroundingWhitespace(buffer[start]) { start += 1 }
        while end > start, QRISParser.isSurroundingWhitespace(buffer[end - 1]) { end -= 1 }
        guard start < end else {
            return .failure(QRISError(.payloadEmpty, "the payload is empty", characterOffset: 0, byteOffset: 0))
        }
        var failure: QRISParser.Failure?
        var last: QRISNode?
        let nodes = [QRISNode](unsafeUninitializedCapacity: NodeSink.capacity(forBytes: end - start)) {
            storage, initialized in
            var sink = NodeSink(storage)
            failure = QRISParser.parseLevel(
                buffer, from: start, to: end, characterOffset: start, depth: 0, parent: -1, parentTag: 0, into: &sink)
            last = sink.last
            initialized = failure == nil ? sink.count : 0
        }
        if let failure {
            return .failure(error(for: failure, in: buffer))
        }
        let characters = last.map { Int($0.characterStart) + 4 + Int($0.length) } ?? start
        return .success(Parsed(range: start..<end, characters: characters - start, nodes: nodes))
    }

    /// Turns a TLV failure into a readable error that names the tag and the bytes found.
    static func error(for failure: QRISParser.Failure, in buffer: UnsafeBufferPointer<UInt8>) -> QRISError {
        let tagText = failure.tag.map { "tag \(QRISTags.twoDigits($0))" } ?? "a tag"
        let found = String(
            decoding: buffer[failure.byteOffset..<min(buffer.count, failure.byteOffset + 2)], as: UTF8.self)
        let message: String
        switch failure.code {
        case .tagNonDigit:
            message = "expected a two-digit tag ID but found \(Printable.quote(found))"
        case .lengthNonDigit:
            message = "\(tagText) has length \(Printable.quote(found)); a length is two digits 01-99"
        case .lengthZero:
            message = "\(tagText) has length 00; a length is 01-99 and a value has at least 1 character"
        default:
            if let declared = failure.declaredLength, let got = failure.foundCharacters {
                message = "\(tagText) declares \(declared) characters but only \(got) remain"
            } else {
                message = "the payload ends inside \(tagText)"
            }
        }
        return QRISError(
            failure.code, message, path: failure.tag.map(QRISTags.twoDigits),
            characterOffset: failure.characterOffset, byteOffset: failure.byteOffset)
    }

    /// Calls `body` with the input's UTF-8 bytes (contiguous by construction).
    @inline(__always)
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try input.utf8.withContiguousStorageIfAvailable(body) { return result }
        return try Array(input.utf8).withUnsafeBufferPointer(body)
    }

    /// The payload text without surrounding whitespace: exactly the bytes that were parsed.
    public var encoded: String {
        withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[byteRange]), as: UTF8.self) }
    }
}
