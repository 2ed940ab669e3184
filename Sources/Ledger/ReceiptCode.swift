/// A receipt's short code: the invoice id and the city's Ed25519 signature over it, in a form that
/// fits a QR code and can be typed.
///
/// Text form: `LR1-` then Crockford base32 (``ReceiptBase32``) of the payload, optionally grouped
/// with hyphens for printing. `LR1` is the format version; decoding ignores case and hyphens.
///
/// Payload (version 1), in order:
///
/// | bytes | content |
/// |---|---|
/// | 4 | key id: first 4 bytes of SHA-256 of the raw public key |
/// | 1 | n, the invoice id's length, 1–64 |
/// | n | the invoice id, ASCII `0x21`–`0x7E` |
/// | 64 | Ed25519 signature (RFC 8032) over the signed message |
///
/// Signed message: the 16 ASCII bytes `LUNAS-RECEIPT-v1`, a zero byte, then key id, n and the
/// invoice id as above. The prefix keeps a receipt signature from ever being valid for another
/// protocol that signs with the same key, and the key id inside it binds the code to its key.
public struct ReceiptCode: Sendable, Hashable, CustomStringConvertible {
    /// The id of the key that signed it.
    public var keyID: ReceiptKeyID
    /// The invoice this receipt is for.
    public var invoiceID: String
    /// The 64-byte Ed25519 signature.
    public var signature: [UInt8]

    /// The text prefix of version 1 codes.
    public static let prefix = "LR1"
    /// How the text form of every code starts: ``prefix`` and a hyphen.
    public static let textPrefix = "LR1-"
    /// The longest invoice id a code carries, in bytes.
    public static let maximumInvoiceIDLength = 64
    static let domain = Array("LUNAS-RECEIPT-v1".utf8) + [0]

    /// Creates a code from its parts (no signature check).
    public init(keyID: ReceiptKeyID, invoiceID: String, signature: [UInt8]) {
        self.keyID = keyID
        self.invoiceID = invoiceID
        self.signature = signature
    }

    /// The compact text form for QR codes and URLs: `LR1-` and the base32 payload, upper case.
    public var text: String { Self.prefix + "-" + ReceiptBase32.encode(payload) }

    /// The text grouped in fives for printing and reading aloud: `LR1-ABCDE-FGHJK-…`.
    public var grouped: String {
        let symbols = Array(ReceiptBase32.encode(payload))
        let groups = stride(from: 0, to: symbols.count, by: 5).map {
            String(symbols[$0..<min($0 + 5, symbols.count)])
        }
        return ([Self.prefix] + groups).joined(separator: "-")
    }

    public var description: String { text }

    /// The payload bytes (without the text prefix).
    public var payload: [UInt8] { Self.header(keyID: keyID, invoiceID: invoiceID) + signature }

    /// What the signature covers.
    public var signedMessage: [UInt8] { Self.domain + Self.header(keyID: keyID, invoiceID: invoiceID) }

    static func header(keyID: ReceiptKeyID, invoiceID: String) -> [UInt8] {
        let id = Array(invoiceID.utf8)
        return keyID.bytes + [UInt8(truncatingIfNeeded: id.count)] + id
    }

    /// Checks that an invoice id can be carried in a code.
    ///
    /// - Throws: `receipt.invalidInvoiceID` (field `invoiceID`).
    static func checkInvoiceID(_ invoiceID: String) throws {
        let bytes = Array(invoiceID.utf8)
        guard (1...maximumInvoiceIDLength).contains(bytes.count), bytes.allSatisfy({ (0x21...0x7E).contains($0) })
        else {
            throw LedgerError(
                .invalidReceiptInvoiceID,
                "invoice id '\(invoiceID)' must be 1–\(maximumInvoiceIDLength) printable ASCII characters without spaces",
                field: "invoiceID")
        }
    }

    /// Parses a code as a person typed or a scanner read it. Does not verify the signature.
    ///
    /// - Throws: `LedgerError` `receipt.malformed` (field `code`; names the offset of a bad character)
    ///   or `receipt.unsupportedVersion`.
    public init(parsing text: String) throws {
        var symbols: [(byte: UInt8, offset: Int)] = []
        for (offset, byte) in text.utf8.enumerated() where byte != UInt8(ascii: "-") && byte != UInt8(ascii: " ") {
            symbols.append((byte, offset))
        }
        let head = String(decoding: symbols.prefix(3).map { $0.byte }, as: UTF8.self).uppercased()
        guard symbols.count > 3, head.hasPrefix("LR") else {
            throw LedgerError(.malformedReceipt, "a receipt code starts with 'LR1-'", field: "code")
        }
        guard head == Self.prefix else {
            throw LedgerError(
                .unsupportedReceiptVersion, "receipt code version '\(head)' is not supported (only LR1)", field: "code")
        }
        let bytes = try ReceiptBase32.decode(Array(symbols.dropFirst(3)))
        guard bytes.count >= 4 + 1 + 1 + 64 else {
            throw LedgerError(.malformedReceipt, "the code is too short (\(bytes.count) bytes)", field: "code")
        }
        let length = Int(bytes[4])
        guard bytes.count == 4 + 1 + length + 64 else {
            throw LedgerError(
                .malformedReceipt,
                "the code holds \(bytes.count) bytes, but an invoice id of \(length) bytes needs \(4 + 1 + length + 64)",
                field: "code")
        }
        let idBytes = Array(bytes[5..<5 + length])
        guard idBytes.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw LedgerError(.malformedReceipt, "the invoice id in the code is not printable ASCII", field: "code")
        }
        self.keyID = ReceiptKeyID(fourBytes: Array(bytes[0..<4]))
        self.invoiceID = String(decoding: idBytes, as: UTF8.self)
        self.signature = Array(bytes[(5 + length)...])
    }
}

extension LedgerError.Code {
    /// A receipt code cannot be read (bad character, prefix or length).
    public static let malformedReceipt = LedgerError.Code("receipt.malformed")
    /// A receipt code has a version this build does not know.
    public static let unsupportedReceiptVersion = LedgerError.Code("receipt.unsupportedVersion")
    /// An invoice id cannot be carried in a receipt code.
    public static let invalidReceiptInvoiceID = LedgerError.Code("receipt.invalidInvoiceID")
}
