/// The words of the staff console: Indonesian first, English with `?lang=en`.
///
/// Each entry is one key with its two texts; a page's template reads them as `{{t.key}}`.
enum ConsoleText {
    /// A language of the console.
    enum Language: String, Sendable {
        case id, en
    }

    /// (key, Indonesian, English).
    static let entries: [(String, String, String)] = [
        ("appName", "Lunas — konsol petugas", "Lunas — staff console"),
        ("skip", "Langsung ke isi", "Skip to content"),
        ("menu", "Menu", "Menu"),
        ("home", "Hari ini", "Today"),
        ("devices", "Perangkat dan juru parkir", "Devices and attendants"),
        ("settlements", "Setelmen", "Settlements"),
        ("exceptions", "Pengecualian", "Exceptions"),
        ("days", "Tutup hari", "Close the day"),
        ("complaints", "Aduan", "Complaints"),
        ("tariffs", "Tarif", "Tariffs"),
        ("staff", "Petugas", "Staff"),
        ("password", "Kata sandi", "Password"),
        ("logout", "Keluar", "Sign out"),
        ("switchLanguage", "English", "Bahasa Indonesia"),
        ("loginTitle", "Masuk", "Sign in"),
        ("email", "Alamat e-mail", "E-mail address"),
        ("loginButton", "Masuk", "Sign in"),
        ("loginFailed", "E-mail atau kata sandi salah.", "Wrong e-mail address or password."),
        (
            "loginLocked",
            "Terlalu banyak percobaan masuk yang gagal untuk akun ini dari alamat Anda. Coba lagi dalam 15 menit.",
            "Too many failed sign-ins for this account from your address. Try again in 15 minutes."
        ),
        ("loggedOut", "Anda sudah keluar.", "You have signed out."),
        ("sessionEnded", "Sesi Anda berakhir. Silakan masuk lagi.", "Your session has ended. Please sign in again."),
        ("forbiddenTitle", "Tidak diizinkan", "Not allowed"),
        (
            "forbiddenText", "Peran Anda tidak mengizinkan halaman atau tindakan ini.",
            "Your role does not allow this page or action."
        ),
        ("csrfTitle", "Formulir kedaluwarsa", "Form expired"),
        (
            "csrfText",
            "Formulir ini tidak membawa token keamanan yang sah, jadi tidak ada yang diubah. Buka halaman lagi lalu kirim ulang.",
            "This form did not carry a valid security token, so nothing was changed. Open the page again and resend."
        ),
        ("errorTitle", "Ada masalah", "Something went wrong"),
        ("notFoundTitle", "Halaman tidak ditemukan", "Page not found"),
        ("back", "Kembali ke Hari ini", "Back to Today"),
        ("role", "Peran", "Role"),
        ("role.finance", "Keuangan", "Finance"),
        ("role.supervisor", "Pengawas", "Supervisor"),
        ("role.auditor", "Auditor", "Auditor"),
        ("role.admin", "Administrator", "Administrator"),
        ("currentPassword", "Kata sandi sekarang", "Current password"),
        ("newPassword", "Kata sandi baru (minimal 12 karakter)", "New password (at least 12 characters)"),
        ("repeatPassword", "Ulangi kata sandi baru", "Repeat the new password"),
        ("savePassword", "Simpan kata sandi", "Save password"),
        ("passwordSaved", "Kata sandi tersimpan.", "Password saved."),
        ("passwordsDiffer", "Kedua kata sandi baru tidak sama.", "The two new passwords differ."),
        ("wrongCurrent", "Kata sandi sekarang salah.", "The current password is wrong."),
        ("setPasswordTitle", "Buat kata sandi", "Set your password"),
        (
            "linkInvalid", "Tautan ini sudah dipakai, kedaluwarsa, atau tidak ada. Minta tautan baru ke administrator.",
            "This link was used, has expired or does not exist. Ask an administrator for a new one."
        ),
        ("passwordSetDone", "Kata sandi dibuat. Silakan masuk.", "Password set. Please sign in."),
        ("name", "Nama", "Name"),
        ("zones", "Kawasan", "Zones"),
        ("allZones", "seluruh kota", "the whole city"),
        ("state", "Status", "State"),
        ("active", "aktif", "active"),
        ("disabled", "nonaktif", "disabled"),
        ("addStaff", "Tambah petugas", "Add a staff member"),
        ("disable", "Nonaktifkan", "Disable"),
        ("newLink", "Tautan kata sandi baru", "New password link"),
        (
            "linkShownOnce",
            "Berikan tautan ini kepada petugas lewat saluran yang aman. Berlaku 24 jam, sekali pakai, dan hanya ditampilkan sekarang.",
            "Give this link to the person over a safe channel. It is valid for 24 hours, once, and is shown only now."
        ),
        ("auditLog", "Catatan masuk dan perubahan akun", "Sign-ins and account changes"),
        ("when", "Waktu", "When"),
        ("what", "Kejadian", "What"),
        ("address", "Alamat klien", "Client address"),
        ("by", "Oleh", "By"),
        ("detail", "Keterangan", "Detail"),
        ("issued", "Diterbitkan", "Issued"),
        ("paid", "Dibayar", "Paid"),
        ("settled", "Setelmen", "Settled"),
        ("outstanding", "Belum dibayar", "Outstanding"),
        ("openExceptions", "Pengecualian terbuka", "Open exceptions"),
        ("count", "Jumlah", "Count"),
        ("amount", "Nilai", "Amount"),
        ("tariffsTitle", "Tarif yang berlaku", "Tariffs in force"),
        ("legalBasis", "Dasar hukum", "Legal basis"),
        ("effective", "Berlaku", "In force"),
        ("revoked", "dicabut", "revoked"),
        ("lastSequence", "Nomor urut terakhir", "Last sequence"),
        ("enrolledAt", "Didaftarkan", "Enrolled"),
        ("reason", "Alasan", "Reason"),
        ("revoke", "Cabut", "Revoke"),
        ("enrolDevice", "Daftarkan perangkat", "Enrol a device"),
        ("deviceName", "Nama perangkat (label terminal)", "Device name (terminal label)"),
        ("enrolledTitle", "Perangkat terdaftar", "Device enrolled"),
        (
            "enrolShownOnce",
            "Pindai kode QR ini dengan perangkat genggam (atau salin teksnya). Token hanya ditampilkan sekali ini.",
            "Scan this QR code with the handheld (or copy the text). The token is shown only this once."
        ),
        ("enrolQRAlt", "Kode QR pendaftaran perangkat", "Device enrolment QR code"),
        ("date", "Tanggal", "Date"),
        ("show", "Tampilkan", "Show"),
        ("asOf", "Per", "As of"),
        ("byHour", "Per jam", "By hour"),
        ("byHourChart", "Tagihan diterbitkan dan dibayar per jam", "Invoices issued and paid by hour"),
        ("numbers", "Angka per jam", "Numbers by hour"),
        ("hour", "Jam", "Hour"),
        ("byZone", "Per kawasan", "By zone"),
        ("zone", "Kawasan", "Zone"),
        ("cancelled", "Dibatalkan", "Cancelled"),
        ("expired", "Kedaluwarsa", "Expired"),
        ("feesNotParking", "Retribusi non-parkir", "Fees (not parking)"),
        ("leakageTitle", "Kebocoran per perangkat", "Leakage by device"),
        ("sortBy", "Urutkan", "Sort by"),
        (
            "leakageRule",
            "Tanda ⚠: bagian tagihan belum dibayar lebih dari dua kali bagian kawasannya, dengan sedikitnya 3 tagihan belum dibayar.",
            "Mark ⚠: the unpaid share is more than twice its zone's, with at least 3 unpaid invoices."
        ),
        ("unpaid", "Belum dibayar", "Unpaid"),
        ("unpaidShare", "Bagian belum dibayar", "Unpaid share"),
        ("sequenceGaps", "Nomor urut hilang", "Missing sequence numbers"),
        ("checkThis", "perlu diperiksa", "check this"),
        ("sort.unpaidShare", "bagian belum dibayar", "unpaid share"),
        ("sort.gaps", "nomor urut hilang", "missing numbers"),
        ("sort.issued", "diterbitkan", "issued"),
        ("sort.name", "nama", "name"),
        ("placeholderBasis", "contoh, belum dasar hukum resmi", "example, not yet an official legal basis"),
    ] + workEntries

    static let indonesian: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.1) })
    static let english: [String: String] = Dictionary(uniqueKeysWithValues: entries.map { ($0.0, $0.2) })

    /// Every text in `language`, by key.
    static func table(_ language: Language) -> [String: String] {
        language == .en ? english : indonesian
    }

    /// One text.
    static func text(_ key: String, _ language: Language) -> String {
        table(language)[key] ?? key
    }
}
