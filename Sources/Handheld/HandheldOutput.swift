import Ledger

/// What a handheld command reports: lines for the attendant (in the chosen language) and the same
/// facts as one JSON object for `--json`.
public struct HandheldOutput: Sendable {
    /// The lines printed on standard output without `--json`.
    public var lines: [String]
    /// The object printed with `--json`.
    public var json: CanonicalJSON

    /// Creates an output.
    public init(lines: [String], json: [String: CanonicalJSON]) {
        self.lines = lines
        self.json = .object(json)
    }
}
