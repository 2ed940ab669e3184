/// Reading values by tag, and the typed fields other modules need.
extension QRISPayload {
    /// The node index of a root object with `tag`, or nil.
    public func rootIndex(of tag: Int) -> Int? {
        var index = 0
        while index < nodes.count {
            if Int(nodes[index].tag) == tag { return index }
            index = Int(nodes[index].end)
        }
        return nil
    }

    /// The node index of a sub-object `tag` of the template at `parent`, or nil.
    public func childIndex(of tag: Int, in parent: Int) -> Int? {
        guard nodes[parent].isTemplate else { return nil }
        var index = parent + 1
        while index < Int(nodes[parent].end) {
            if Int(nodes[index].tag) == tag { return index }
            index = Int(nodes[index].end)
        }
        return nil
    }

    /// The value text of the node at `index` (for a template, its raw TLV text).
    public func value(at index: Int) -> String {
        let node = nodes[index]
        return withBytes {
            String(
                decoding: UnsafeBufferPointer(rebasing: $0[Int(node.valueByteStart)..<Int(node.valueByteEnd)]),
                as: UTF8.self)
        }
    }

    /// The value at a dotted tag path such as `59`, `62.01` or `26.01`, or nil when absent.
    public func value(_ path: String) -> String? {
        var parent: Int?
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard part.utf8.count == 2, part.utf8.allSatisfy({ $0 &- 0x30 < 10 }), let tag = Int(part) else {
                return nil
            }
            let found = parent.map { childIndex(of: tag, in: $0) } ?? rootIndex(of: tag)
            guard let found else { return nil }
            parent = found
        }
        return parent.map(value(at:))
    }

    /// The tag path of the node at `index`, e.g. `62.01`.
    public func path(of index: Int) -> String {
        let node = nodes[index]
        let own = QRISTags.twoDigits(node.tag)
        return node.parent < 0 ? own : path(of: Int(node.parent)) + "." + own
    }

    /// Tag 01: whether the code is static (`11`, printed once) or dynamic (`12`, one payment).
    public var pointOfInitiation: String? { value("01") }
    /// Whether tag 01 is `12`.
    public var isDynamic: Bool { pointOfInitiation == "12" }
    /// Tag 59, the merchant's "doing business as" name.
    public var merchantName: String? { value("59") }
    /// Tag 60.
    public var merchantCity: String? { value("60") }
    /// Tag 61.
    public var postalCode: String? { value("61") }
    /// Tag 52, ISO 18245 merchant category code.
    public var merchantCategoryCode: String? { value("52") }
    /// The NMID (National Merchant ID, assigned by the national QRIS repository): tag 51.02.
    public var nmid: String? { value("51.02") }
    /// Tag 54 parsed; nil when absent or not a valid amount.
    public var amount: QRISAmount? { value("54").flatMap(QRISAmount.init) }
    /// Tag 62.01, the bill number (Lunas' invoice key).
    public var billNumber: String? { value("62.01") }
    /// Tag 62.05, the reference label.
    public var referenceLabel: String? { value("62.05") }
    /// Tag 62.07, the terminal label.
    public var terminalLabel: String? { value("62.07") }

    /// The merchant account templates 26–51, in payload order.
    public var merchantAccounts: [QRISMerchantAccount] {
        var accounts: [QRISMerchantAccount] = []
        var index = 0
        while index < nodes.count {
            let node = nodes[index]
            if (26...51).contains(node.tag) && node.isTemplate {
                let sub = { (tag: Int) in self.childIndex(of: tag, in: index).map(self.value(at:)) }
                accounts.append(
                    QRISMerchantAccount(
                        tag: Int(node.tag), guid: sub(0), pan: node.tag == 51 ? nil : sub(1),
                        merchantID: sub(2), criteria: sub(3)))
            }
            index = Int(node.end)
        }
        return accounts
    }

    /// The first PJP template's merchant PAN (MPAN, 26–45.01).
    public var mpan: String? { merchantAccounts.first { $0.tag <= 45 && $0.pan != nil }?.pan }

    /// The payload as an editable tree of ``QRISDataObject``s (malformed templates stay primitive).
    public var dataObjects: [QRISDataObject] {
        var objects: [QRISDataObject] = []
        var index = 0
        while index < nodes.count {
            objects.append(dataObject(at: index))
            index = Int(nodes[index].end)
        }
        return objects
    }

    private func dataObject(at index: Int) -> QRISDataObject {
        let node = nodes[index]
        guard node.isTemplate else { return QRISDataObject(tag: Int(node.tag), value: value(at: index)) }
        var children: [QRISDataObject] = []
        var child = index + 1
        while child < Int(node.end) {
            children.append(dataObject(at: child))
            child = Int(nodes[child].end)
        }
        return QRISDataObject(tag: Int(node.tag), children: children)
    }
}

/// One merchant account template (26–51) as a payer's app reads it.
///
/// In QRIS, 26–45 are PJP (payment service provider: the acquiring bank or e-wallet) templates
/// and 51 is the national repository template with the NMID.
public struct QRISMerchantAccount: Sendable, Hashable {
    /// The tag, 26–51.
    public var tag: Int
    /// Sub-tag 00, a reverse-domain name such as `ID.CO.BRI.WWW`.
    public var guid: String?
    /// Sub-tag 01 of a PJP template: the merchant PAN (MPAN), NNS (8 digits) + merchant number.
    public var pan: String?
    /// Sub-tag 02: the merchant ID at the PJP, or the NMID in tag 51.
    public var merchantID: String?
    /// Sub-tag 03: merchant criteria (`UMI`, `UKE`, `UME`, `UBE`, `URE`, `PSO`, `BLU`).
    public var criteria: String?
}

extension QRISPayload {
    /// The EMVCo/QRIS name of the object at `index` ("Merchant Name", "Bill Number").
    public func name(at index: Int) -> String {
        let node = nodes[index]
        guard node.parent >= 0 else { return QRISTags.rootName(node.tag) }
        return QRISTags.subName(node.tag, parent: nodes[Int(node.parent)].tag)
    }

    /// The node indexes of the direct children of the template at `index`, or of the root
    /// objects when `index` is nil.
    public func childIndexes(of index: Int?) -> [Int] {
        var result: [Int] = []
        var child = index.map { $0 + 1 } ?? 0
        let end = index.map { Int(nodes[$0].end) } ?? nodes.count
        while child < end {
            result.append(child)
            child = Int(nodes[child].end)
        }
        return result
    }
}
