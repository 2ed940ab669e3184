/// Signs receipt codes with the city's Ed25519 key: the node's current key (``LiveReceiptKeys``),
/// read once per code, so a rotation loaded by a running node signs its next code.
public struct ReceiptSigner: Sendable {
    /// The node's keys.
    public let keys: LiveReceiptKeys

    /// A signer that always signs with `key`.
    public init(key: ReceiptSigningKey) {
        keys = LiveReceiptKeys(signing: key)
    }

    /// A signer with the node's current key.
    public init(keys: LiveReceiptKeys) {
        self.keys = keys
    }

    /// The signing key now.
    public var key: ReceiptSigningKey { keys.signing }

    /// The id of the signing key now, written into every code.
    public var keyID: ReceiptKeyID { key.publicKey.keyID }

    /// The signed receipt code for an invoice.
    ///
    /// - Parameter invoiceID: the invoice id (its bill number): 1–64 printable ASCII characters.
    /// - Throws: `receipt.invalidInvoiceID` (field `invoiceID`).
    public func sign(invoiceID: String) throws -> ReceiptCode {
        try ReceiptCode.checkInvoiceID(invoiceID)
        let key = keys.signing
        let unsigned = ReceiptCode(keyID: key.publicKey.keyID, invoiceID: invoiceID, signature: [])
        return ReceiptCode(
            keyID: unsigned.keyID, invoiceID: invoiceID, signature: try key.signature(for: unsigned.signedMessage))
    }
}
