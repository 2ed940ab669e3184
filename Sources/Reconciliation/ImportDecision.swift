/// Whether a file is new, the same file again, or a corrected re-send of a statement already imported.
public enum ImportDecision: Sendable, Hashable {
    case new
    /// The same bytes were imported before: importing again changes nothing.
    case alreadyImported(SettlementImport)
    /// Different bytes for the same profile and settlement period: a corrected re-send of these imports.
    case correctedResend(previous: [SettlementImport])

    /// `new`, `already_imported` or `corrected_resend`.
    public var status: String {
        switch self {
        case .new: "new"
        case .alreadyImported: "already_imported"
        case .correctedResend: "corrected_resend"
        }
    }
}
