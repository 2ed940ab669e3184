/// Rules for root data objects and between them (EMVCo MPM 4.6–4.7, QRIS 4.7).
extension QRISValidator {
    mutating func checkRoot(_ index: Int, ordinal: Int) {
        let node = nodes[index]
        switch node.tag {
        case 0:
            if ordinal != 0 {
                report(
                    .pfiNotFirst, at: index, "tag 00 must be the first object; it is object \(ordinal + 1)",
                    "EMVCo MPM 4.6.1.1")
            }
            if !valueEquals(index, 0x30, 0x31) {
                report(
                    .pfiInvalid, at: index,
                    "Payload Format Indicator is \(Printable.quote(text(index))); it must be '01'", "EMVCo MPM 4.7.1")
            }
        case 1:
            if !valueEquals(index, 0x31, 0x31) && !valueEquals(index, 0x31, 0x32) {
                report(
                    .poiInvalid, at: index,
                    "Point of Initiation Method is \(Printable.quote(text(index))); it must be '11' (static) or '12' (dynamic)",
                    "EMVCo MPM 4.7.2")
            }
        case 2...25:
            checkANS(index, maximum: 99, "EMVCo MPM 4.7.5")
        case 26...51:
            checkAccountTemplate(index)
        case 52:
            checkNumeric(index, length: 4, "EMVCo MPM 4.7.6")
        case 53:
            checkNumeric(index, length: 3, "EMVCo MPM 4.7.7")
        case 54:
            checkAmount(index)
        case 55:
            if !valueEquals(index, 0x30, 0x31) && !valueEquals(index, 0x30, 0x32) && !valueEquals(index, 0x30, 0x33) {
                report(
                    .tipInvalid, at: index,
                    "Tip or Convenience Indicator is \(Printable.quote(text(index))); it must be '01', '02' or '03'",
                    "EMVCo MPM 4.7.8")
            }
        case 56:
            checkFixedFee(index)
        case 57:
            checkPercentageFee(index)
        case 58:
            let v = value(index)
            if v.count != 2 || !v.allSatisfy({ (0x41...0x5A).contains($0) }) {
                report(
                    .tagFormat, at: index,
                    "Country Code is \(Printable.quote(text(index))); it must be 2 upper-case letters (ISO 3166-1)",
                    "EMVCo MPM 4.7.9")
            }
        case 59:
            checkANS(index, maximum: 25, "EMVCo MPM 4.7.10")
        case 60:
            checkANS(index, maximum: 15, "EMVCo MPM 4.7.11")
        case 61:
            checkANS(index, maximum: 10, "EMVCo MPM 4.7.12")
        case 62:
            checkAdditionalData(index)
        case 63:
            checkCRC(index)
        case 64:
            checkLanguage(index)
        case 65...79:
            report(
                .tagUnknown, tolerated, at: index,
                "tag \(node.tag) is reserved for future EMVCo use (value \(Printable.quote(text(index)))); kept as is",
                "EMVCo MPM 4.7.14")
        default:
            checkUnreservedTemplate(index)
        }
    }

    mutating func checkCrossFields(_ root: RootIndex) {
        if root.tip >= 0 {
            if valueEquals(root.tip, 0x30, 0x32) && root.fixedFee < 0 {
                report(
                    .tipFeeMissing, at: root.tip, "tag 55 is '02' (fixed fee) but tag 56 is missing", "EMVCo MPM 4.7.8")
            }
            if valueEquals(root.tip, 0x30, 0x33) && root.percentFee < 0 {
                report(
                    .tipFeeMissing, at: root.tip, "tag 55 is '03' (percentage fee) but tag 57 is missing",
                    "EMVCo MPM 4.7.8")
            }
        }
        if root.fixedFee >= 0 && (root.tip < 0 || !valueEquals(root.tip, 0x30, 0x32)) {
            report(
                .tipFeeUnexpected, at: root.fixedFee,
                "tag 56 (fixed fee \(Printable.quote(text(root.fixedFee)))) is present but tag 55 is not '02'",
                "EMVCo MPM 4.7.8")
        }
        if root.percentFee >= 0 && (root.tip < 0 || !valueEquals(root.tip, 0x30, 0x33)) {
            report(
                .tipFeeUnexpected, at: root.percentFee,
                "tag 57 (percentage fee \(Printable.quote(text(root.percentFee)))) is present but tag 55 is not '03'",
                "EMVCo MPM 4.7.8")
        }
        guard isQRIS else { return }
        let indonesia = root.country >= 0 && valueEquals(root.country, 0x49, 0x44)
        if indonesia && root.currency >= 0 {
            let v = value(root.currency)
            if !(v.count == 3 && v[0] == 0x33 && v[1] == 0x36 && v[2] == 0x30) {
                report(
                    .currencyMismatch, at: root.currency,
                    "currency is \(Printable.quote(text(root.currency))) but the country is ID; QRIS requires '360' (IDR)",
                    "QRIS 4.7.7.1")
            }
        }
        if indonesia && root.postal < 0 {
            reportPayload(
                .tagMissing, "tag 61 (Postal Code) is missing; QRIS requires it when the country is ID", "QRIS 4.7.15",
                path: "61")
        }
        if root.poi >= 0 && valueEquals(root.poi, 0x31, 0x31) && root.national < 0 {
            reportPayload(
                .nationalMissing,
                "the code is static (01 = '11') but tag 51 (national QRIS repository, NMID) is missing",
                "QRIS 4.7.7", path: "51")
        }
        if root.poi >= 0 && valueEquals(root.poi, 0x31, 0x32) && root.amount < 0 {
            reportPayload(
                .amountMissing, .warning,
                "the code is dynamic (01 = '12') but has no amount (54); the payer will be asked for one",
                "QRIS 4.7.8", path: "54")
        }
        if root.hasAccount && root.national < 0 && !root.hasAccountUpTo45 {
            reportPayload(
                .merchantAccountMissing, "tag 51 is absent, so QRIS needs a merchant account in tags 02-45",
                "QRIS 4.7.3.1", path: "02-45")
        }
        if root.amount >= 0, let amount = QRISAmount.parse(value(root.amount)).amount,
            amount.rupiah > QRISPayload.maximumAmount || (amount.rupiah == QRISPayload.maximumAmount && amount.sen > 0)
        {
            report(
                .amountAboveCap, options.amountAboveCapIsError ? .error : .warning, at: root.amount,
                "amount \(amount.displayText) is above Bank Indonesia's QRIS limit of Rp10.000.000 per payment",
                "BI QRIS limit (Bicara131 KA-01080)")
        }
    }

