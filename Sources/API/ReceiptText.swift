import Foundation

/// The words of the receipt check (`/cek`) and the receipt page (`/public/receipts/{code}`):
/// Indonesian first, English with `?lang=en`. Templates read them as `{{t.key}}`; a text with
/// values in it (`{code}`) is filled by ``text(_:_:_:)``.
enum ReceiptText: BilingualText {
    /// (key, Indonesian, English).
    static let entries: [(String, String, String)] = [
        ("receiptTitle", "Bukti pembayaran", "Payment receipt"),
        ("checkTitle", "Cek bukti pembayaran", "Check a payment receipt"),
        ("cancelledTitle", "JANGAN DIBAYAR — tagihan dibatalkan.", "DO NOT PAY — the invoice is cancelled."),
        (
            "cancelled",
            "Bukti ini asli, tetapi tagihannya sudah dibatalkan oleh petugas. Bila Anda sudah membayar, uang Anda akan dikembalikan.",
            "This receipt is genuine, but the invoice was cancelled by the staff. If you have paid, your money will be refunded."
        ),
        (
            "refunded", "ASLI. Pembayaran ini SUDAH DIKEMBALIKAN kepada pembayar",
            "GENUINE. This payment HAS BEEN REFUNDED to the payer"
        ),
        (
            "reversed", "ASLI. Pembayaran ini SUDAH DITARIK KEMBALI oleh bank pembayar",
            "GENUINE. This payment WAS TAKEN BACK by the payer's bank"
        ),
        ("on", "pada", "on"),
        ("paidAt", "Dibayar", "Paid"),
        ("paid", "ASLI dan SUDAH DIBAYAR.", "GENUINE and PAID."),
        ("paidTwice", "Tagihan ini dibayar lebih dari sekali.", "This invoice was paid more than once."),
        (
            "paidTwiceNote", "Pembayaran kedua akan dikembalikan kepada pembayar.",
            "The second payment will be refunded to the payer."
        ),
        ("unpaid", "Bukti ini ASLI, tetapi BELUM DIBAYAR", "This receipt is GENUINE, but NOT PAID"),
        ("status", "status", "status"),
        ("refunds", "Pengembalian dana (refund):", "Refunds:"),
        ("refundedOn", "dikembalikan pada", "refunded on"),
        ("reversedOn", "ditarik kembali oleh bank pembayar pada", "taken back by the payer's bank on"),
        ("billNumber", "Nomor tagihan", "Invoice number"),
        ("amount", "Jumlah", "Amount"),
        ("issuedAt", "Diterbitkan", "Issued"),
        ("merchant", "Penerima", "Payee"),
        ("shortCode", "Kode cek", "Check code"),
        (
            "signedCode", "Kode verifikasi bertanda tangan (untuk pemeriksaan tanpa internet)",
            "Signed verification code (for checking without the internet)"
        ),
        ("checkLabel", "Kode cek pada karcis", "The check code on the ticket"),
        (
            "checkHint", "10 huruf dan angka, misalnya 7K3QX-9M2PA",
            "10 letters and digits, for example 7K3QX-9M2PA"
        ),
        ("check", "Cek", "Check"),
        ("home", "Kembali ke halaman utama", "Back to the start page"),
        ("rejectedTitle", "Bukti tidak sah", "Receipt not genuine"),
        ("notGenuine", "TIDAK SAH.", "NOT GENUINE."),
        (
            "notGenuineNote", "Kode ini tidak diterbitkan oleh pemerintah kota ini, salah ketik, atau dipalsukan.",
            "This code was not issued by this city government, is mistyped, or is forged."
        ),
        (
            "mistyped", "Kode {code} salah ketik: periksa lagi setiap huruf dan angka pada karcis.",
            "The code {code} is mistyped: check every letter and digit on the ticket again."
        ),
        (
            "unknown", "Kode {code} tidak ditemukan: tidak ada karcis dengan kode ini.",
            "The code {code} was not found: no ticket has this code."
        ),
    ]

    static let words = BilingualWords(entries)

    /// An invoice status as the receipt page says it.
    static func status(_ status: String, _ language: ConsoleText.Language) -> String {
        let english = language == .en
        return switch status {
        case "issued": english ? "waiting for payment" : "menunggu pembayaran"
        case "expired": english ? "expired" : "kedaluwarsa"
        case "cancelled": english ? "cancelled" : "dibatalkan"
        case "refunded": english ? "refunded" : "dikembalikan"
        default: status
        }
    }
}
