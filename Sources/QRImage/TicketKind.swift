/// What a printed ticket is for, which decides whether it carries a QR code and an amount.
public enum TicketKind: String, Sendable, Hashable, CaseIterable {
    /// A bill to pay now: the QRIS code and a positive amount (flat-tariff entry, hourly exit, fee).
    case payable
    /// An hourly ticket at entry: no QR and no amount, "bayar saat keluar".
    case entry
    /// A ticket closed at no charge (grace period, free window): amount 0, no QR.
    case free
}
