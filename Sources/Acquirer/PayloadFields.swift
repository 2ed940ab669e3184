import Ledger
import QRIS

/// The few fields of a QRIS payload (EMVCo MPM) the acquirer side needs: bill number, amount, merchant.
///
/// Read through the `QRIS` module's codec (``QRISPayload``): lengths count Unicode scalars (EMVCo
/// MPM 4.4.1.1), templates 26–51 and 62 are nested, and the CRC (tag 63, CRC-16/CCITT-FALSE over
/// the payload up to and including `6304`, EMVCo MPM 4.7.3) must match. Used by the simulator's
/// payer (in `AcquirerSimulator`) and to check an acquirer's generated QR.
public struct PayloadFields: Sendable, Hashable {
    /// Tag 01: `11` static, `12` dynamic.
    public var pointOfInitiation: String?
    /// Tag 54, in whole rupiah (0–2 decimals accepted, a fraction must be zero).
    public var amount: Rupiah?
    /// Tag 62-01.
    public var billNumber: String?
    /// Tag 62-07.
    public var terminalLabel: String?
    /// Tag 59.
    public var merchantName: String?
    /// Sub-tag 02 of every merchant account template 26–51 (NMID in 51, MPAN/merchant id in 26–45).
    public var merchantIdentifiers: [String]

    /// Reads the fields from a payload string.
    /// - Throws: ``AcquirerError`` `qris.malformed` naming the character offset and tag.
    public init(payload text: String) throws(AcquirerError) {
        let payload: QRISPayload
        do {
            payload = try QRISPayload(parsing: text)
        } catch {
            let at = error.characterOffset.map { " at character \($0)" } ?? ""
            throw AcquirerError(.malformedQRIS, "QRIS payload is malformed\(at): \(error.message)", cause: error)
        }
        // The templates this reader descends into must be well formed; the codec keeps a
        // malformed one as a primitive, which would silently hide its merchant id or bill number.
        for index in payload.childIndexes(of: nil) {
            let node = payload.nodes[index]
            guard node.isMalformedTemplate, (26...51).contains(node.tag) || node.tag == 62 else { continue }
            throw AcquirerError(
                .malformedQRIS,
                "QRIS tag \(payload.path(of: index)) at character \(node.characterStart) is not a list of data objects")
        }
        guard let expected = payload.expectedCRC, let found = payload.value("63") else {
            throw AcquirerError(.malformedQRIS, "QRIS payload does not end with a CRC (tag 63, length 04)")
        }
        guard payload.hasMatchingCRC else {
            throw AcquirerError(.malformedQRIS, "QRIS CRC is \(found), computed \(expected)")
        }
        pointOfInitiation = payload.pointOfInitiation
        merchantName = payload.merchantName
        if let amountText = payload.value("54") {
            amount = try Self.rupiah(amountText)
        }
        merchantIdentifiers = payload.merchantAccounts.compactMap(\.merchantID)
        billNumber = payload.billNumber
        terminalLabel = payload.terminalLabel
    }

    /// Tag 54 in whole rupiah: digits with an optional all-zero fraction.
    private static func rupiah(_ amountText: String) throws(AcquirerError) -> Rupiah {
        var cleaned = amountText
        if let dot = amountText.firstIndex(of: ".") {
            guard amountText[amountText.index(after: dot)...].allSatisfy({ $0 == "0" }) else {
                throw AcquirerError(
                    .malformedQRIS, "QRIS amount (tag 54) '\(amountText)' has a fraction of a rupiah")
            }
            cleaned = String(amountText[..<dot])
        }
        guard !cleaned.isEmpty, amountText.count <= 13, cleaned.allSatisfy({ $0.isASCII && $0.isNumber }),
            let value = Int64(cleaned)
        else {
            throw AcquirerError(.malformedQRIS, "QRIS amount (tag 54) '\(amountText)' is not a number")
        }
        return Rupiah(value)
    }
}

extension AcquirerError.Code {
    /// A QRIS payload cannot be read (bad TLV, bad CRC, bad amount).
    public static let malformedQRIS = Self("qris.malformed")
}
