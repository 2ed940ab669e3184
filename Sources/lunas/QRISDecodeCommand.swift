import ArgumentParser
import QRIS

/// `lunas qris decode`: the tree and what a payer's app will show.
struct QRISDecodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print a payload's data objects and a summary of what the payer will see.",
        discussion: "Exit status: 0 when the payload parses, 1 when it does not, 2 on a usage error."
    )

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Argument(help: "The payload, or '-' (the default) to read payloads from standard input, one per line.")
    var payload: String?

    struct Object: Encodable {
        var tag: String
        var path: String
        var name: String
        var length: Int
        var characterOffset: Int
        var byteOffset: Int
        var value: String?
        var children: [Object]?
    }

    struct Decoded: Encodable {
        var line: Int?
        var payload: String?
        var objects: [Object]?
        var summary: QRISSummaryJSON?
        var issues: [QRISIssueJSON]
    }

    func run() async throws {
        var failed = false
        var decoded: [Decoded] = []
        let count = QRISInput.forEach(payload) { item in
            let prefix = item.line.map { "line \($0): " } ?? ""
            switch item.result {
            case .failure(let error):
                failed = true
                let issue = QRISIssue(parseError: error)
                if json {
                    decoded.append(Decoded(line: item.line, issues: [QRISIssueJSON(issue)]))
                } else {
                    print(prefix + QRISInput.visible(issue.description))
                }
            case .success(let parsed):
                let summary = QRISSummary(parsed)
                let issues = parsed.validate()
                if json {
                    decoded.append(
                        Decoded(
                            line: item.line, payload: parsed.encoded, objects: objects(parsed, parent: nil),
                            summary: QRISSummaryJSON(summary), issues: issues.map(QRISIssueJSON.init)))
                } else {
                    printText(parsed, summary: summary, issues: issues, prefix: prefix)
                }
            }
        }
        guard count > 0 else {
            QRISInput.printError("error: no payload given and standard input is empty")
            throw ExitCode(2)
        }
        if json { print(isArgument(payload) ? QRISInput.json(decoded[0]) : QRISInput.json(decoded)) }
        if failed { throw ExitCode(1) }
    }

    private func isArgument(_ argument: String?) -> Bool { argument != nil && argument != "-" }

    private func objects(_ payload: QRISPayload, parent: Int?) -> [Object] {
        payload.childIndexes(of: parent).map { index in
            let node = payload.nodes[index]
            return Object(
                tag: String(payload.path(of: index).suffix(2)), path: payload.path(of: index),
                name: payload.name(at: index),
                length: Int(node.length), characterOffset: Int(node.characterStart), byteOffset: Int(node.byteStart),
                value: node.isTemplate ? nil : payload.value(at: index),
                children: node.isTemplate ? objects(payload, parent: index) : nil)
        }
    }

    private func printText(_ payload: QRISPayload, summary: QRISSummary, issues: [QRISIssue], prefix: String) {
        func walk(_ parent: Int?, indent: String) {
            for index in payload.childIndexes(of: parent) {
                let node = payload.nodes[index]
                let head =
                    "\(prefix)\(indent)\(payload.path(of: index).suffix(2)) [\(node.length)] \(payload.name(at: index))"
                if node.isTemplate {
                    print(head)
                    walk(index, indent: indent + "  ")
                } else {
                    print(head + ": " + QRISInput.visible(payload.value(at: index)))
                }
            }
        }
        walk(nil, indent: "")
        print(prefix + "Summary:")
        for line in summary.lines { print(prefix + "  " + QRISInput.visible(line)) }
        if !issues.isEmpty {
            print(prefix + "Issues (qris profile):")
            for issue in issues { print(prefix + "  " + QRISInput.visible(issue.description)) }
        }
    }
}
