import ArgumentParser
import QRIS

/// `lunas qris validate`: one line per issue; exit 0 (valid), 1 (invalid), 2 (usage).
struct QRISValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate QRIS payloads and print every issue.",
        discussion: """
            Prints one line per issue: severity, code, tag path, message, offsets and spec section. \
            With '-' or no payload, validates one payload per line of standard input and prefixes \
            each issue with 'line N:'. Exit status: 0 when no error-severity issue, 1 when invalid, \
            2 on a usage error.
            """
    )

    @Option(help: "Rule profile: qris or emvco.")
    var profile: String = "qris"

    @Flag(help: "Treat a lower-case CRC, surrounding whitespace, unknown RFU tags and non-ASCII text as errors.")
    var strict = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Argument(help: "The payload, or '-' (the default) to read one payload per line of standard input.")
    var payload: String?

    struct Result: Encodable {
        var line: Int?
        var valid: Bool
        var issues: [QRISIssueJSON]
    }

    func run() async throws {
        guard let profile = QRISValidationOptions.Profile(rawValue: profile) else {
            QRISInput.printError("error: --profile must be 'qris' or 'emvco', not '\(QRISInput.visible(self.profile))'")
            throw ExitCode(2)
        }
        let options = QRISValidationOptions(profile: profile, strict: strict)
        var results: [Result] = []
        var invalid = false
        let count = QRISInput.forEach(payload) { item in
            let issues: [QRISIssue]
            switch item.result {
            case .success(let parsed): issues = parsed.validate(options)
            case .failure(let error): issues = [QRISIssue(parseError: error)]
            }
            let valid = !issues.containsError
            if !valid { invalid = true }
            if json {
                results.append(Result(line: item.line, valid: valid, issues: issues.map(QRISIssueJSON.init)))
            } else {
                let prefix = item.line.map { "line \($0): " } ?? ""
                for issue in issues { print(prefix + QRISInput.visible(issue.description)) }
                if issues.isEmpty { print(prefix + "valid") }
            }
        }
        guard count > 0 else {
            QRISInput.printError("error: no payload given and standard input is empty")
            throw ExitCode(2)
        }
        if json {
            print(payload == nil || payload == "-" ? QRISInput.json(results) : QRISInput.json(results[0]))
        }
        if invalid { throw ExitCode(1) }
    }
}
