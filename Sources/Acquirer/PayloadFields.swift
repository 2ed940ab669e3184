import Ledger

/// The few fields of a QRIS payload (EMVCo MPM) the acquirer side needs: bill number, amount, merchant.
///
/// This is a deliberately small reader for the simulator's payer and for checking an acquirer's
/// generated QR; the full codec is the `QRIS` module's `QRISPayload`, which replaces this file's
/// internals when the modules are merged (the function signature stays). EMVCo MPM 4.7: each data
/// object is a 2-digit id, a 2-digit length and the value; lengths count characters, which here are
/// Unicode scalars. The CRC (tag 63, CRC-16/CCITT-FALSE over the payload up to and including
/// `6304`) must match.
struct PayloadFields: Sendable, Hashable {
    /// Tag 01: `11` static, `12` dynamic.
    var pointOfInitiation: String?
    /// Tag 54, in whole rupiah (0–2 decimals accepted, a fraction must be zero).
    var amount: Rupiah?
    /// Tag 62-01.
    var billNumber: String?
    /// Tag 62-07.
    var terminalLabel: String?
    /// Tag 59.
    var merchantName: String?
    /// Sub-tag 02 of every merchant account template 26–51 (NMID in 51, MPAN/merchant id in 26–45).
    var merchantIdentifiers: [String]

    /// Reads the fields from a payload string.
    /// - Throws: ``AcquirerError`` `qris.malformed` naming the character offset and tag.
    init(payload: String) throws(AcquirerError) {
        let scalars = Array(payload.unicodeScalars)
        let top = try Self.objects(scalars[...], offset: 0)
        guard let crc = top.last, crc.tag == "63", crc.value.count == 4 else {
            throw AcquirerError(.malformedQRIS, "QRIS payload does not end with a CRC (tag 63, length 04)")
        }
        let signed = String(String.UnicodeScalarView(scalars.dropLast(4)))
        let expected = Self.crc16(Array(signed.utf8))
        guard String(String.UnicodeScalarView(crc.value)).uppercased() == expected else {
            throw AcquirerError(
                .malformedQRIS, "QRIS CRC is \(String(String.UnicodeScalarView(crc.value))), computed \(expected)")
        }
        func text(_ tag: String) -> String? {
            top.first { $0.tag == tag }.map { String(String.UnicodeScalarView($0.value)) }
        }
        pointOfInitiation = text("01")
        merchantName = text("59")
        if let amountText = text("54") {
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
            amount = Rupiah(value)
        }
        merchantIdentifiers = []
        for object in top {
            guard let id = Int(object.tag), (26...51).contains(id) else { continue }
            let nested = try Self.objects(object.value[...], offset: object.valueOffset)
            if let sub = nested.first(where: { $0.tag == "02" }) {
                merchantIdentifiers.append(String(String.UnicodeScalarView(sub.value)))
            }
        }
        if let additional = top.first(where: { $0.tag == "62" }) {
            let nested = try Self.objects(additional.value[...], offset: additional.valueOffset)
            billNumber = nested.first { $0.tag == "01" }.map { String(String.UnicodeScalarView($0.value)) }
            terminalLabel = nested.first { $0.tag == "07" }.map { String(String.UnicodeScalarView($0.value)) }
        }
    }

    private struct DataObject {
        var tag: String
        var value: [Unicode.Scalar]
        var valueOffset: Int
    }

    private static func objects(
        _ scalars: ArraySlice<Unicode.Scalar>, offset: Int
    ) throws(AcquirerError) -> [DataObject] {
        var result: [DataObject] = []
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let position = offset + index - scalars.startIndex
            guard scalars.endIndex - index >= 4 else {
                throw AcquirerError(.malformedQRIS, "QRIS data object at character \(position) is cut short")
            }
            let header = scalars[index..<index + 4]
            guard header.allSatisfy({ $0.value >= 48 && $0.value <= 57 }) else {
                throw AcquirerError(
                    .malformedQRIS, "QRIS data object at character \(position) has a non-numeric id or length")
            }
            let tag = String(String.UnicodeScalarView(header.prefix(2)))
            let length = Int(String(String.UnicodeScalarView(header.suffix(2))))!
            guard scalars.endIndex - (index + 4) >= length else {
                throw AcquirerError(
                    .malformedQRIS, "QRIS tag \(tag) at character \(position) claims \(length) characters past the end")
            }
            result.append(
                DataObject(tag: tag, value: Array(scalars[index + 4..<index + 4 + length]), valueOffset: position + 4))
            index += 4 + length
        }
        return result
    }

    /// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as 4 upper-case hex digits (EMVCo MPM 4.7.3).
    static func crc16(_ bytes: [UInt8]) -> String {
        var crc: UInt16 = 0xFFFF
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        let hex = String(crc, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - hex.count) + hex
    }
}

extension AcquirerError.Code {
    /// A QRIS payload cannot be read (bad TLV, bad CRC, bad amount).
    public static let malformedQRIS = Self("qris.malformed")
}
