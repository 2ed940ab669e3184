extension QRISPayload {
    /// Makes a dynamic payload for one payment from the city's registered static QRIS.
    ///
    /// Edits the parsed tree, never the text: sets 01 to `12`, drops any old 54–57, inserts 54
    /// (whole rupiah, no decimals) and sets 62.01 bill number, 62.05 reference label and 62.07
    /// terminal label when given (other 62 sub-objects are kept), then seals a fresh CRC.
    ///
    /// This is an offline fallback: the acquirer never issued the resulting code, so it carries
    /// no acquirer reference and a payment can only be matched by merchant and amount
    /// (research note §2.4). Prefer acquirer-issued dynamic QRIS.
    ///
    /// - Parameters:
    ///   - staticPayload: the static (or an earlier dynamic) QRIS; it must validate under the
    ///     `qris` profile, in particular its CRC must match, so a corrupted scan is never repaired.
    ///   - amount: whole rupiah, 1–10,000,000.
    ///   - billNumber: 62.01, printable ASCII, at most 25 characters.
    ///   - referenceLabel: 62.05, same rules.
    ///   - terminalLabel: 62.07, same rules.
    /// - Returns: the dynamic payload.
    /// - Throws: ``QRISError``: the source's first error code (`crc.mismatch`, …) with every
    ///   error listed in the message, `amount.zero`, `amount.aboveCap`, `tag.length`,
    ///   `charset.ans`, or `tag.length` on 62 when the labels together exceed 99 characters.
    public static func makeDynamic(
        fromStatic staticPayload: String, amount: Int64, billNumber: String?, referenceLabel: String? = nil,
        terminalLabel: String? = nil
    ) throws(QRISError) -> String {
        try QRISPayload(parsing: staticPayload).makingDynamic(
            amount: amount, billNumber: billNumber, referenceLabel: referenceLabel, terminalLabel: terminalLabel)
    }

    /// The dynamic payload for one payment from this (static) payload; see
    /// ``makeDynamic(fromStatic:amount:billNumber:referenceLabel:terminalLabel:)``.
    public func makingDynamic(
        amount: Int64, billNumber: String?, referenceLabel: String? = nil, terminalLabel: String? = nil
    ) throws(QRISError) -> String {
        let errors = validate().filter { $0.severity == .error }
        if let first = errors.first {
            throw QRISError(
                first.code,
                "the static payload is invalid, refusing to convert it: "
                    + errors.map { "\($0.code) \($0.path) \($0.message)" }.joined(separator: "; "),
                path: first.path, characterOffset: first.characterOffset, byteOffset: first.byteOffset)
        }
        var scratch = PayloadWriter()
        try scratch.rupiah(54, amount, path: "54", name: "amount")
        let amountText = String(decoding: scratch.bytes[4...], as: UTF8.self)
        var labels: [(tag: Int, value: String)] = []
        for (tag, value, name) in [
            (1, billNumber, "bill number"), (5, referenceLabel, "reference label"),
            (7, terminalLabel, "terminal label"),
        ] {
            guard let value else { continue }
            try scratch.ans(tag, value, maximum: 25, path: "62.0\(tag)", name: name)
            labels.append((tag, value))
        }

        var objects = dataObjects.filter { !(54...57).contains($0.tag) && $0.tag != 63 }
        Self.set(QRISDataObject(tag: 1, value: "12"), in: &objects)
        Self.set(QRISDataObject(tag: 54, value: amountText), in: &objects)
        if !labels.isEmpty {
            var additional = objects.first { $0.tag == 62 } ?? QRISDataObject(tag: 62, children: [])
            var children = additional.children
            for label in labels {
                Self.set(QRISDataObject(tag: label.tag, value: label.value), in: &children)
            }
            additional.children = children
            Self.set(additional, in: &objects)
        }
        let result = try QRISDataObject.encode(objects)
        let problems = QRISPayload.validate(result).filter { $0.severity == .error }
        if let problem = problems.first {
            throw QRISError(
                problem.code, "the dynamic payload would be invalid: \(problem.message)", path: problem.path)
        }
        return result
    }

    /// Replaces the object with the same tag, or inserts it before the first larger tag (after
    /// 00, which stays first).
    static func set(_ object: QRISDataObject, in objects: inout [QRISDataObject]) {
        if let index = objects.firstIndex(where: { $0.tag == object.tag }) {
            objects[index] = object
            return
        }
        let start = objects.first?.tag == 0 && object.tag != 0 ? 1 : 0
        let index = objects[start...].firstIndex { $0.tag > object.tag && $0.tag != 63 } ?? objects.endIndex
        objects.insert(object, at: index)
    }
}
