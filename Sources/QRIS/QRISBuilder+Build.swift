import Foundation

extension QRISBuilder {
    /// Encodes the model, sealed with its CRC.
    ///
    /// - Returns: the payload text, at most 512 characters.
    /// - Throws: ``QRISError`` naming the field and the bad value: `tag.length` (with the
    ///   longest prefix that would fit), `charset.ans`, `charset.control`, `tag.format`,
    ///   `amount.zero`, `amount.aboveCap`, `mpan.format`, `nmid.format`, `criteria.invalid`,
    ///   `national.missing`, `merchantAccount.missing`, `payload.length`.
    public func build() throws(QRISError) -> String {
        guard !accounts.isEmpty || national != nil else {
            throw QRISError(.merchantAccountMissing, "a QRIS code needs a PJP account (26-45) or tag 51", path: "26")
        }
        if initiation == .staticCode && national == nil {
            throw QRISError(.nationalMissing, "a static QRIS code needs tag 51 (national repository, NMID)", path: "51")
        }
        var writer = PayloadWriter()
        try writer.primitive(0, "01", path: "00")
        try writer.primitive(1, initiation.rawValue, path: "01")
        var previous = 25
        let ordered =
            zip(accounts, accounts.dropFirst()).allSatisfy { $0.tag < $1.tag }
            ? accounts : accounts.sorted { $0.tag < $1.tag }
        for account in ordered {
            let tag = account.tag
            guard (26...45).contains(tag), tag > previous else {
                throw QRISError(.valueInvalid, "account tag \(tag) must be 26-45 and used once", path: "\(tag)")
            }
            previous = tag
            let mark = writer.beginTemplate(tag)
            try writer.ans(0, account.guid, maximum: 32, path: "\(tag).00", name: "GUID")
            try writer.digits(1, account.pan, maximum: 19, path: "\(tag).01", name: "merchant PAN", code: .mpanFormat)
            if let id = account.merchantID {
                try writer.ans(2, id, maximum: 15, path: "\(tag).02", name: "merchant ID")
            }
            if let criteria = account.criteria { try writer.criteria(3, criteria, path: "\(tag).03") }
            try writer.endTemplate(mark, tag: tag, path: "\(tag)")
        }
        if let national {
            let mark = writer.beginTemplate(51)
            try writer.ans(0, national.guid, maximum: 32, path: "51.00", name: "GUID")
            try writer.nmid(national.nmid)
            if let criteria = national.criteria { try writer.criteria(3, criteria, path: "51.03") }
            try writer.endTemplate(mark, tag: 51, path: "51")
        }
        try writer.digits(52, merchantCategoryCode, exactly: 4, path: "52", name: "merchant category code")
        try writer.digits(53, currency, exactly: 3, path: "53", name: "currency")
        if let amount { try writer.rupiah(54, amount, path: "54", name: "amount") }
        switch tip {
        case nil: break
        case .prompt: try writer.primitive(55, "01", path: "55")
        case .fixed(let fee):
            try writer.primitive(55, "02", path: "55")
            try writer.rupiah(56, fee, path: "56", name: "fixed fee")
        case .percentage(let hundredths):
            guard (1...9999).contains(hundredths) else {
                throw QRISError(.feeFormat, "percentage fee \(hundredths)/100 % must be 0.01-99.99", path: "57")
            }
            try writer.primitive(55, "03", path: "55")
            let cents = hundredths % 100
            try writer.primitive(57, "\(hundredths / 100).\(cents < 10 ? "0" : "")\(cents)", path: "57")
        }
        guard countryCode.utf8.count == 2, countryCode.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else {
            throw QRISError(
                .tagFormat, "country code \(Printable.quote(countryCode)) must be 2 capital letters", path: "58")
        }
        try writer.primitive(58, countryCode, path: "58")
        try writer.ans(59, merchantName, maximum: 25, path: "59", name: "merchant name")
        try writer.ans(60, merchantCity, maximum: 15, path: "60", name: "merchant city")
        if let postalCode { try writer.ans(61, postalCode, maximum: 10, path: "61", name: "postal code") }
        try writeAdditionalData(&writer)
        if let language {
            let mark = writer.beginTemplate(64)
            guard language.code.utf8.count == 2, language.code.utf8.allSatisfy({ (0x41...0x5A).contains($0 & 0xDF) })
            else {
                throw QRISError(
                    .tagFormat, "language \(Printable.quote(language.code)) must be 2 letters", path: "64.00")
            }
            try writer.primitive(0, language.code, path: "64.00")
            try writer.unicode(1, language.merchantName, maximum: 25, path: "64.01", name: "alternate merchant name")
            if let city = language.merchantCity {
                try writer.unicode(2, city, maximum: 15, path: "64.02", name: "alternate merchant city")
            }
            try writer.endTemplate(mark, tag: 64, path: "64")
        }
        let characters = writer.scalarCount
        guard characters + 8 <= 512 else {
            throw QRISError(
                .payloadLength, "the payload would have \(characters + 8) characters; at most 512 are allowed")
        }
        return writer.finish()
    }

