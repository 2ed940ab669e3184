import Foundation

/// The words of the start page (`/`), the tariff page (`/public/tariffs`) and the page of an unknown
/// address: Indonesian first, English with `?lang=en`. Templates read them as `{{t.key}}`; the
/// city's own texts (tariff and fee names, legal citations) stay as the city configured them.
enum PublicText: BilingualText {
    /// (key, Indonesian, English).
    static let entries: [(String, String, String)] = [
        ("homeTitle", "Retribusi {city}", "{city}: city charges"),
        (
            "homeIntro", "Parkir dan retribusi kota dibayar dengan QRIS atas nama",
            "Parking and the city's charges are paid by QRIS to"
        ),
        ("noCash", "Jangan bayar tunai.", "Do not pay cash."),
        ("checkReceipt", "Cek bukti pembayaran", "Check a payment receipt"),
        ("check", "Cek", "Check"),
        ("tariffsLink", "Tarif retribusi dan dasar hukumnya", "Tariffs and their legal basis"),
        ("complaintLink", "Sampaikan aduan", "File a complaint"),
        (
            "complaintNote", "tanpa akun; diselesaikan dalam batas waktu standar pelayanan",
            "no account needed; handled within the service standard's time"
        ),
        (
            "transparencyLink", "Angka terbuka (transparansi): pendapatan retribusi per hari dan per kawasan",
            "Open figures (transparency): the city's takings per day and per zone"
        ),
        ("serviceStandardLink", "Standar pelayanan", "Service standard"),
        (
            "keysLink", "Kunci publik untuk memeriksa bukti tanpa internet",
            "Public keys to check a receipt without the internet"
        ),
        ("tariffsTitle", "Tarif retribusi {city}", "Tariffs of {city}"),
        ("payOnlyQRIS", "Bayar hanya dengan QRIS atas nama", "Pay only by QRIS to"),
        ("time", "Waktu", "Times"),
        (
            "placeholderNote", "Dasar hukum bertanda <strong>(contoh)</strong> adalah contoh, belum dasar hukum resmi kota.",
            "A legal basis marked <strong>(example)</strong> is an example, not yet the city's official basis."
        ),
        ("example", "contoh", "example"),
        ("legalBasis", "Dasar hukum", "Legal basis"),
        ("effectiveFrom", "Berlaku mulai", "In force from"),
        ("until", "sampai", "until"),
        ("otherFees", "Retribusi lain", "Other charges"),
        ("zones", "Kawasan parkir", "Parking zones"),
        ("zoneClass", "kawasan kelas", "zone class"),
        ("earlier", "Tarif sebelumnya", "Earlier tariffs"),
        ("notFoundTitle", "Halaman tidak ditemukan", "Page not found"),
        ("notFound", "Alamat ini tidak ada.", "This address does not exist."),
        ("backHome", "Kembali ke halaman utama", "Back to the start page"),
        ("dayTitle", "Laporan harian {city}, {date}", "Daily statement of {city}, {date}"),
        (
            "dayNotClosed", "Hari {date} belum ditutup oleh pemerintah kota. Laporan yang ditandatangani terbit setelah hari ditutup.",
            "The city has not closed {date} yet. The signed statement is published once the day is closed."
        ),
        ("dayClosed", "Hari ditutup {closedAt}.", "Day closed {closedAt}."),
        ("issued", "Tagihan diterbitkan", "Invoices issued"),
        ("gross", "Pendapatan bruto diterima", "Gross takings received"),
        ("mdr", "Biaya MDR bank", "Bank's MDR fee"),
        ("net", "Diterima di rekening kas (neto)", "Received in the treasury account (net)"),
        ("outstanding", "Dibayar, belum disetel bank", "Paid, not yet settled by the bank"),
        ("refunded", "Dikembalikan", "Refunded"),
        ("partiallyRefunded", "Dikembalikan sebagian", "Partly refunded"),
        ("lateTitle", "Penyesuaian terlambat untuk hari yang sudah ditutup", "Late adjustments for days already closed"),
        ("day", "Hari", "Day"),
        ("kind", "Jenis", "Kind"),
        ("invoice", "Tagihan", "Invoice"),
        ("amount", "Jumlah", "Amount"),
        ("late.payment", "pembayaran", "payment"),
        ("late.settlement", "setelmen bank", "bank settlement"),
        ("late.refund", "pengembalian", "refund"),
        ("late.reversal", "pembatalan bank", "bank reversal"),
        ("byZone", "Per kawasan", "By zone"),
        ("zone", "Kawasan", "Zone"),
        ("paidCount", "Dibayar", "Paid"),
        ("grossShort", "Bruto", "Gross"),
        ("otherCharges", "retribusi non-parkir", "charges other than parking"),
        (
            "signedNote", "Ditandatangani dengan kunci kota {keyID} (kunci publik: {keysLink}). Unduh berkas JSON laporan ini dan periksa dengan {command}. Kepala rantai buku besar saat ditutup: #{chainHead}.",
            "Signed with the city's key {keyID} (public keys: {keysLink}). Download this statement's JSON file and check it with {command}. The ledger's chain head at close: #{chainHead}."
        ),
        ("verifyFile", "BERKAS", "FILE"),
    ]

    static let words = BilingualWords(entries)
}
