/// The one error type of the `QRImage` module.
///
/// Every failure names what went wrong and the value that caused it, so a caller (the command
/// line, the HTTP API) can show it as it is. `code` is stable and meant for machines; `message`
/// is for people.
public struct QRImageError: Error, Sendable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code as text, e.g. `qr.payload_too_long`.
        public let rawValue: String

        private init(_ rawValue: String) { self.rawValue = rawValue }

        /// The payload is empty; a QR code needs at least one byte.
        public static let emptyPayload = Code("qr.empty_payload")
        /// The payload does not fit any QR version (40) at the chosen error-correction level.
        public static let payloadTooLong = Code("qr.payload_too_long")
        /// libqrencode rejected an argument (`EINVAL`).
        public static let invalidArgument = Code("qr.invalid_argument")
        /// libqrencode or zlib ran out of memory (`ENOMEM`, `Z_MEM_ERROR`).
        public static let outOfMemory = Code("qr.out_of_memory")
        /// An option such as the scale or the error-correction level is out of range.
        public static let invalidOption = Code("qr.invalid_option")
        /// The image does not fit the output, e.g. a QR code wider than the printer's head.
        public static let doesNotFit = Code("qr.does_not_fit")
        /// zlib failed to compress the PNG image data.
        public static let compressionFailed = Code("qr.compression_failed")
        /// A ticket field is missing or out of range.
        public static let invalidTicket = Code("qr.invalid_ticket")

        /// The code as text, e.g. `qr.payload_too_long`.
        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What failed, where, and the offending value.
    public var message: String
    /// The underlying error, if another library reported it.
    public var cause: (any Error & Sendable)?
    /// The source file that raised the error.
    public var file: String
    /// The source line that raised the error.
    public var line: Int

    /// Creates an error; prefer the static factories, which capture the source location.
    public init(
        code: Code, message: String, cause: (any Error & Sendable)? = nil, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.cause = cause
        self.file = file
        self.line = line
    }

    /// The code and message, with the cause if there is one.
    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}

extension QRImageError {
    static func emptyPayload(file: String = #fileID, line: Int = #line) -> QRImageError {
        QRImageError(
            code: .emptyPayload, message: "the payload is empty; a QR code needs at least one byte",
            file: file, line: line)
    }

    static func payloadTooLong(
        byteCount: Int, level: QRErrorCorrection, file: String = #fileID, line: Int = #line
    ) -> QRImageError {
        QRImageError(
            code: .payloadTooLong,
            message: "the payload of \(byteCount) bytes does not fit any QR version (1-40) in byte mode at "
                + "error-correction level \(level.rawValue); the limit is \(level.byteCapacity) bytes",
            file: file, line: line)
    }

    static func invalidOption(
        _ name: String, _ value: some CustomStringConvertible, expected: String,
        file: String = #fileID, line: Int = #line
    ) -> QRImageError {
        QRImageError(
            code: .invalidOption, message: "\(name) \(value) is out of range; expected \(expected)",
            file: file, line: line)
    }

    static func invalidTicket(
        _ field: String, _ problem: String, file: String = #fileID, line: Int = #line
    ) -> QRImageError {
        QRImageError(code: .invalidTicket, message: "ticket field \(field): \(problem)", file: file, line: line)
    }
}
