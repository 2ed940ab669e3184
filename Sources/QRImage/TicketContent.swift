import Foundation

/// What a printed parking ticket or fee receipt shows, as plain values.
///
/// `QRImage` does not know the ledger; the API layer fills this from an invoice and the city's
/// configuration, then calls ``escposJob(options:)`` for a thermal printer or ``pngImage()`` for
/// a handheld that prints images.
public struct TicketContent: Sendable, Hashable {
    /// The heading, e.g. `KARCIS PARKIR` or a fee's name (`RETRIBUSI SAMPAH`).
    public var title: String
    /// The city, e.g. `PEMERINTAH KOTA AMBON`.
    public var cityName: String
    /// The merchant name exactly as in QRIS tag 59, so citizens can compare it with their app.
    public var merchantName: String
    /// The National Merchant ID (QRIS tag 51 sub-tag 02), e.g. `ID1022161397420`.
    public var nmid: String
    /// The issuing handheld or kiosk, e.g. `A01` (QRIS tag 62-07).
    public var terminalLabel: String
    /// The amount due in whole rupiah; printed as `Rp5.000`.
    public var amount: Int64
    /// The bill number (QRIS tag 62-01), the key that joins the ticket to the bank statement.
    public var billNumber: String
    /// When the ticket was issued.
    public var issuedAt: Date
    /// The city's time zone, e.g. `Asia/Jayapura` for Ambon, printed as WIT.
    public var timeZone: TimeZone
    /// The vehicle's plate, for parking tickets.
    public var plate: String?
    /// The parking zone or location.
    public var zone: String?
    /// The vehicle class, e.g. `Motor` or `Mobil`.
    public var vehicleClass: String?
    /// The receipt verification code citizens can check at `/public/receipts/{code}`.
    public var verificationCode: String
    /// The QRIS payload to print as the QR code.
    public var qrPayload: String
    /// The QR error-correction level; M by default.
    public var errorCorrection: QRErrorCorrection
    /// What the ticket is for; ``TicketKind/payable`` (QR code and amount) by default.
    public var kind: TicketKind = .payable
    /// The attendant's name, printed as `Petugas:` instead of the terminal label when given.
    public var attendant: String?
    /// The receipt's short code (`XXXXX-XXXXX`), printed large instead of the long
    /// ``verificationCode`` when given.
    public var shortCode: String?
    /// Where the short code is checked, e.g. `parkir.ambon.go.id/cek`.
    public var checkURL: String?
    /// The parking ticket's id, printed as `No. Karcis:`.
    public var ticketNumber: String?
    /// The label of the ``issuedAt`` line: `Waktu` by default, `Masuk` on an entry ticket.
    public var timeLabel: String = "Waktu"
    /// Further left-aligned lines after the ticket's facts: entry, exit, duration, the tariff
    /// breakdown.
    public var details: [String] = []
    /// A bold line under the amount (an entry ticket's `BAYAR SAAT KELUAR`).
    public var notice: String?
    /// The last line, instead of the kind's default ("Simpan karcis ini …").
    public var footer: String?

    /// Creates ticket content; ``validate()`` checks it before printing.
    public init(
        title: String, cityName: String, merchantName: String, nmid: String, terminalLabel: String,
        amount: Int64, billNumber: String, issuedAt: Date, timeZone: TimeZone,
        plate: String? = nil, zone: String? = nil, vehicleClass: String? = nil,
        verificationCode: String, qrPayload: String, errorCorrection: QRErrorCorrection = .medium
    ) {
        self.title = title
        self.cityName = cityName
        self.merchantName = merchantName
        self.nmid = nmid
        self.terminalLabel = terminalLabel
        self.amount = amount
        self.billNumber = billNumber
        self.issuedAt = issuedAt
        self.timeZone = timeZone
        self.plate = plate
        self.zone = zone
        self.vehicleClass = vehicleClass
        self.verificationCode = verificationCode
        self.qrPayload = qrPayload
        self.errorCorrection = errorCorrection
    }

    /// The longest text a printed field may have (8 lines of a 58 mm ticket).
    public static let maximumFieldLength = 256

    /// Checks that every required field has text, no printed field is longer than
    /// ``maximumFieldLength``, and the amount fits the kind: positive on a payable ticket (which also
    /// needs its bill number, verification code and QR payload), zero on a free one.
    /// - Throws: ``QRImageError`` with code `invalidTicket`, naming the field and the bad value.
    public func validate() throws {
        var required: [(String, String)] = [
            ("title", title), ("cityName", cityName), ("merchantName", merchantName), ("nmid", nmid),
            ("terminalLabel", terminalLabel),
        ]
        if kind == .payable {
            required += [("billNumber", billNumber), ("verificationCode", verificationCode), ("qrPayload", qrPayload)]
        }
        for (field, value) in required where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw QRImageError.invalidTicket(field, "must not be empty (got '\(value)')")
        }
        let printed =
            required.filter { $0.0 != "qrPayload" } + [
                ("plate", plate ?? ""), ("zone", zone ?? ""), ("vehicleClass", vehicleClass ?? ""),
                ("attendant", attendant ?? ""), ("shortCode", shortCode ?? ""), ("checkURL", checkURL ?? ""),
                ("ticketNumber", ticketNumber ?? ""), ("timeLabel", timeLabel), ("notice", notice ?? ""),
                ("footer", footer ?? ""),
            ] + details.map { ("details", $0) }
        for (field, value) in printed where value.count > Self.maximumFieldLength {
            throw QRImageError.invalidTicket(
                field, "is \(value.count) characters long; at most \(Self.maximumFieldLength) fit on a ticket")
        }
        switch kind {
        case .payable:
            guard amount > 0 else {
                throw QRImageError.invalidTicket("amount", "must be a positive number of rupiah (got \(amount))")
            }
        case .free:
            guard amount == 0 else {
                throw QRImageError.invalidTicket("amount", "must be 0 on a free ticket (got \(amount))")
            }
        case .entry:
            break
        }
    }
}
