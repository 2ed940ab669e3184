/// Where an error was created (`#fileID` and `#line`, captured by the error's initialiser), for
/// logs and bug reports.
public struct ErrorLocation: Sendable, Hashable {
    /// The `#fileID` of the throwing code.
    public var fileID: String
    /// The line of the throwing code.
    public var line: Int

    /// Creates a location.
    public init(fileID: String, line: Int) {
        self.fileID = fileID
        self.line = line
    }
}