    // MARK: Field formats

    /// An `ans` field: printable ASCII, at most `maximum` characters (EMVCo MPM 4.1).
    mutating func checkANS(_ index: Int, maximum: Int, _ section: String) {
        checkLength(index, maximum: maximum, section)
        var reportedNonASCII = false
        forEachNonANSScalar(index) { validator, _ in
            guard !reportedNonASCII else { return }
            reportedNonASCII = true
            validator.report(
                .charsetANS, validator.tolerated, at: index,
                "\(validator.describe(index)) \(Printable.quote(validator.text(index))) has non-ASCII characters; "
                    + "this field allows printable ASCII only (put other scripts in tag 64)", "EMVCo MPM 4.1")
        }
    }

    /// An `S` field: any precomposed Unicode, no control characters (EMVCo MPM 4.1).
    mutating func checkUnicode(_ index: Int, maximum: Int, _ section: String) {
        checkLength(index, maximum: maximum, section)
        var reportedCombining = false
        forEachNonANSScalar(index) { validator, scalar in
            guard !reportedCombining && TextRules.isCombiningMark(scalar) else { return }
            reportedCombining = true
            validator.report(
                .unicodeNotPrecomposed, .warning, at: index,
                "\(validator.describe(index)) \(Printable.quote(validator.text(index))) contains the combining mark "
                    + "U+\(String(scalar, radix: 16, uppercase: true)); text should be precomposed (NFC)",
                "EMVCo MPM 4.1")
        }
    }

    /// Reports a text field longer than `maximum` characters.
    mutating func checkLength(_ index: Int, maximum: Int, _ section: String) {
        let node = nodes[index]
        if Int(node.length) > maximum {
            report(
                .tagLength, at: index,
                "\(describe(index)) \(Printable.quote(text(index))) has \(node.length) characters; at most \(maximum) are allowed",
                section)
        }
    }

    /// Walks the scalars of a text field that are not printable ASCII: the first control character
    /// is reported and ends the walk; every other scalar is handed to `visit`.
    mutating func forEachNonANSScalar(_ index: Int, _ visit: (inout Self, UInt32) -> Void) {
        let v = value(index)
        guard var position = TextRules.firstNonANS(v) else { return }
        while position < v.count {
            if TextRules.isANS(v[position]) {
                position += 1
                continue
            }
            let (scalar, width) = TextRules.scalar(at: position, in: v)
            if TextRules.isControl(scalar) {
                reportControl(index, scalar)
                return
            }
            visit(&self, scalar)
            position += width
        }
    }

    mutating func reportControl(_ index: Int, _ scalar: UInt32) {
        report(
            .charsetControl, at: index,
            "\(describe(index)) \(Printable.quote(text(index))) contains the control character "
                + "U+\(String(scalar, radix: 16, uppercase: true))", "EMVCo MPM 4.1")
    }

    /// An `N` field of a fixed length.
    mutating func checkNumeric(_ index: Int, length: Int, _ section: String) {
        let v = value(index)
        if !v.allSatisfy({ $0 &- 0x30 < 10 }) {
            report(
                .tagFormat, at: index, "\(describe(index)) is \(Printable.quote(text(index))); it must be digits only",
                section)
        } else if v.count != length {
            report(
                .tagLength, at: index,
                "\(describe(index)) is \(Printable.quote(text(index))); it must be exactly \(length) digits", section)
        }
    }

    /// `tag 59 (Merchant Name)` or `tag 62.01 (Bill Number)`.
    func describe(_ index: Int) -> String {
        let node = nodes[index]
        if node.parent < 0 { return "tag \(QRISTags.twoDigits(node.tag)) (\(QRISTags.rootName(node.tag)))" }
        let parentTag = nodes[Int(node.parent)].tag
        return "tag \(path(of: index)) (\(QRISTags.subName(node.tag, parent: parentTag)))"
    }
}
