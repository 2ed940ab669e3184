import Foundation

extension PaymentExceptionDraft {
    /// A draft built from untrusted input (a bank's notify) that always validates: every text is
    /// made printable and cut to its column's limit, and each cut is added to `detail`, so a
    /// notify is recorded whatever it carries. The body's SHA-256 keeps the evidence of what was cut.
    ///
    /// Text fields (bill number, issuer, amount text, detail) keep whole characters, replace control
    /// characters with `?` and end in `…` when cut; the RRN keeps printable ASCII, replaces anything
    /// else with `_` and ends in `~` when cut. An empty value becomes `-`.
    public init(
        fitting billNumber: String, rrn: String, issuer: String, amount: Rupiah?, amountText: String? = nil,
        paidAt: Date, recordedAt: Date, source: Payment.Source, reason: PaymentException.Reason, detail: String,
        bodySHA256: String? = nil, verifiedBy: PaymentVerification? = nil
    ) {
        var notes: [String] = []
        func note(_ field: String, _ original: String, _ fitted: String) {
            if original != fitted {
                notes.append("\(field) was \(original.utf8.count) bytes as received, stored cut to fit")
            }
        }
        let bill = Self.fitText(billNumber, maximum: 64)
        note("billNumber", billNumber, bill)
        let fittedRRN = Self.fitToken(rrn, maximum: 32)
        note("rrn", rrn, fittedRRN)
        let fittedIssuer = Self.fitText(issuer, maximum: 64)
        note("issuer", issuer, fittedIssuer)
        var storedAmount = amount
        var text = amountText.map { Self.fitText($0, maximum: 64) }
        if let amount, !amount.isStorable {
            storedAmount = nil
            text = text ?? String(amount.value)
        }
        if storedAmount == nil, text == nil { text = "-" }
        if let amountText, let text { note("amountText", amountText, text) }
        let fullDetail = ([detail] + notes).filter { !$0.isEmpty }.joined(separator: "; ")
        self.init(
            billNumber: bill, rrn: fittedRRN, issuer: fittedIssuer, amount: storedAmount, paidAt: paidAt,
            recordedAt: recordedAt, source: source, reason: reason, detail: Self.fitText(fullDetail, maximum: 500),
            amountText: text, bodySHA256: bodySHA256,
            verifiedBy: verifiedBy.map {
                PaymentVerification(
                    profileID: Self.fitToken($0.profileID, maximum: 64), keyID: Self.fitToken($0.keyID, maximum: 64))
            })
        if case .manual(let reason) = source { self.source = .manual(reason: Self.fitText(reason, maximum: 500)) }
    }

    /// `value` made a valid free text of at most `maximum` UTF-8 bytes: control characters become
    /// `?`, a cut ends in `…`, an empty value becomes `-`.
    public static func fitText(_ value: String, maximum: Int) -> String {
        var printable = ""
        for character in value {
            let scalars = character.unicodeScalars
            printable.append(scalars.contains { $0.value < 0x20 || $0.value == 0x7F } ? "?" : character)
        }
        if printable.isEmpty { return "-" }
        guard printable.utf8.count > maximum else { return printable }
        let ellipsis = "…"
        var cut = ""
        for character in printable {
            if cut.utf8.count + String(character).utf8.count + ellipsis.utf8.count > maximum { break }
            cut.append(character)
        }
        return cut + ellipsis
    }

    /// `value` made a valid token (printable ASCII, no spaces) of at most `maximum` characters.
    public static func fitToken(_ value: String, maximum: Int) -> String {
        var token = ""
        for character in value {
            if let ascii = character.asciiValue, ascii > 0x20, ascii < 0x7F {
                token.append(character)
            } else {
                token.append("_")
            }
        }
        if token.isEmpty { return "-" }
        guard token.utf8.count > maximum else { return token }
        return String(token.prefix(maximum - 1)) + "~"
    }
}
