/// Rules for templates: merchant accounts 26–51, additional data 62, language 64, unreserved
/// 80–99 (EMVCo MPM 4.7.5, 4.8, 4.9, 4.11; QRIS 4.7.5, 4.7.7, 4.8).
extension QRISValidator {
    /// Calls `body` with each direct child index of the template at `index`, and reports
    /// duplicate sub-tags. Returns whether a child with tag 00 exists.
    @discardableResult
    mutating func forEachChild(of index: Int, _ body: (inout Self, Int) -> Void) -> Bool {
        var seen = TagSet()
        var hasGUID = false
        var child = index + 1
        let end = Int(nodes[index].end)
        while child < end {
            let tag = nodes[child].tag
            if tag == 0 { hasGUID = true }
            if !seen.insert(tag) {
                report(
                    .tagDuplicate, at: child,
                    "tag \(path(of: child)) appears more than once in its template; each ID may appear once",
                    "EMVCo MPM 4.3.1.2")
            }
            body(&self, child)
            child = Int(nodes[child].end)
        }
        return hasGUID
    }

    /// Reports a template whose value is not a TLV list; returns true when it is malformed.
    mutating func reportIfMalformed(_ index: Int) -> Bool {
        let node = nodes[index]
        guard node.isMalformedTemplate else { return false }
        let failure = QRISParser.failure(
            bytes, from: Int(node.valueByteStart), to: Int(node.valueByteEnd),
            characterOffset: Int(node.characterStart) + 4,
            depth: node.depth + 1, parentTag: node.tag)
        let reason = failure.map { QRISPayload.error(for: $0, in: bytes).message } ?? "it is not a TLV list"
        report(
            .templateMalformed, at: index,
            "\(describe(index)) \(Printable.quote(text(index))) is not a list of data objects: \(reason)",
            "EMVCo MPM 4.4")
        return true
    }

    mutating func reportGUIDMissing(_ index: Int, _ section: String) {
        report(
            .templateGUIDMissing, at: index, "\(describe(index)) has no sub-tag 00 (Globally Unique Identifier)",
            section)
    }

    /// 26–51: GUID mandatory; QRIS 26–45 PJP rules and 51 national repository rules.
    mutating func checkAccountTemplate(_ index: Int) {
        guard !reportIfMalformed(index) else { return }
        let tag = nodes[index].tag
        let pjp = isQRIS && tag <= 45
        let national = isQRIS && tag == 51
        var mpan = -1
        var nmid = -1
        let hasGUID = forEachChild(of: index) { validator, child in
            let sub = validator.nodes[child].tag
            switch sub {
            case 0:
                validator.checkANS(child, maximum: 32, "EMVCo MPM 4.7.5.1")
                if national { validator.checkNationalGUID(child) }
            case 1 where pjp:
                mpan = child
                validator.checkMPAN(child)
            case 2 where pjp:
                validator.checkANS(child, maximum: 15, "QRIS 4.7.5.6")
            case 2 where national:
                nmid = child
                validator.checkNMID(child)
            case 3 where pjp || national:
                validator.checkCriteria(child)
            default:
                validator.checkUnicode(child, maximum: 99, "EMVCo MPM 4.7.5")
            }
        }
        if !hasGUID { reportGUIDMissing(index, pjp ? "QRIS 4.7.5.3" : "EMVCo MPM 4.7.5.1") }
        if pjp && mpan < 0 {
            report(.mpanMissing, at: index, "\(describe(index)) has no merchant PAN (sub-tag 01)", "QRIS 4.7.5.4")
        }
        if national && nmid < 0 {
            report(.nmidMissing, at: index, "tag 51 has no NMID (sub-tag 02)", "QRIS 4.7.7")
        }
    }

    mutating func checkNationalGUID(_ index: Int) {
        let guid = value(index)
        if !TextRules.equals(guid, "ID.CO.QRIS.WWW") && !TextRules.equals(guid, "ID.OR.QRNPG.WWW") {
            report(
                .nationalGUID, .warning, at: index,
                "national repository GUID is \(Printable.quote(text(index))); expected 'ID.CO.QRIS.WWW' or 'ID.OR.QRNPG.WWW'",
                "QRIS 4.7.7")
        }
    }

    /// Merchant PAN: digits, at most 19, first 8 the NNS `9360xxxx`. No Luhn check: real QRIS
    /// MPANs do not carry one.
    mutating func checkMPAN(_ index: Int) {
        let v = value(index)
        if !v.allSatisfy({ $0 &- 0x30 < 10 }) {
            report(
                .mpanFormat, at: index, "merchant PAN \(Printable.quote(text(index))) must be digits only",
                "QRIS 4.7.5.4")
        } else if v.count > 19 {
            report(
                .mpanLength, at: index,
                "merchant PAN \(Printable.quote(text(index))) has \(v.count) digits; at most 19",
                "QRIS 4.7.5.4")
        } else if v.count < 8 || !(v[0] == 0x39 && v[1] == 0x33 && v[2] == 0x36 && v[3] == 0x30) {
            report(
                .mpanNNS, .warning, at: index,
                "merchant PAN \(Printable.quote(text(index))) does not start with an NNS of the form '9360xxxx'",
                "QRIS 4.7.5.5")
        }
    }

