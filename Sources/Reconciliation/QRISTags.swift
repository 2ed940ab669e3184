/// The few QRIS tags the reconciliation reads from an invoice's payload: NMID (51-02), reference
/// label (62-05) and terminal label (62-07).
///
/// EMVCo MPM 4.7: every data object is a two-digit tag, a two-digit length (in bytes) and the value;
/// templates 26–51 and 62 nest objects of the same form. The ledger stores payloads it built itself, so a
/// payload that does not parse just yields no tags (the invoice still matches by bill number).
struct QRISTags: Sendable, Hashable {
    var nmid: String?
    var referenceLabel: String?
    var terminalLabel: String?

    init(payload: String) {
        let top = Self.objects(Array(payload.utf8))
        if let merchant = top["51"] { nmid = Self.objects(merchant)["02"].map(Self.text) }
        if let additional = top["62"] {
            let inner = Self.objects(additional)
            referenceLabel = inner["05"].map(Self.text)
            terminalLabel = inner["07"].map(Self.text)
        }
        if nmid?.isEmpty == true { nmid = nil }
        if referenceLabel?.isEmpty == true { referenceLabel = nil }
        if terminalLabel?.isEmpty == true { terminalLabel = nil }
    }

    private static func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The objects at one level, by tag (first occurrence); empty if the bytes are not well formed.
    private static func objects(_ bytes: some RandomAccessCollection<UInt8>) -> [String: ArraySlice<UInt8>] {
        let bytes = Array(bytes)
        var result: [String: ArraySlice<UInt8>] = [:]
        var i = 0
        while i + 4 <= bytes.count {
            guard bytes[i..<i + 4].allSatisfy({ (0x30...0x39).contains($0) }) else { return [:] }
            let tag = String(decoding: bytes[i..<i + 2], as: UTF8.self)
            let length = Int(bytes[i + 2] - 0x30) * 10 + Int(bytes[i + 3] - 0x30)
            guard i + 4 + length <= bytes.count else { return [:] }
            if result[tag] == nil { result[tag] = bytes[i + 4..<i + 4 + length] }
            i += 4 + length
        }
        return i == bytes.count ? result : [:]
    }
}
