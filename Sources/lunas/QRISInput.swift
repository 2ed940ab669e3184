import Foundation
import QRIS

/// Where `lunas qris` reads payloads from, and how it prints to the terminal safely.
enum QRISInput {
    /// One payload read from the command line or one line of standard input.
    struct Item {
        /// The 1-based line number on standard input; nil for an argument.
        var line: Int?
        /// The parsed payload, or why it could not be read or parsed.
        var result: Result<QRISPayload, QRISError>
    }

    /// Calls `body` with the payload argument, or with each line of standard input for `-` or
    /// no argument; returns how many payloads there were.
    ///
    /// Standard input is read in chunks and a line stops being buffered once it is longer than
    /// any payload can be, so memory stays bounded whatever arrives.
    @discardableResult
    static func forEach(_ argument: String?, _ body: (Item) -> Void) -> Int {
        if let argument, argument != "-" {
            body(Item(line: nil, result: Result { () throws(QRISError) in try QRISPayload(parsing: argument) }))
            return 1
        }
        var line: [UInt8] = []
        var lineLength = 0
        var number = 0
        func finish() {
            number += 1
            if lineLength > QRISPayload.maximumInputBytes {
                body(Item(line: number, result: .failure(QRISPayload.tooLongError(byteCount: lineLength))))
            } else {
                // A CR before the LF belongs to the line ending, not to the payload.
                if line.last == 0x0D { line.removeLast() }
                let bytes = line
                body(
                    Item(line: number, result: Result { () throws(QRISError) in try QRISPayload(parsingBytes: bytes) }))
            }
            line.removeAll(keepingCapacity: true)
            lineLength = 0
        }
        while let chunk = try? FileHandle.standardInput.read(upToCount: 1 << 16), !chunk.isEmpty {
            var start = chunk.startIndex
            while let newline = chunk[start...].firstIndex(of: 0x0A) {
                append(chunk[start..<newline], to: &line, length: &lineLength)
                finish()
                start = chunk.index(after: newline)
            }
            append(chunk[start...], to: &line, length: &lineLength)
        }
        if lineLength > 0 { finish() }
        return number
    }

    private static func append(_ bytes: Data.SubSequence, to line: inout [UInt8], length: inout Int) {
        length += bytes.count
        if line.count <= QRISPayload.maximumInputBytes {
            line.append(contentsOf: bytes.prefix(QRISPayload.maximumInputBytes + 1 - line.count))
        }
    }

    /// Makes control characters visible so a decoded value never drives the terminal.
    static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Writes a line to standard error.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// JSON with sorted keys, for stable output.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The JSON form of a validation issue.
struct QRISIssueJSON: Encodable {
    var code: String
    var severity: String
    var path: String
    var characterOffset: Int
    var byteOffset: Int
    var message: String
    var specSection: String

    init(_ issue: QRISIssue) {
        code = issue.code.rawValue
        severity = issue.severity.rawValue
        path = issue.path
        characterOffset = issue.characterOffset
        byteOffset = issue.byteOffset
        message = issue.message
        specSection = issue.specSection
    }
}

/// The JSON form of ``QRISSummary``.
struct QRISSummaryJSON: Encodable {
    struct Acquirer: Encodable {
        var tag: String
        var guid: String?
        var name: String?
        var pan: String?
        var merchantID: String?
        var criteria: String?
    }

    var merchantName: String?
    var merchantCity: String?
    var postalCode: String?
    var alternateMerchantName: String?
    var nmid: String?
    var initiation: String
    var acquirers: [Acquirer]
    var amount: String?
    var fee: String?
    var billNumber: String?
    var referenceLabel: String?
    var terminalLabel: String?

    init(_ summary: QRISSummary) {
        merchantName = summary.merchantName
        merchantCity = summary.merchantCity
        postalCode = summary.postalCode
        alternateMerchantName = summary.alternateMerchantName
        nmid = summary.nmid
        initiation = summary.initiation
        acquirers = summary.acquirers.map {
            Acquirer(
                tag: "\($0.tag)", guid: $0.guid, name: $0.name, pan: $0.pan, merchantID: $0.merchantID,
                criteria: $0.criteria)
        }
        amount = summary.amount
        fee = summary.fee
        billNumber = summary.billNumber
        referenceLabel = summary.referenceLabel
        terminalLabel = summary.terminalLabel
    }
}
