/// Signs receipt codes with the city's Ed25519 key.
public struct ReceiptSigner: Sendable {
    /// The signing key.
    public let key: ReceiptSigningKey
    /// The public key's id, written into every code.
    public let keyID: ReceiptKeyID

    /// Creates a signer.
    public init(key: ReceiptSigningKey) {
        self.key = key
        self.keyID = key.publicKey.keyID
    }

    /// The signed receipt code for an invoice.
    ///
    /// - Parameter invoiceID: the invoice id (its bill number): 1–64 printable ASCII characters.
    /// - Throws: `receipt.invalidInvoiceID` (field `invoiceID`).
    public func sign(invoiceID: String) throws -> ReceiptCode {
        try ReceiptCode.checkInvoiceID(invoiceID)
        let unsigned = ReceiptCode(keyID: keyID, invoiceID: invoiceID, signature: [])
        return ReceiptCode(
            keyID: keyID, invoiceID: invoiceID, signature: try key.signature(for: unsigned.signedMessage))
    }
}
