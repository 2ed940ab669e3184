/// The problems found in one configuration file, each with its JSON path.
///
/// Validation collects every problem before throwing, so an operator fixes a file in one pass.
struct CityConfigurationIssues: Sendable {
    /// The file, as the operator knows it: `Config/tariffs/ambon.json`.
    var file: String
    /// The problems, in the order found.
    private(set) var list: [CityConfigurationIssue] = []

    init(file: String) {
        self.file = file
    }

    /// Records a problem at a JSON path (`rules[2].charge.dailyCap`).
    mutating func add(_ path: String, _ message: String) {
        list.append(CityConfigurationIssue(file: file, path: path, message: message))
    }
}

/// One problem in a configuration file: `Config/tariffs/ambon.json: rules[2].charge.dailyCap: must be positive`.
public struct CityConfigurationIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file: `Config/tariffs/ambon.json`.
    public var file: String
    /// The JSON path inside it (`rules[2].charge.dailyCap`); empty for the whole file.
    public var path: String
    /// What is wrong, naming the bad value.
    public var message: String

    /// `file: path: message`.
    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}

/// Every problem found while loading a city's configuration; the `cause` of a `config.invalid` error.
public struct CityConfigurationProblems: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, file by file, in the order found.
    public var issues: [CityConfigurationIssue]

    /// One problem per line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