    /// NMID: 15 characters, `ID` + 13 digits or capitals (CIMB issues alphanumeric ones).
    mutating func checkNMID(_ index: Int) {
        let v = value(index)
        let valid =
            v.count == 15 && v[0] == 0x49 && v[1] == 0x44
            && v[2...].allSatisfy { $0 &- 0x30 < 10 || (0x41...0x5A).contains($0) }
        if !valid {
            report(
                .nmidFormat, at: index,
                "NMID \(Printable.quote(text(index))) must be 'ID' followed by 13 digits or capital letters",
                "QRIS 4.7.7")
        }
    }

    /// Merchant criteria, QRIS Table 4.6.
    mutating func checkCriteria(_ index: Int) {
        let v = value(index)
        let known: Bool
        if v.count == 3 {
            let code = UInt32(v[0]) << 16 | UInt32(v[1]) << 8 | UInt32(v[2])
            known = QRISValidator.criteriaCodes.contains(code)
        } else {
            known = false
        }
        if !known {
            report(
                .criteriaInvalid, at: index,
                "merchant criteria \(Printable.quote(text(index))) is not one of UMI, UKE, UME, UBE, URE, PSO, BLU",
                "QRIS Table 4.6")
        }
    }

    /// UMI, UKE, UME, UBE, URE, PSO, BLU packed as 24-bit integers.
    static let criteriaCodes: [UInt32] = ["UMI", "UKE", "UME", "UBE", "URE", "PSO", "BLU"].map { code in
        code.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// 62: sub-tags 01–08 ans ≤ 25, 09 A/M/E, 10–11 (MPM 1.1), 50–99 templates with a GUID.
    mutating func checkAdditionalData(_ index: Int) {
        guard !reportIfMalformed(index) else { return }
        forEachChild(of: index) { validator, child in
            let sub = validator.nodes[child].tag
            switch sub {
            case 1...8:
                validator.checkANS(child, maximum: 25, "EMVCo MPM 4.8.1")
            case 9:
                validator.checkConsumerDataRequest(child)
            case 10:
                validator.checkANS(child, maximum: 20, "EMVCo MPM 1.1 4.8.1")
            case 11:
                validator.checkANS(child, maximum: 3, "EMVCo MPM 1.1 4.8.1")
            case 50...99:
                validator.checkUnreservedTemplate(child)
            default:
                validator.report(
                    .tagUnknown, validator.tolerated, at: child,
                    "tag \(validator.path(of: child)) is not defined (value \(Printable.quote(validator.text(child)))); kept as is",
                    "EMVCo MPM 4.8")
            }
        }
    }

    /// 62.09: up to 3 characters, each of `A`, `M`, `E` at most once.
    mutating func checkConsumerDataRequest(_ index: Int) {
        var seen: UInt8 = 0
        var valid = nodes[index].length <= 3
        for byte in value(index) {
            let bit: UInt8 = byte == 0x41 ? 1 : byte == 0x4D ? 2 : byte == 0x45 ? 4 : 0
            if bit == 0 || seen & bit != 0 { valid = false }
            seen |= bit
        }
        if !valid {
            report(
                .tagFormat, at: index,
                "Additional Consumer Data Request \(Printable.quote(text(index))) must combine 'A', 'M', 'E', each once",
                "EMVCo MPM 4.8.1.3")
        }
    }

    /// 64: 00 language (2 letters) and 01 alternate name are mandatory; 02 city optional.
    mutating func checkLanguage(_ index: Int) {
        guard !reportIfMalformed(index) else { return }
        var hasName = false
        let hasLanguage = forEachChild(of: index) { validator, child in
            switch validator.nodes[child].tag {
            case 0:
                let v = validator.value(child)
                if v.count != 2 || !v.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }) {
                    validator.report(
                        .tagFormat, at: child,
                        "Language Preference is \(Printable.quote(validator.text(child))); it must be 2 letters (ISO 639)",
                        "EMVCo MPM 4.9.1")
                }
            case 1:
                hasName = true
                validator.checkUnicode(child, maximum: 25, "EMVCo MPM 4.9.1")
            case 2:
                validator.checkUnicode(child, maximum: 15, "EMVCo MPM 4.9.1")
            default:
                validator.report(
                    .tagUnknown, validator.tolerated, at: child,
                    "tag \(validator.path(of: child)) is reserved for future EMVCo use; kept as is", "EMVCo MPM 4.9")
            }
        }
        if !hasLanguage {
            report(.tagMissing, at: index, "tag 64 has no Language Preference (64.00)", "EMVCo MPM 4.9.1")
        }
        if !hasName {
            report(.tagMissing, at: index, "tag 64 has no alternate-language Merchant Name (64.01)", "EMVCo MPM 4.9.1")
        }
    }

    /// 80–99 and 62.50–99: a GUID in 00, then scheme-specific data.
    mutating func checkUnreservedTemplate(_ index: Int) {
        guard !reportIfMalformed(index) else { return }
        let hasGUID = forEachChild(of: index) { validator, child in
            let sub = validator.nodes[child].tag
            validator.checkUnicode(child, maximum: sub == 0 ? 32 : 99, "EMVCo MPM 4.11.1")
        }
        if !hasGUID { reportGUIDMissing(index, "EMVCo MPM 4.11.1.2") }
    }
}
