import Foundation

@testable import QRImage

enum TicketFixture {
    /// 23 November 2026, 05:05 UTC: 14:05 WIT in Ambon.
    static let issuedAt = Date(timeIntervalSince1970: 1_795_410_300)

    static func parking(payload: String = Payloads.dynamicQRIS) -> TicketContent {
        TicketContent(
            title: "KARCIS PARKIR", cityName: "PEMERINTAH KOTA AMBON", merchantName: "PARKIR KOTA AMBON",
            nmid: "ID1022161397420", terminalLabel: "A01", amount: 5000, billNumber: "AMB2611230001",
            issuedAt: issuedAt, timeZone: TimeZone(identifier: "Asia/Jayapura")!,
            plate: "DE 1234 AB", zone: "Jl. A.Y. Patty", vehicleClass: "Motor",
            verificationCode: "LNS-7Q2K-9XWD", qrPayload: payload)
    }
}
