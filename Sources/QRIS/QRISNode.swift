/// One data object of a parsed payload, stored as offsets into the payload's UTF-8 bytes.
///
/// A parsed ``QRISPayload`` keeps its objects in one flat array in document (pre-)order: a
/// template is followed by its sub-objects, and ``end`` is the index just past its last
/// descendant, so siblings are found by jumping from one `end` to the next. Nothing is copied out
/// of the payload while parsing.
public struct QRISNode: Sendable, Hashable {
    /// The ID, 0–99. Its meaning depends on the level: `01` at root is the Point of Initiation,
    /// `01` inside 62 is the Bill Number.
    public var tag: UInt8
    /// The declared length: the number of Unicode scalars in the value (EMVCo MPM 4.4.1.1).
    public var length: UInt8
    /// 0 at root, 1 inside a root template, 2 inside a template of 62 (62.50–99).
    public var depth: UInt8
    /// Whether the value was parsed as a list of sub-objects.
    public var isTemplate: Bool
    /// Whether this tag should be a template but its value is not a well-formed TLV list; it is
    /// then kept as a primitive value so nothing is lost.
    public var isMalformedTemplate: Bool
    /// Byte offset of the first tag digit in the payload.
    public var byteStart: Int32
    /// Byte offset of the first value byte.
    public var valueByteStart: Int32
    /// Byte offset just past the value.
    public var valueByteEnd: Int32
    /// Scalar ("character") offset of the first tag digit.
    public var characterStart: Int32
    /// Index of the parent template in the node array, or -1 at root.
    public var parent: Int32
    /// Index just past this node's last descendant in the node array.
    public var end: Int32
}

/// What EMVCo MPM and QRIS say about tags: which ones are templates, their names.
enum QRISTags {
    /// Root tags whose value is a list of sub-objects (EMVCo MPM Table 3.6): merchant account
    /// templates 26–51, 62, 64 and the unreserved templates 80–99. 02–25 stay primitive even
    /// when their value looks like TLV, since they carry card-scheme PANs.
    @inline(__always)
    static func isRootTemplate(_ tag: UInt8) -> Bool {
        (26...51).contains(tag) || tag == 62 || tag == 64 || tag >= 80
    }

    /// Sub-tags of 62 that are payment-system-specific templates (EMVCo MPM Table 3.7, QRIS 4.8.1.4).
    @inline(__always)
    static func isAdditionalDataTemplate(_ tag: UInt8) -> Bool { tag >= 50 }

    /// The EMVCo name of a root tag.
    static func rootName(_ tag: UInt8) -> String {
        switch tag {
        case 0: "Payload Format Indicator"
        case 1: "Point of Initiation Method"
        case 2...25: "Merchant Account Information (card scheme)"
        case 26...45: "Merchant Account Information (QRIS PJP)"
        case 46...50: "Merchant Account Information"
        case 51: "Merchant Account Information (national repository)"
        case 52: "Merchant Category Code"
        case 53: "Transaction Currency"
        case 54: "Transaction Amount"
        case 55: "Tip or Convenience Indicator"
        case 56: "Convenience Fee Fixed"
        case 57: "Convenience Fee Percentage"
        case 58: "Country Code"
        case 59: "Merchant Name"
        case 60: "Merchant City"
        case 61: "Postal Code"
        case 62: "Additional Data Field Template"
        case 63: "CRC"
        case 64: "Merchant Information - Language Template"
        case 65...79: "RFU for EMVCo"
        default: "Unreserved Template"
        }
    }

    /// The name of a sub-tag, given its parent's tag.
    static func subName(_ tag: UInt8, parent: UInt8) -> String {
        switch parent {
        case 62:
            switch tag {
            case 1: "Bill Number"
            case 2: "Mobile Number"
            case 3: "Store Label"
            case 4: "Loyalty Number"
            case 5: "Reference Label"
            case 6: "Customer Label"
            case 7: "Terminal Label"
            case 8: "Purpose of Transaction"
            case 9: "Additional Consumer Data Request"
            case 10: "Merchant Tax ID"
            case 11: "Merchant Channel"
            case 50...99: "Payment System Specific Template"
            default: "RFU for EMVCo"
            }
        case 64:
            switch tag {
            case 0: "Language Preference"
            case 1: "Merchant Name - Alternate Language"
            case 2: "Merchant City - Alternate Language"
            default: "RFU for EMVCo"
            }
        case 26...45:
            switch tag {
            case 0: "Globally Unique Identifier"
            case 1: "Merchant PAN"
            case 2: "Merchant ID"
            case 3: "Merchant Criteria"
            default: "Payment network specific"
            }
        case 51:
            switch tag {
            case 0: "Globally Unique Identifier"
            case 2: "NMID"
            case 3: "Merchant Criteria"
            default: "Payment network specific"
            }
        default:
            tag == 0 ? "Globally Unique Identifier" : "Payment network specific"
        }
    }

    /// The two-digit form of a tag, `7` → `07`.
    static func twoDigits(_ tag: UInt8) -> String {
        tag < 10 ? "0\(tag)" : "\(tag)"
    }
}