    private func writeAdditionalData(_ writer: inout PayloadWriter) throws(QRISError) {
        let data = additionalData
        guard
            data.billNumber != nil || data.mobileNumber != nil || data.storeLabel != nil || data.loyaltyNumber != nil
                || data.referenceLabel != nil || data.customerLabel != nil || data.terminalLabel != nil
                || data.purpose != nil
        else { return }
        let mark = writer.beginTemplate(62)
        try writer.additional(1, data.billNumber, name: "bill number")
        try writer.additional(2, data.mobileNumber, name: "mobile number")
        try writer.additional(3, data.storeLabel, name: "store label")
        try writer.additional(4, data.loyaltyNumber, name: "loyalty number")
        try writer.additional(5, data.referenceLabel, name: "reference label")
        try writer.additional(6, data.customerLabel, name: "customer label")
        try writer.additional(7, data.terminalLabel, name: "terminal label")
        try writer.additional(8, data.purpose, name: "purpose")
        try writer.endTemplate(mark, tag: 62, path: "62")
    }
}

extension PayloadWriter {
    /// A 62 sub-object 01–08 when present.
    mutating func additional(_ tag: Int, _ value: String?, name: String) throws(QRISError) {
        guard let value else { return }
        try ans(tag, value, maximum: 25, path: "62.0\(tag)", name: name)
    }

    /// An `ans` field: printable ASCII only, 1–`maximum` characters, never truncated.
    mutating func ans(
        _ tag: Int, _ value: String, maximum: Int, path: @autoclosure () -> String, name: String
    ) throws(QRISError) {
        // One pass over the bytes: check, and append when the value fits (the common case).
        let (bad, count) = Self.withUTF8(value) { buffer -> (UInt8?, Int) in
            if let index = TextRules.firstNonANS(buffer) { return (buffer[index], buffer.count) }
            if (1...maximum).contains(buffer.count) {
                appendTwoDigits(tag)
                appendTwoDigits(buffer.count)
                bytes.append(contentsOf: buffer)
            }
            return (nil, buffer.count)
        }
        if let bad {
            throw QRISError(
                bad < 0x20 || bad == 0x7F ? .charsetControl : .charsetANS,
                "\(name) \(Printable.quote(value)) must be printable ASCII (other scripts go in the language "
                    + "template, tag 64)", path: path())
        }
        guard (1...maximum).contains(count) else {
            throw QRISError(
                .tagLength,
                count == 0
                    ? "\(name) is empty; it needs 1-\(maximum) characters"
                    : "\(name) \(Printable.quote(value)) has \(count) characters; at most \(maximum) fit, e.g. "
                        + Printable.quote(String(value.prefix(maximum))), path: path())
        }
    }

