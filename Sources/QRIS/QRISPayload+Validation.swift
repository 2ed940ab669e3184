extension QRISPayload {
    /// Bank Indonesia's limit for one QRIS payment, in rupiah (Bicara131 KA-01080).
    public static let maximumAmount: Int64 = 10_000_000

    /// Checks the payload against a rule profile and returns every issue found, errors and
    /// warnings, in payload order within each rule group.
    ///
    /// - Parameter options: the profile (`qris` by default) and strict or lenient mode.
    /// - Returns: the issues; the payload is valid when none has ``QRISIssue/Severity/error``.
    public func validate(_ options: QRISValidationOptions = QRISValidationOptions()) -> [QRISIssue] {
        withBytes { bytes in
            var validator = QRISValidator(payload: self, bytes: bytes, options: options)
            return validator.run()
        }
    }

    /// Parses and validates a text in one step: a parse failure becomes a single error issue.
    ///
    /// - Returns: the issues; empty or warnings only when the payload is valid.
    public static func validate(
        _ text: String, options: QRISValidationOptions = QRISValidationOptions()
    ) -> [QRISIssue] {
        do {
            return try QRISPayload(parsing: text).validate(options)
        } catch {
            return [QRISIssue(parseError: error)]
        }
    }
}

extension QRISIssue {
    /// The issue that reports a payload that could not be parsed at all.
    public init(parseError error: QRISError) {
        self.init(
            code: error.code, severity: .error, path: error.path ?? "", characterOffset: error.characterOffset ?? 0,
            byteOffset: error.byteOffset ?? 0, message: error.message,
            specSection: error.code == .utf8Invalid || error.code == .payloadTooLong ? "EMVCo MPM 4.1" : "EMVCo MPM 4.4"
        )
    }
}

extension Sequence<QRISIssue> {
    /// Whether any issue is an error.
    public var containsError: Bool { contains { $0.severity == .error } }
}
