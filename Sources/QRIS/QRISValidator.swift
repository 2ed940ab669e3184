/// Applies the EMVCo and QRIS rules to a parsed payload and collects every issue in one pass.
///
/// Works on the payload's bytes and node offsets only: nothing is allocated unless an issue is
/// found, so validating a good payload costs one walk over its nodes.
struct QRISValidator {
    let bytes: UnsafeBufferPointer<UInt8>
    let nodes: [QRISNode]
    let payload: QRISPayload
    let options: QRISValidationOptions
    var issues: [QRISIssue] = []

    /// Indexes of the root objects the cross-field rules need (first occurrence; -1 if absent).
    struct RootIndex {
        var pfi = -1, poi = -1, mcc = -1, currency = -1, amount = -1, tip = -1, fixedFee = -1
        var percentFee = -1, country = -1, name = -1, city = -1, postal = -1, additional = -1
        var crc = -1, language = -1, national = -1
        var hasAccount = false
        var hasAccountUpTo45 = false
    }

    init(payload: QRISPayload, bytes: UnsafeBufferPointer<UInt8>, options: QRISValidationOptions) {
        self.payload = payload
        self.bytes = bytes
        self.nodes = payload.nodes
        self.options = options
    }

    /// Severity of a tolerated deviation: a warning, or an error in strict mode.
    var tolerated: QRISIssue.Severity { options.strict ? .error : .warning }

    var isQRIS: Bool { options.profile == .qris }

    // MARK: Reporting

    mutating func report(
        _ code: QRISError.Code, _ severity: QRISIssue.Severity = .error, at index: Int, _ message: String,
        _ section: String
    ) {
        let node = nodes[index]
        issues.append(
            QRISIssue(
                code: code, severity: severity, path: path(of: index), characterOffset: Int(node.characterStart),
                byteOffset: Int(node.byteStart), message: message, specSection: section))
    }

    mutating func reportPayload(
        _ code: QRISError.Code, _ severity: QRISIssue.Severity = .error, _ message: String, _ section: String,
        path: String = "", characterOffset: Int? = nil, byteOffset: Int? = nil
    ) {
        issues.append(
            QRISIssue(
                code: code, severity: severity, path: path,
                characterOffset: characterOffset ?? payload.leadingWhitespace,
                byteOffset: byteOffset ?? payload.byteRange.lowerBound, message: message, specSection: section))
    }

    mutating func reportPayload(_ code: QRISError.Code, _ message: String, _ section: String, path: String = "") {
        reportPayload(code, .error, message, section, path: path)
    }

    /// `54`, `62.01`, `62.50.00`.
    func path(of index: Int) -> String {
        let node = nodes[index]
        let own = QRISTags.twoDigits(node.tag)
        return node.parent < 0 ? own : path(of: Int(node.parent)) + "." + own
    }

    /// The value of a node as text (only built for messages and rare paths).
    func text(_ index: Int) -> String {
        String(decoding: value(index), as: UTF8.self)
    }

    /// The value bytes of a node.
    @inline(__always)
    func value(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let node = nodes[index]
        return UnsafeBufferPointer(rebasing: bytes[Int(node.valueByteStart)..<Int(node.valueByteEnd)])
    }

    @inline(__always)
    func valueEquals(_ index: Int, _ a: UInt8, _ b: UInt8) -> Bool {
        let v = value(index)
        return v.count == 2 && v[0] == a && v[1] == b
    }

    // MARK: The walk

    mutating func run() -> [QRISIssue] {
        checkPayloadAsWhole()
        var root = RootIndex()
        var seen = TagSet()
        var index = 0
        var ordinal = 0
        while index < nodes.count {
            let node = nodes[index]
            if seen.insert(node.tag) {
                record(node.tag, index, in: &root)
            } else {
                report(
                    .tagDuplicate, at: index,
                    "tag \(QRISTags.twoDigits(node.tag)) appears more than once at root (again with "
                        + "\(Printable.quote(text(index)))); each ID may appear once", "EMVCo MPM 4.3.1.2")
            }
            checkRoot(index, ordinal: ordinal)
            index = Int(node.end)
            ordinal += 1
        }
        checkPresence(root)
        checkCrossFields(root)
        return issues
    }

    mutating func record(_ tag: UInt8, _ index: Int, in root: inout RootIndex) {
        switch tag {
        case 0: root.pfi = index
        case 1: root.poi = index
        case 2...45:
            root.hasAccount = true
            root.hasAccountUpTo45 = true
        case 46...50: root.hasAccount = true
        case 51:
            root.hasAccount = true
            root.national = index
        case 52: root.mcc = index
        case 53: root.currency = index
        case 54: root.amount = index
        case 55: root.tip = index
        case 56: root.fixedFee = index
        case 57: root.percentFee = index
        case 58: root.country = index
        case 59: root.name = index
        case 60: root.city = index
        case 61: root.postal = index
        case 62: root.additional = index
        case 63: root.crc = index
        case 64: root.language = index
        default: break
        }
    }

    mutating func checkPayloadAsWhole() {
        let input = payload.input.utf8.count
        if payload.byteRange.lowerBound > 0 || payload.byteRange.upperBound < input {
            reportPayload(
                .payloadWhitespace, tolerated,
                "the payload has \(payload.byteRange.lowerBound) leading and "
                    + "\(input - payload.byteRange.upperBound) trailing whitespace characters; they were trimmed",
                "EMVCo MPM 4.1", characterOffset: 0, byteOffset: 0)
        }
        if payload.characterCount > 512 {
            reportPayload(
                .payloadLength, .warning,
                "the payload has \(payload.characterCount) characters; it should not exceed 512", "EMVCo MPM 4.1")
        }
    }

    mutating func checkPresence(_ root: RootIndex) {
        if root.pfi < 0 {
            reportPayload(.pfiMissing, "tag 00 (Payload Format Indicator) is missing", "EMVCo MPM 4.6.1.1", path: "00")
        }
        if root.crc < 0 {
            reportPayload(.crcMissing, "tag 63 (CRC) is missing", "EMVCo MPM 4.7.3", path: "63")
        }
        requireRoot(root.mcc, 52, "EMVCo MPM 4.7.6")
        requireRoot(root.currency, 53, "EMVCo MPM 4.7.7")
        requireRoot(root.country, 58, "EMVCo MPM 4.7.9")
        requireRoot(root.name, 59, "EMVCo MPM 4.7.10")
        requireRoot(root.city, 60, "EMVCo MPM 4.7.11")
        if !root.hasAccount {
            reportPayload(
                .merchantAccountMissing, "no merchant account information (tags 02-51)", "EMVCo MPM 4.7.5",
                path: "02-51")
        }
    }

    mutating func requireRoot(_ index: Int, _ tag: UInt8, _ section: String) {
        guard index < 0 else { return }
        reportPayload(.tagMissing, "tag \(tag) (\(QRISTags.rootName(tag))) is missing", section, path: "\(tag)")
    }
}

/// A set of tag IDs 0–99 in two words, so duplicate checks allocate nothing.
struct TagSet {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// Inserts `tag`; returns false when it was already there.
    @inline(__always)
    mutating func insert(_ tag: UInt8) -> Bool {
        if tag < 64 {
            let bit: UInt64 = 1 << UInt64(tag)
            defer { low |= bit }
            return low & bit == 0
        }
        let bit: UInt64 = 1 << UInt64(tag - 64)
        defer { high |= bit }
        return high & bit == 0
    }
}
