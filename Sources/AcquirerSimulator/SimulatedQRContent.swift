import Reconciliation
import Acquirer
import Ledger
import QRIS

/// Composes the dynamic QRIS payload the simulator returns from generate (EMVCo MPM, QRIS profile).
///
/// Tags: 00 format `01`, 01 `12` (dynamic), 26 the acquirer's merchant account (GUI, merchant id),
/// 51 the national repository (`ID.CO.QRIS.WWW`, NMID), 52 MCC, 53 `360`, 54 amount, 58 `ID`,
/// 59 name, 60 city, 62 (01 bill number, 07 terminal), 63 CRC-16/CCITT-FALSE.
enum SimulatedQRContent {
    static func compose(merchant: SimulatedMerchant, amount: Rupiah, billNumber: String, terminalID: String?) -> String
    {
        func object(_ tag: String, _ value: String) -> String {
            let length = value.unicodeScalars.count
            return tag + (length < 10 ? "0" : "") + String(length) + value
        }
        let account = object("00", "ID.LUNAS.SIMULATOR") + object("02", merchant.merchantId) + object("03", "UMI")
        let national = object("00", "ID.CO.QRIS.WWW") + object("02", merchant.nmid) + object("03", "UMI")
        var additional = object("01", billNumber)
        if let terminalID { additional += object("07", terminalID) }
        var payload = object("00", "01") + object("01", "12") + object("26", account) + object("51", national)
        payload += object("52", merchant.mcc ?? "9399") + object("53", "360") + object("54", String(amount.value))
        payload += object("58", "ID") + object("59", String(merchant.name.prefix(25))) + object("60", "AMBON")
        payload += object("62", additional) + "6304"
        return QRISPayload.sealing(payload)
    }
}
