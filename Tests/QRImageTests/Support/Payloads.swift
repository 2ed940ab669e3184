/// QRIS payloads for the decode tests, built here (with their CRC) so the tests do not depend
/// on the QRIS module's builder.
enum Payloads {
    /// A static QRIS (point of initiation 11, no amount), mixed case so a case-folding encoder
    /// would break its CRC.
    static let staticQRIS = qris([
        ("00", "01"), ("01", "11"),
        (
            "26",
            tlv([("00", "ID.CO.BANKMALUKU.WWW"), ("01", "936001310000001234"), ("02", "000001234"), ("03", "UMI")])
        ),
        ("51", tlv([("00", "ID.CO.QRIS.WWW"), ("02", "ID1022161397420"), ("03", "UMI")])),
        ("52", "7523"), ("53", "360"), ("58", "ID"), ("59", "Parkir Kota Ambon"), ("60", "Ambon"),
        ("61", "97126"),
    ])

    /// A dynamic QRIS (point of initiation 12) with an amount and a bill number; about 180 chars.
    static let dynamicQRIS = qris([
        ("00", "01"), ("01", "12"),
        ("26", tlv([("00", "ID.CO.BPDMALUKU"), ("01", "9360013100001234")])),
        ("51", tlv([("00", "ID.CO.QRIS.WWW"), ("02", "ID1022161397420"), ("03", "UMI")])),
        ("52", "7523"), ("53", "360"), ("54", "5000"), ("58", "ID"), ("59", "PARKIR AMBON"),
        ("60", "AMBON"), ("62", tlv([("01", "AMB261123001")])),
    ])

    /// A dynamic QRIS whose tag 64 (merchant information, alternate language) is Chinese.
    static let cjkQRIS = qris([
        ("00", "01"), ("01", "12"),
        ("51", tlv([("00", "ID.CO.QRIS.WWW"), ("02", "ID1022161397420"), ("03", "UMI")])),
        ("52", "7523"), ("53", "360"), ("54", "5000"), ("58", "ID"), ("59", "PARKIR KOTA AMBON"),
        ("60", "AMBON"), ("64", tlv([("00", "ZH"), ("01", "安汶市停车场"), ("02", "安汶")])),
    ])

    /// Exactly 500 characters of QRIS-like text (tag 62's additional data padded out).
    static let long500: String = {
        let head = "000201010212" + tlvText("59", "PARKIR KOTA AMBON") + "6005AMBON"
        let filler = String(repeating: "Retribusi parkir tepi jalan umum Kota Ambon. ", count: 20)
        let body = head + filler
        return String(body.prefix(500))
    }()

    static let all: [(name: String, payload: String)] = [
        ("static", staticQRIS), ("dynamic", dynamicQRIS), ("cjk", cjkQRIS), ("long500", long500),
    ]

    static func tlv(_ fields: [(String, String)]) -> String {
        fields.map { tlvText($0.0, $0.1) }.joined()
    }

    static func tlvText(_ tag: String, _ value: String) -> String {
        // EMVCo lengths count characters, also for tag 64's UTF-8 text, as Swift's `count` does.
        let length = value.count
        return tag + (length < 10 ? "0\(length)" : "\(length)") + value
    }

    /// Appends tag 63 with the CRC-16/CCITT-FALSE of everything before it (EMVCo MPM 4.7.3).
    static func qris(_ fields: [(String, String)]) -> String {
        let body = tlv(fields) + "6304"
        var crc: UInt16 = 0xFFFF
        for byte in body.utf8 {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 { crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1 }
        }
        let hex = String(crc, radix: 16, uppercase: true)
        return body + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
