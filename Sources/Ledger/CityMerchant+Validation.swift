import QRIS

extension CityMerchant {
    /// Adds a configuration issue for each invalid field and for each disagreement between the
    /// fields and the registered static QRIS.
    func validate(at path: String, into issues: inout CityConfigurationIssues) {
        func printableASCII(_ text: String) -> Bool {
            text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
        }
        func digits(_ text: String) -> Bool {
            !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        }
        if name.isEmpty || name.unicodeScalars.count > 25 || !printableASCII(name) {
            issues.add("\(path).name", "must be 1–25 printable ASCII characters (QRIS tag 59), got '\(name)'")
        }
        if city.isEmpty || city.unicodeScalars.count > 15 || !printableASCII(city) {
            issues.add("\(path).city", "must be 1–15 printable ASCII characters (QRIS tag 60), got '\(city)'")
        }
        if !(digits(postalCode) && postalCode.utf8.count == 5) {
            issues.add("\(path).postalCode", "must be a five-digit Indonesian postal code, got '\(postalCode)'")
        }
        if !(digits(mcc) && mcc.utf8.count == 4) {
            issues.add("\(path).mcc", "must be a four-digit merchant category code, got '\(mcc)'")
        }
        let nmidScalars = Array(nmid.unicodeScalars)
        let nmidOK =
            nmidScalars.count == 15 && nmid.hasPrefix("ID")
            && nmidScalars.dropFirst(2).allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        if !nmidOK {
            issues.add("\(path).nmid", "must be 'ID' followed by 13 upper-case letters or digits, got '\(nmid)'")
        }
        if let account {
            let guid = account.globalUniqueIdentifier
            if guid.isEmpty || guid.unicodeScalars.count > 32 || !printableASCII(guid) {
                issues.add("\(path).account.globalUniqueIdentifier", "must be 1–32 printable ASCII characters")
            }
            if !(digits(account.pan) && account.pan.utf8.count <= 19 && account.pan.hasPrefix("9360")) {
                issues.add(
                    "\(path).account.pan", "must be at most 19 digits starting with an NNS 9360…, got '\(account.pan)'")
            }
            if account.merchantID.isEmpty || account.merchantID.unicodeScalars.count > 15
                || !printableASCII(account.merchantID)
            {
                issues.add("\(path).account.merchantID", "must be 1–15 printable ASCII characters")
            }
        }
        for problem in staticQRISProblems() { issues.add("\(path).staticQRIS", problem) }
    }

    /// What is wrong with ``staticQRIS`` on its own and against the other fields; empty when it agrees.
    ///
    /// A deliberately small check (EMVCo MPM 4.3–4.7, ASPI QRIS 4.7.7): root TLVs, CRC, static point
    /// of initiation, no amount, and the identity tags. The full QRIS validation lives in the `QRIS`
    /// module; this only guards against configuring another merchant's QRIS by mistake.
    func staticQRISProblems() -> [String] {
        guard staticQRIS.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            return ["must be printable ASCII"]
        }
        let payload: QRISPayload
        do {
            payload = try QRISPayload(parsing: staticQRIS)
        } catch {
            return ["is not a valid TLV list at byte offset \(error.byteOffset ?? 0): \(error.message)"]
        }
        guard payload.byteRange == 0..<staticQRIS.utf8.count else {
            return ["must not start or end with spaces"]
        }
        var fields: [String: String] = [:]
        var order: [String] = []
        for index in payload.childIndexes(of: nil) {
            let tag = payload.path(of: index)
            guard fields[tag] == nil else {
                return ["repeats tag \(tag) at byte offset \(payload.nodes[index].byteStart)"]
            }
            fields[tag] = payload.value(at: index)
            order.append(tag)
        }
        var problems: [String] = []
        if order.first != "00" || fields["00"] != "01" { problems.append("must start with tag 00 = 01") }
        if let expected = payload.expectedCRC {
            let found = fields["63"] ?? ""
            if found != expected {
                problems.append("CRC is '\(found)', but the payload's CRC-16/CCITT-FALSE is \(expected)")
            }
        } else {
            problems.append("must end with a four-character CRC in tag 63")
        }
        if fields["01"] != "11" { problems.append("tag 01 must be 11 (static), got '\(fields["01"] ?? "absent")'") }
        if fields["54"] != nil { problems.append("a static QRIS must not carry an amount (tag 54)") }
        let expectations: [(tag: String, name: String, value: String)] = [
            ("52", "mcc", mcc), ("53", "currency", "360"), ("58", "country", "ID"), ("59", "name", name),
            ("60", "city", city), ("61", "postalCode", postalCode),
        ]
        for expectation in expectations where fields[expectation.tag] != expectation.value {
            problems.append(
                "tag \(expectation.tag) is '\(fields[expectation.tag] ?? "absent")', but \(expectation.name) is '\(expectation.value)'"
            )
        }
        let national = subfields(payload, root: 51)
        if !["ID.CO.QRIS.WWW", "ID.OR.QRNPG.WWW"].contains(national["00"] ?? "") {
            problems.append("tag 51 must carry the national repository GUID ID.CO.QRIS.WWW")
        }
        if national["02"] != nmid {
            problems.append("tag 51-02 is '\(national["02"] ?? "absent")', but nmid is '\(nmid)'")
        }
        if let found = national["03"], found != criteria.rawValue {
            problems.append("tag 51-03 is '\(found)', but criteria is '\(criteria.rawValue)'")
        }
        if let account {
            let templates = (26...45).map { subfields(payload, root: $0) }.filter { !$0.isEmpty }
            let match = templates.contains {
                $0["00"] == account.globalUniqueIdentifier && $0["01"] == account.pan && $0["02"] == account.merchantID
            }
            if !match { problems.append("no template in tags 26–45 matches account (GUID, PAN, merchant ID)") }
        }
        return problems
    }

    /// The sub-objects of the root template `tag` by two-digit tag; empty when it is absent or malformed.
    private func subfields(_ payload: QRISPayload, root tag: Int) -> [String: String] {
        guard let parent = payload.rootIndex(of: tag), payload.nodes[parent].isTemplate else { return [:] }
        var result: [String: String] = [:]
        for index in payload.childIndexes(of: parent) {
            let path = payload.path(of: index)
            result[String(path.suffix(2))] = payload.value(at: index)
        }
        return result
    }
}