    /// An `S` field: NFC-normalised Unicode without control characters, 1–`maximum` characters.
    mutating func unicode(
        _ tag: Int, _ value: String, maximum: Int, path: @autoclosure () -> String, name: String
    ) throws(QRISError) {
        let text = value.utf8.allSatisfy { $0 < 0x80 } ? value : value.precomposedStringWithCanonicalMapping
        if let control = text.unicodeScalars.first(where: { TextRules.isControl($0.value) }) {
            throw QRISError(
                .charsetControl,
                "\(name) \(Printable.quote(text)) contains the control character U+\(String(control.value, radix: 16))",
                path: path())
        }
        let count = PayloadWriter.scalarCount(text)
        guard count <= maximum else {
            throw QRISError(
                .tagLength,
                "\(name) \(Printable.quote(text)) has \(count) characters; at most \(maximum) fit, e.g. "
                    + Printable.quote(String(String.UnicodeScalarView(text.unicodeScalars.prefix(maximum)))),
                path: path())
        }
        try primitive(tag, text, path: path())
    }

    /// A digits-only field of at most `maximum` or exactly `exactly` digits.
    mutating func digits(
        _ tag: Int, _ value: String, maximum: Int = 99, exactly: Int? = nil, path: @autoclosure () -> String,
        name: String,
        code: QRISError.Code = .tagFormat
    ) throws(QRISError) {
        let written = Self.withUTF8(value) { buffer -> Bool in
            let count = buffer.count
            guard buffer.allSatisfy({ $0 &- 0x30 < 10 }), count >= 1, count <= maximum,
                exactly == nil || exactly == count
            else { return false }
            appendTwoDigits(tag)
            appendTwoDigits(count)
            bytes.append(contentsOf: buffer)
            return true
        }
        guard written else {
            let size = exactly.map { "exactly \($0)" } ?? "1-\(maximum)"
            throw QRISError(code, "\(name) \(Printable.quote(value)) must be \(size) digits", path: path())
        }
    }

    /// Whole rupiah without decimals or separators: > 0 and at most Rp10,000,000.
    mutating func rupiah(_ tag: Int, _ amount: Int64, path: @autoclosure () -> String, name: String) throws(QRISError) {
        guard amount > 0 else {
            throw QRISError(.amountZero, "\(name) \(amount) must be more than 0 rupiah", path: path())
        }
        guard amount <= QRISPayload.maximumAmount else {
            throw QRISError(
                .amountAboveCap, "\(name) \(amount) is above the QRIS limit of 10000000 rupiah per payment",
                path: path())
        }
        var count = 1
        var scale: Int64 = 10
        while count < 19 && amount >= scale {
            count += 1
            scale *= 10
        }
        appendTwoDigits(tag)
        appendTwoDigits(count)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0x30, count: count))
        var rest = amount
        var index = start + count - 1
        while rest > 0 {
            bytes[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
            index -= 1
        }
    }

    mutating func criteria(_ tag: Int, _ value: String, path: @autoclosure () -> String) throws(QRISError) {
        let code = value.utf8.count == 3 ? value.utf8.reduce(UInt32(0)) { $0 << 8 | UInt32($1) } : 0
        guard QRISValidator.criteriaCodes.contains(code) else {
            throw QRISError(
                .criteriaInvalid,
                "merchant criteria \(Printable.quote(value)) is not one of UMI, UKE, UME, UBE, URE, PSO, BLU",
                path: path())
        }
        try primitive(tag, value, path: path())
    }

    mutating func nmid(_ value: String) throws(QRISError) {
        let valid = Self.withUTF8(value) { buffer in
            buffer.count == 15 && buffer[0] == 0x49 && buffer[1] == 0x44
                && buffer[2...].allSatisfy { $0 &- 0x30 < 10 || (0x41...0x5A).contains($0) }
        }
        guard valid else {
            throw QRISError(
                .nmidFormat, "NMID \(Printable.quote(value)) must be 'ID' followed by 13 digits or capital letters",
                path: "51.02")
        }
        try primitive(2, value, path: "51.02")
    }
}
