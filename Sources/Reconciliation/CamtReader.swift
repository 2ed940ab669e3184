import Ledger
import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads ISO 20022 camt.053 (bank to customer statement) and camt.054 (debit/credit notification),
/// message versions 02 to 08, with a streaming (SAX) XML parser. All or nothing: the first problem
/// stops the read with its XML path, line and value.
///
/// Read: `GrpHdr/MsgId`; per `Stmt`/`Ntfctn`: `Id`, `ElctrncSeqNb`, `Acct/Id/IBAN|Othr/Id`, `Acct/Ccy`,
/// `Bal` (053); per `Ntry`: `NtryRef`, `Amt@Ccy`, `CdtDbtInd`, `RvslInd`, `Sts` (text, or `Sts/Cd` from
/// v06), `BookgDt`, `ValDt`, `AcctSvcrRef`, `BkTxCd`, `NtryDtls/Btch/NbOfTxs`, the first
/// `TxDtls/Refs/EndToEndId`, `RmtInf/Ustrd`, `RmtInf/Strd/CdtrRefInf/Ref`, `AddtlNtryInf`.
public struct CamtReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Reads a camt.053 or camt.054 document.
    /// - Throws: ``ReconciliationError`` `camt.malformed`.
    public func read(data: Data) throws -> BankStatement {
        try Self.checkEncoding(data)
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        let handler = CamtHandler()
        parser.delegate = handler
        let ok = parser.parse()
        if let failure = handler.failure { throw failure }
        guard ok else {
            let line = parser.lineNumber
            throw ReconciliationError(
                .camtMalformed,
                "camt line \(line), column \(parser.columnNumber): not well-formed XML (\(parser.parserError.map { "\($0.localizedDescription)" } ?? "parse error"))",
                position: .init(line: line, column: parser.columnNumber))
        }
        guard handler.path.isEmpty else {
            throw ReconciliationError(
                .camtMalformed,
                "camt line \(parser.lineNumber): the document ends inside \(handler.pathText) (truncated file?)",
                position: .init(line: parser.lineNumber, path: handler.pathText))
        }
        return try handler.finish()
    }
}

extension CamtReader {
    /// ISO 20022 messages are UTF-8. FoundationXML traps on names that are not valid UTF-8, so the bytes
    /// are checked before parsing: invalid UTF-8, a NUL byte or another declared encoding is an error.
    static func checkEncoding(_ data: Data) throws {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        var line = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                if scalar.count == 1, scalar.first == 0 { throw encodingError(offset, line, "a NUL byte") }
                if scalar.count == 1, scalar.first == 10 { line += 1 }
                offset += scalar.count
            case .emptyInput:
                let head = String(decoding: data.prefix(200), as: UTF8.self).lowercased()
                if let range = head.range(of: "encoding=") {
                    let declared = head[range.upperBound...].dropFirst().prefix { $0 != "\"" && $0 != "'" }
                    guard declared == "utf-8" || declared == "utf8" else {
                        throw ReconciliationError(
                            .camtMalformed, "camt: declared encoding \"\(declared)\"; ISO 20022 messages must be UTF-8",
                            position: .init(line: 1), value: String(declared))
                    }
                }
                return
            case .error(let length):
                throw encodingError(offset, line, "invalid UTF-8 (\(length) byte\(length == 1 ? "" : "s"))")
            }
        }
    }

    private static func encodingError(_ offset: Int, _ line: Int, _ what: String) -> ReconciliationError {
        ReconciliationError(
            .camtMalformed, "camt line \(line), byte offset \(offset): \(what)", position: .init(line: line),
            value: "byte \(offset)")
    }
}

/// SAX state for ``CamtReader``: a path stack and the statement being built.
private final class CamtHandler: NSObject, XMLParserDelegate {
    var path: [String] = []
    var text = ""
    var failure: ReconciliationError?
    var kind: BankStatement.Kind?
    var version: Int?
    var messageID: String?
    var statements: [BankStatement.Statement] = []
    var statement: BankStatement.Statement?
    var balance: BankStatement.Balance?
    var balanceAmountSet = false
    var entry: BankStatement.Entry?
    var entryAmountSet = false
    var entryIndicatorSet = false
    var entryCount = 0
    var currency = ""
    var domain: [String] = []
    weak var parser: XMLParser?

