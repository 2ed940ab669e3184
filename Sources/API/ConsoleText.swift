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
        ("ticketsVoided", "Karcis batal", "Voided tickets"),
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
        (
            "loginBusy", "Masih memeriksa percobaan masuk sebelumnya dari alamat Anda. Coba lagi sebentar lagi.",
            "Still checking an earlier sign-in from your address. Try again in a moment."
        ),
        (
            "cannotDisable", "Akun sendiri dan administrator aktif terakhir tidak dapat dinonaktifkan di sini.",
            "Your own account and the last active administrator cannot be disabled here."
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
            "Tanda ⚠: bagian tagihan belum dibayar lebih dari dua kali bagian kawasannya, dengan sedikitnya 3 tagihan belum dibayar; atau ada aduan warga yang terbukti.",
            "Mark ⚠: the unpaid share is more than twice its zone's, with at least 3 unpaid invoices; or a citizen's complaint was found true."
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
        // Setelmen (/console/settlements).
        ("stl_upload", "Unggah file setelmen", "Upload a settlement file"),
        ("stl_file", "File setelmen dari bank", "Settlement file from the bank"),
        ("stl_profile", "Profil file (format bank)", "File profile (the bank's format)"),
        (
            "stl_date", "Tanggal setelmen (isi bila file tidak mencantumkannya, mis. file kosong)",
            "Settlement date (fill in when the file does not state it, e.g. an empty file)"
        ),
        ("stl_uploadButton", "Unggah dan cocokkan", "Upload and reconcile"),
        (
            "stl_uploadHint",
            "CSV, camt.053/054 atau MT940, paling besar 256 MiB. Setelah diunggah, laporan pencocokan langsung terbuka. File yang sama diunggah dua kali tetap satu file.",
            "CSV, camt.053/054 or MT940, at most 256 MiB. After the upload the reconciliation report opens. The same file uploaded twice stays one file."
        ),
        ("stl_uploading", "Mengunggah…", "Uploading…"),
        ("stl_past", "File yang sudah diunggah", "Uploaded files"),
        ("stl_none", "Belum ada file setelmen.", "No settlement files yet."),
        ("stl_status_imported", "diimpor, belum diterapkan", "imported, not applied"),
        ("stl_status_applied", "diterapkan", "applied"),
        ("stl_status_superseded", "digantikan kiriman koreksi", "replaced by a corrected re-send"),
        (
            "stl_status_withdrawn", "digantikan kiriman koreksi; penerapannya ditarik",
            "replaced by a corrected re-send; its application was withdrawn"
        ),
        ("stl_size", "Ukuran", "Size"),
        ("stl_uploadedAt", "Diunggah", "Uploaded"),
        ("stl_uploadedBy", "Oleh", "By"),
        ("stl_rows", "Baris", "Rows"),
        ("stl_gross", "Nilai bruto", "Gross"),
        ("stl_net", "Neto", "Net"),
        ("stl_period", "Tanggal setelmen", "Settlement dates"),
        ("stl_report", "Laporan", "Report"),
        ("stl_openReport", "Buka laporan", "Open the report"),
        ("stl_nextPage", "Berikutnya", "Next"),
        ("stl_prevPage", "Sebelumnya", "Previous"),
        ("stl_firstPage", "Halaman pertama", "First page"),
        ("stl_page", "Halaman", "Page"),
        ("stl_of", "dari", "of"),
        ("stl_reportTitle", "Laporan setelmen", "Settlement report"),
        ("stl_summary", "Ringkasan", "Summary"),
        ("stl_fileName", "Nama file", "File name"),
        ("stl_invoices", "Tagihan pada periode itu", "Invoices in the period"),
        ("stl_category", "Kategori", "Category"),
        ("stl_todo", "Yang harus dilakukan", "What to do"),
        ("stl_cat_matched", "Cocok", "Matched"),
        ("stl_cat_amount_mismatch", "Nilai berbeda", "Amount differs"),
        ("stl_cat_duplicate_payment", "Pembayaran ganda", "Duplicate payment"),
        ("stl_cat_fee_mismatch", "MDR berbeda", "Fee (MDR) differs"),
        ("stl_cat_unknown_bill", "Tagihan tidak dikenal", "Unknown bill"),
        ("stl_cat_reversal", "Pengembalian atau pembatalan", "Refund or reversal"),
        ("stl_cat_late_settlement", "Setelmen terlambat", "Late settlement"),
        ("stl_cat_unpaid_invoice", "Tagihan tidak dibayar", "Unpaid invoice"),
        ("stl_cat_paid_not_settled", "Dibayar, belum disetel bank", "Paid, not settled by the bank"),
        ("stl_do_matched", "Tidak perlu tindakan.", "Nothing to do."),
        (
            "stl_do_amount_mismatch",
            "Bandingkan nilai tagihan dengan nilai dari bank; bila bank salah, ajukan ke acquirer, bila tagihan salah, koreksi di Pengecualian.",
            "Compare the invoice amount with the bank's; if the bank is wrong, raise it with the acquirer, if the invoice is wrong, correct it under Exceptions."
        ),
        (
            "stl_do_duplicate_payment",
            "Kembalikan pembayaran kedua kepada warga (refund) dari halaman Pengecualian.",
            "Refund the second payment to the citizen from the Exceptions page."
        ),
        (
            "stl_do_fee_mismatch", "Tagih selisih MDR ke acquirer, dengan jadwal MDR sebagai bukti.",
            "Claim the MDR difference from the acquirer, with the MDR schedule as evidence."
        ),
        (
            "stl_do_unknown_bill",
            "Cari tagihan yang cocok (nomor tagihan, RRN, terminal, waktu) lalu cocokkan manual; bila tidak ada, tanyakan ke acquirer.",
            "Find the matching invoice (bill number, RRN, terminal, time) and match it by hand; if there is none, ask the acquirer."
        ),
        (
            "stl_do_reversal", "Pastikan pengembalian dana ini memang disetujui, lalu tutup pengecualiannya.",
            "Check that this refund was approved, then close its exception."
        ),
        (
            "stl_do_late_settlement", "Catat keterlambatannya; bila berulang, ajukan ke acquirer sesuai kontrak.",
            "Note the delay; if it repeats, raise it with the acquirer under the contract."
        ),
        (
            "stl_do_unpaid_invoice",
            "Biasanya tidak ada: tagihan tidak dibayar. Periksa bila juru parkir atau warga melaporkan pembayaran.",
            "Usually nothing: the invoice was not paid. Check it if the attendant or the citizen reports a payment."
        ),
        (
            "stl_do_paid_not_settled",
            "Tunggu file setelmen hari kerja berikutnya; bila tetap tidak ada, tanyakan ke acquirer dengan RRN-nya.",
            "Wait for the next working day's settlement file; if it stays missing, ask the acquirer with its RRN."
        ),
        ("stl_exceptionRows", "Baris pengecualian", "Exception rows"),
        ("stl_noExceptions", "Tidak ada pengecualian.", "No exceptions."),
        ("stl_allCategories", "Semua kategori", "All categories"),
        ("stl_show", "Tampilkan", "Show"),
        ("stl_line", "Baris file", "File line"),
        ("stl_bill", "Nomor tagihan", "Bill number"),
        ("stl_invoice", "Tagihan (ID)", "Invoice (ID)"),
        ("stl_expected", "Nilai tagihan", "Invoice amount"),
        ("stl_bankAmount", "Nilai dari bank", "Bank's amount"),
        ("stl_txTime", "Waktu transaksi", "Transaction time"),
        ("stl_reason", "Keterangan sistem", "System's reason"),
        ("stl_openInExceptions", "Buka di Pengecualian", "Open in Exceptions"),
        ("stl_apply", "Terapkan ke buku besar", "Apply to the ledger"),
        (
            "stl_applyHint",
            "Menerapkan file: tagihan yang cocok menjadi disetel, pembayaran yang hanya ada di file dicatat, dan pengecualian dibuka untuk ditangani. Aman diulang.",
            "Applying the file: matched invoices become settled, payments only the file knows are recorded, and exceptions open to be worked. Safe to repeat."
        ),
        ("stl_applied", "File diterapkan ke buku besar.", "The file was applied to the ledger."),
        (
            "stl_alreadyApplied", "File ini sudah diterapkan sebelumnya; tidak ada yang berubah.",
            "This file had been applied before; nothing changed."
        ),
        ("stl_settledCount", "Tagihan disetel", "Invoices settled"),
        ("stl_paymentsRecorded", "Pembayaran dicatat dari file", "Payments recorded from the file"),
        ("stl_exceptionsOpened", "Pengecualian dibuka", "Exceptions opened"),
        ("stl_reversalsRecorded", "Penarikan kembali oleh bank dicatat", "Bank reversals recorded"),
        ("stl_appliedRows", "Baris diterapkan", "Rows applied"),
        ("stl_applyRefused", "File ini tidak dapat diterapkan.", "This file cannot be applied."),
        ("stl_replacedBy", "Digantikan oleh", "Replaced by"),
        ("stl_download", "Unduh laporan", "Download the report"),
        ("stl_csv", "CSV (baris pengecualian)", "CSV (exception rows)"),
        ("stl_json", "JSON (laporan lengkap)", "JSON (full report)"),
        ("stl_html", "HTML (laporan lengkap, bahasa Inggris)", "HTML (full report, English)"),
        ("stl_uploadFailed", "File tidak dapat diimpor; tidak ada yang disimpan.", "The file could not be imported; nothing was stored."),
        ("stl_readOnly", "Peran Anda hanya dapat membaca laporan.", "Your role may read the reports only."),
        ("stl_warnings", "Peringatan", "Warnings"),
    ] + workEntries + complaintEntries

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