    var pathText: String {
        var parts: [String] = []
        for name in path {
            if name == "Ntry" { parts.append("Ntry[\(entryCount)]") } else { parts.append(name) }
        }
        return "/" + parts.joined(separator: "/")
    }

    func fail(_ parser: XMLParser, _ what: String, value: String? = nil) {
        guard failure == nil else { return }
        let shown = value.map { ", got \"\($0.prefix(80))\"" } ?? ""
        failure = ReconciliationError(
            .camtMalformed, "camt line \(parser.lineNumber) at \(pathText): \(what)\(shown)",
            position: .init(line: parser.lineNumber, column: parser.columnNumber, path: pathText), value: value)
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        path.append(name)
        text = ""
        switch path.count {
        case 1:
            guard name == "Document", let ns = namespaceURI, ns.hasPrefix("urn:iso:std:iso:20022:tech:xsd:camt.05")
            else {
                fail(parser, "not an ISO 20022 camt document (root element and namespace)", value: namespaceURI ?? name)
                return
            }
            let tail = ns.dropFirst("urn:iso:std:iso:20022:tech:xsd:camt.".count)
            let parts = tail.split(separator: ".")
            guard parts.count == 3, let v = Int(parts[2]), (2...8).contains(v), parts[1] == "001",
                parts[0] == "053" || parts[0] == "054"
            else {
                fail(parser, "unsupported camt message (053/054 versions 02 to 08 are read)", value: ns)
                return
            }
            kind = parts[0] == "053" ? .camt053 : .camt054
            version = v
        case 2:
            let expected = kind == .camt053 ? "BkToCstmrStmt" : "BkToCstmrDbtCdtNtfctn"
            if name != expected { fail(parser, "expected <\(expected)>", value: name) }
        case 3 where name == "Stmt" || name == "Ntfctn":
            if (kind == .camt053) != (name == "Stmt") { fail(parser, "<\(name)> in the wrong message kind") }
            statement = BankStatement.Statement(id: "")
        default: break
        }
        if name == "Bal", statement != nil, path.count == 4 {
            balance = BankStatement.Balance(
                type: "", amount: StatementAmount(units: 0, scale: 0), currency: "", isCredit: true, date: nil)
            balanceAmountSet = false
        }
        if name == "Ntry", statement != nil, path.count == 4 {
            entryCount += 1
            entry = BankStatement.Entry(
                line: parser.lineNumber, amount: StatementAmount(units: 0, scale: 0), currency: "", isCredit: true,
                isReversal: false)
            entryAmountSet = false
            entryIndicatorSet = false
            domain = []
        }
        if name == "Amt" { currency = attributes["Ccy"] ?? "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let p = path
        defer {
            path.removeLast()
            text = ""
        }
        if p.count == 4, p[1] == "BkToCstmrStmt" || p[1] == "BkToCstmrDbtCdtNtfctn", p[2] == "GrpHdr", name == "MsgId" {
            messageID = value
        }
        guard statement != nil, p.count >= 4 else {
            if p.count == 3, name == "Stmt" || name == "Ntfctn" { finishStatement(parser) }
            return
        }
        let inner = Array(p[3...])
        if var e = entry, inner.first == "Ntry" {
            handleEntry(parser, &e, Array(inner.dropFirst()), value)
            entry = e
            if inner.count == 1 { finishEntry(parser) }
            return
        }
        if var b = balance, inner.first == "Bal" {
            switch Array(inner.dropFirst()) {
            case ["Tp", "CdOrPrtry", "Cd"], ["Tp", "CdOrPrtry", "Prtry"]: b.type = value
            case ["Amt"]:
                guard let amount = StatementAmount.parse(Substring(value), comma: false), !currency.isEmpty else {
                    fail(parser, "bad amount or missing Ccy", value: value)
                    return
                }
                b.amount = amount
                b.currency = currency
                balanceAmountSet = true
            case ["CdtDbtInd"]:
                guard value == "CRDT" || value == "DBIT" else {
                    return fail(parser, "must be CRDT or DBIT", value: value)
                }
                b.isCredit = value == "CRDT"
            case ["Dt", "Dt"], ["Dt", "DtTm"]:
                guard let d = Self.date(value) else { return fail(parser, "bad date", value: value) }
                b.date = d
            case []:
                guard balanceAmountSet, !b.type.isEmpty else { return fail(parser, "balance needs Tp and Amt") }
                statement!.balances.append(b)
                balance = nil
                return
            default: break
            }
            balance = b
            return
        }
        switch inner {
        case ["Id"]: statement!.id = value
        case ["ElctrncSeqNb"]: statement!.sequenceNumber = value
        case ["Acct", "Id", "IBAN"], ["Acct", "Id", "Othr", "Id"]: statement!.account = value
        case ["Acct", "Ccy"]: statement!.currency = value
        default: break
        }
    }

    private func handleEntry(_ parser: XMLParser, _ e: inout BankStatement.Entry, _ rest: [String], _ value: String) {
        switch rest {
        case ["Amt"]:
            guard let amount = StatementAmount.parse(Substring(value), comma: false) else {
                return fail(parser, "bad amount", value: value)
            }
            guard currency.count == 3 else { return fail(parser, "amount without a Ccy attribute", value: value) }
            e.amount = amount
            e.currency = currency
            entryAmountSet = true
        case ["CdtDbtInd"]:
            guard value == "CRDT" || value == "DBIT" else { return fail(parser, "must be CRDT or DBIT", value: value) }
            e.isCredit = value == "CRDT"
            entryIndicatorSet = true
        case ["RvslInd"]:
            guard value == "true" || value == "false" || value == "1" || value == "0" else {
                return fail(parser, "must be true or false", value: value)
            }
            e.isReversal = value == "true" || value == "1"
        case ["Sts"] where !value.isEmpty, ["Sts", "Cd"], ["Sts", "Prtry"]: e.status = value
        case ["BookgDt", "Dt"], ["BookgDt", "DtTm"]:
            guard let d = Self.date(value) else { return fail(parser, "bad date", value: value) }
            e.bookingDate = d
        case ["ValDt", "Dt"], ["ValDt", "DtTm"]:
            guard let d = Self.date(value) else { return fail(parser, "bad date", value: value) }
            e.valueDate = d
        case ["NtryRef"]: e.reference = value
        case ["AcctSvcrRef"]: e.accountServicerReference = value
        case ["AddtlNtryInf"]: e.additionalInfo = value
        case ["BkTxCd", "Domn", "Cd"]: domain = [value]
        case ["BkTxCd", "Domn", "Fmly", "Cd"], ["BkTxCd", "Domn", "Fmly", "SubFmlyCd"]:
            domain.append(value)
            e.transactionCode = domain.joined(separator: "/")
        case ["BkTxCd", "Prtry", "Cd"]: if e.transactionCode == nil { e.transactionCode = value }
        case ["NtryDtls", "Btch", "NbOfTxs"]:
            guard let n = Int(value), n >= 0 else { return fail(parser, "must be a number", value: value) }
            e.batchTransactionCount = n
        case ["NtryDtls", "TxDtls", "Refs", "EndToEndId"]: if e.endToEndID == nil { e.endToEndID = value }
        case ["NtryDtls", "TxDtls", "RmtInf", "Ustrd"]: e.remittance.append(value)
        case ["NtryDtls", "TxDtls", "RmtInf", "Strd", "CdtrRefInf", "Ref"]:
            if e.creditorReference == nil { e.creditorReference = value }
        default: break
        }
    }

    private func finishEntry(_ parser: XMLParser) {
        guard let e = entry else { return }
        guard entryAmountSet else { return fail(parser, "entry has no Amt") }
        guard entryIndicatorSet else { return fail(parser, "entry has no CdtDbtInd") }
        statement!.entries.append(e)
        entry = nil
    }

    private func finishStatement(_ parser: XMLParser) {
        guard let s = statement else { return }
        guard !s.id.isEmpty else { return fail(parser, "statement has no Id") }
        statements.append(s)
        statement = nil
    }

    func finish() throws -> BankStatement {
        guard let kind else {
            throw ReconciliationError(.camtMalformed, "camt: empty document", position: .init(line: 1))
        }
        guard !statements.isEmpty else {
            let container = kind == .camt053 ? "BkToCstmrStmt/Stmt" : "BkToCstmrDbtCdtNtfctn/Ntfctn"
            throw ReconciliationError(
                .camtMalformed, "camt: /Document/\(container) is missing: the message has no statement",
                position: .init(path: "/Document/\(container)"))
        }
        return BankStatement(kind: kind, messageID: messageID, version: version, statements: statements)
    }

    /// `2014-12-31` or `2014-12-31T10:00:00+01:00` → the date as written.
    static func date(_ text: String) -> CivilDate? {
        CivilDate(iso8601: String(text.prefix(10)))
    }
}
