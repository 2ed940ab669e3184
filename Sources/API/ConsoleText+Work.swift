extension ConsoleText {
    /// The words of **Pengecualian** and **Tutup hari** (key, Indonesian, English). Keys a template
    /// reads are camel case (`{{t.excFilter}}`: Mustache splits names at dots); dotted keys are read
    /// by the routes through ``ConsoleView/text(_:)``.
    static let workEntries: [(String, String, String)] = [
        ("excFilter", "Saring", "Filter"),
        ("excCategory", "Jenis", "Category"),
        ("excZone", "Kawasan", "Zone"),
        ("excFrom", "Dibuka sejak", "Opened from"),
        ("excTo", "Dibuka sampai", "Opened until"),
        ("excInvoice", "Tagihan", "Invoice"),
        ("excApply", "Tampilkan", "Show"),
        ("excNone", "Tidak ada pengecualian yang cocok.", "No exception matches."),
        ("excAge", "Umur", "Age"),
        ("excAssignee", "Ditangani oleh", "Assigned to"),
        ("excBill", "Nomor tagihan", "Bill number"),
        ("excDevice", "Perangkat", "Device"),
        ("excPayment", "Pembayaran", "Payment"),
        ("excIssuer", "Bank / dompet", "Bank / wallet"),
        ("excPaidAt", "Dibayar pada", "Paid at"),
        ("excSettlementRow", "Baris setelmen", "Settlement row"),
        ("excPages", "Halaman", "Pages"),
        ("excFirstPage", "← Halaman pertama", "← First page"),
        ("excNextPage", "Halaman berikutnya →", "Next page →"),
        ("excWhatToDo", "Yang perlu dilakukan", "What to do"),
        ("excOpened", "Dibuka", "Opened"),
        ("excResolution", "Penyelesaian", "Resolution"),
        ("excDuplicateOf", "Sama dengan pengecualian (id)", "Same as exception (id)"),
        ("excAssign", "Tugaskan", "Assign"),
        ("excAssignTo", "Petugas yang menangani", "Who works on it"),
        ("excResolve", "Selesaikan", "Resolve"),
        ("excNote", "Catatan (wajib, maks. 500 karakter)", "Note (required, at most 500 characters)"),
        (
            "excMatchInvoice", "Tagihan yang benar (id, hanya untuk \"dicocokkan manual\")",
            "The right invoice (id, only for \"matched manually\")"
        ),
        ("excRefund", "Kembalikan uang", "Refund"),
        (
            "excRefundText",
            "Uang dikembalikan ke pembayar lewat bank pengakuisisi. Formulir yang terkirim dua kali hanya mengembalikan sekali.",
            "The money goes back to the payer through the acquirer. A form sent twice refunds once."
        ),
        ("excRefundAmount", "Jumlah (rupiah)", "Amount (rupiah)"),
        ("excRefundReason", "Alasan", "Reason"),
        ("exc.any", "semua", "any"),
        ("exc.state.open", "terbuka", "open"),
        ("exc.state.resolved", "selesai", "resolved"),
        ("exc.days", "hari", "days"),
        ("exc.hours", "jam", "hours"),
        ("exc.underAnHour", "kurang dari 1 jam", "under an hour"),
        ("exc.done.assigned", "Pengecualian ditugaskan.", "Exception assigned."),
        ("exc.done.resolved", "Pengecualian diselesaikan.", "Exception resolved."),
        ("exc.done.refunded", "Uang dikembalikan dan dicatat.", "Money refunded and recorded."),
        ("exc.cat.unknown_bill", "Nomor tagihan tidak dikenal", "Unknown bill number"),
        ("exc.cat.amount_mismatch", "Jumlah tidak cocok", "Amount mismatch"),
        ("exc.cat.amount_out_of_range", "Jumlah di luar batas", "Amount out of range"),
        ("exc.cat.invalid_field", "Data pembayaran tidak sah", "Invalid payment field"),
        ("exc.cat.duplicate_rrn", "RRN ganda dengan jumlah lain", "Repeated RRN with another amount"),
        ("exc.cat.duplicate_payment", "Pembayaran ganda", "Duplicate payment"),
        ("exc.cat.reversal", "Pembayaran dibatalkan bank", "Reversal"),
        ("exc.cat.paid_not_settled", "Dibayar, belum disetel bank", "Paid, not settled"),
        ("exc.cat.already_settled", "Sudah disetel sebelumnya", "Already settled"),
        ("exc.cat.paid_late", "Dibayar setelah dibatalkan", "Paid after cancellation"),
        ("exc.cat.sequence_gap", "Nomor karcis melompat", "Ticket sequence gap"),
        ("exc.cat.pending_offline", "Menunggu karcis luring", "Waiting for an offline ticket"),
        ("exc.cat.offline_forged", "Karcis luring palsu", "Forged offline record"),
        ("exc.cat.offline_refused", "Karcis luring ditolak", "Offline record refused"),
        ("exc.cat.offline_tariff_mismatch", "Tarif karcis luring berbeda", "Offline tariff mismatch"),
        ("exc.cat.offline_clock_skew", "Jam karcis luring tidak wajar", "Offline clock skew"),
        (
            "exc.todo.unknown_bill",
            "Cari tagihan yang dimaksud pembayar; jika ketemu, selesaikan sebagai \"dicocokkan manual\" dengan id tagihan itu.",
            "Find the invoice the payer meant; if found, resolve as \"matched manually\" with its id."
        ),
        (
            "exc.todo.amount_mismatch", "Bandingkan jumlah dengan tarif; kembalikan selisihnya atau jelaskan.",
            "Compare the amount with the tariff; refund the difference or explain it."
        ),
        (
            "exc.todo.amount_out_of_range", "Tanyakan ke bank jumlah yang sebenarnya, lalu selesaikan dengan catatan.",
            "Ask the bank for the real amount, then resolve with a note."
        ),
        (
            "exc.todo.invalid_field", "Periksa notifikasi di bank; selesaikan setelah bank membetulkannya.",
            "Check the notification with the bank; resolve once the bank has corrected it."
        ),
        (
            "exc.todo.duplicate_rrn", "Tanyakan ke bank transaksi mana yang benar.",
            "Ask the bank which transaction is the right one."
        ),
        (
            "exc.todo.duplicate_payment", "Warga membayar dua kali: kembalikan pembayaran kedua.",
            "The citizen paid twice: refund the second payment."
        ),
        (
            "exc.todo.reversal", "Pastikan pembatalan di laporan bank, lalu selesaikan.",
            "Confirm the reversal in the bank's report, then resolve."
        ),
        (
            "exc.todo.paid_not_settled", "Tagih bank: pembayaran ini belum masuk berkas setelmen.",
            "Chase the bank: this payment is missing from the settlement files."
        ),
        (
            "exc.todo.already_settled", "Pastikan uang tidak masuk dua kali; minta bank membetulkan berkasnya.",
            "Make sure the money did not arrive twice; ask the bank to correct its file."
        ),
        (
            "exc.todo.paid_late", "Tagihan sudah dibatalkan: kembalikan uangnya atau jelaskan mengapa disimpan.",
            "The invoice was cancelled: refund the money or explain why it is kept."
        ),
        (
            "exc.todo.sequence_gap", "Tanyakan ke pengawas kawasan mengapa nomor karcis perangkat ini melompat.",
            "Ask the zone's supervisor why this device's ticket numbers skip."
        ),
        (
            "exc.todo.pending_offline",
            "Pembayaran untuk karcis luring yang belum disinkronkan: minta juru parkir menyinkronkan perangkatnya; cocok otomatis.",
            "A payment for an offline ticket not synced yet: ask the attendant to sync the handheld; it matches by itself."
        ),
        (
            "exc.todo.offline_forged",
            "Tanda tangan atau QRIS karcis luring tidak sah: periksa perangkat dan juru parkirnya, cabut bila perlu.",
            "An offline record's signature or QRIS is not genuine: check the handheld and its attendant; revoke if needed."
        ),
        (
            "exc.todo.offline_refused", "Karcis luring tidak dicatat: baca alasannya dan tanyakan ke pengawas kawasan.",
            "An offline record was not recorded: read why and ask the zone's supervisor."
        ),
        (
            "exc.todo.offline_tariff_mismatch",
            "Perangkat menagih lain dari tarif: periksa paket tarifnya; kembalikan selisih atau jelaskan.",
            "The handheld charged other than the tariff: check its bundle; refund the difference or explain."
        ),
        (
            "exc.todo.offline_clock_skew", "Jam perangkat tidak wajar: cocokkan waktu karcis dengan pengawas kawasan.",
            "The handheld's clock is off: check the record's times with the zone's supervisor."
        ),
        ("exc.res.refunded", "dikembalikan", "refunded"),
        ("exc.res.written_off", "dihapusbukukan", "written off"),
        ("exc.res.matched_manually", "dicocokkan manual", "matched manually"),
        ("exc.res.bank_corrected", "dibetulkan bank", "corrected by the bank"),
        ("exc.res.duplicate_of", "sama dengan pengecualian lain", "duplicate of another exception"),
        ("exc.res.explained", "dijelaskan", "explained"),
        ("dayPick", "Tanggal", "Date"),
        ("dayOpen", "Buka", "Open"),
        ("dayBlockersTitle", "Yang masih menghalangi penutupan", "What still blocks closing"),
        ("dayClear", "Tidak ada yang menghalangi: hari ini siap ditutup.", "Nothing blocks: the day is ready to close."),
        ("daySee", "lihat pengecualiannya", "see the exceptions"),
        ("dayExamples", "Contoh", "Examples"),
        ("dayClose", "Tutup hari", "Close the day"),
        (
            "dayCloseText",
            "Menutup hari membuat laporan harian yang ditandatangani dan diterbitkan; setelah itu hari tidak bisa dibuka lagi.",
            "Closing the day makes a signed daily statement and publishes it; the day cannot be reopened."
        ),
        (
            "dayWhoCloses", "Hari ditutup oleh administrator atau pengawas seluruh kota.",
            "Days are closed by an administrator or a whole-city supervisor."
        ),
        ("dayStatement", "Laporan harian yang ditandatangani", "Signed daily statement"),
        ("dayClosedAt", "Ditutup", "Closed"),
        ("dayKey", "Kunci", "Key"),
        ("dayChainHead", "kepala rantai", "chain head"),
        ("daySignature", "Tanda tangan", "Signature"),
        ("dayPublicPage", "Halaman publik laporan ini", "This statement's public page"),
        ("dayJournal", "Jurnal", "Journal"),
        ("dayJournalCSV", "Unduh jurnal (CSV)", "Download the journal (CSV)"),
        ("dayJournalJSON", "Unduh jurnal (JSON)", "Download the journal (JSON)"),
        ("dayLateBooked", "Peristiwa terlambat yang dibukukan pada hari ini", "Late events booked on this day"),
        (
            "dayLateWillBeInStatement",
            "Uang yang masuk atau keluar untuk tagihan hari yang sudah ditutup, dicatat setelah hari itu ditutup, "
                + "dibukukan pada hari terbuka pertama sesudahnya. "
                + "Semua ini masuk laporan harian hari ini saat ditutup.",
            "Money paid or given back for invoices of days already closed, recorded after their close, is booked "
                + "on the first open day after them. All of these go into this day's statement when it closes."
        ),
        (
            "dayLateInStatement",
            "Uang untuk tagihan hari yang sudah ditutup, dicatat setelah penutupannya; laporan harian hari ini "
                + "memuatnya (penyesuaian terlambat) dan jurnalnya membukukannya.",
            "Money for invoices of days already closed, recorded after their close; this day's statement carries "
                + "them (late adjustments) and its journal books them."
        ),
        ("dayLateAbout", "Peristiwa terlambat tentang hari ini", "Late events about this day"),
        (
            "dayLateAboutNote",
            "Dicatat setelah hari ini ditutup; laporan yang ditandatangani tidak berubah, peristiwa ini dibukukan "
                + "pada hari yang disebut.",
            "Recorded after this day closed; the signed statement stays as it was, these are booked on the day named."
        ),
        ("dayLateNone", "Tidak ada.", "None."),
        ("dayLateTotal", "Jumlah", "Total"),
        ("dayLateEvent", "Peristiwa", "Event"),
        ("dayLateKind", "Jenis", "Kind"),
        ("dayLateClosedDay", "Hari tagihan (ditutup)", "Invoice's day (closed)"),
        ("dayLateBookedDay", "Dibukukan pada", "Booked on"),
        ("dayLateInvoice", "Tagihan", "Invoice"),
        ("dayLatePayment", "Pembayaran", "Payment"),
        ("dayLateAmount", "Jumlah uang", "Amount"),
        ("dayLateRecorded", "Dicatat", "Recorded"),
        ("dayLateExtra", "pembayaran ganda, ke rekening titipan", "paid twice, to suspense"),
        ("dayLateNet", "neto", "net"),
        ("late.kind.payment", "Pembayaran terlambat", "Late payment"),
        ("late.kind.settlement", "Setelmen terlambat", "Late settlement"),
        ("late.kind.refund", "Pengembalian terlambat", "Late refund"),
        ("late.kind.reversal", "Pembatalan bank terlambat", "Late bank reversal"),
        ("day.closedNow", "Hari ditutup; laporannya sudah ditandatangani.", "The day is closed; its statement is signed."),
        (
            "day.blocked", "Hari belum bisa ditutup: selesaikan dulu yang di bawah ini.",
            "The day cannot close yet: first deal with what is listed below."
        ),
        (
            "day.closeRefused", "Hanya administrator atau pengawas seluruh kota yang menutup hari.",
            "Only administrators and whole-city supervisors close days."
        ),
        ("day.issued", "Tagihan diterbitkan", "Invoices issued"),
        ("day.gross", "Pendapatan bruto diterima", "Gross revenue received"),
        ("day.mdr", "Biaya MDR bank", "Bank MDR fees"),
        ("day.net", "Diterima di rekening kas (neto)", "Received in the treasury account (net)"),
        ("day.outstanding", "Dibayar, belum disetel bank", "Paid, not yet settled"),
        ("day.refunded", "Dikembalikan", "Refunded"),
        ("day.blocker.day_not_over", "Hari belum berakhir", "The day is not over"),
        ("day.blocker.invoice_not_final", "Tagihan belum final", "Invoices not final"),
        ("day.blocker.paid_not_settled", "Dibayar, belum disetel bank", "Paid, not settled"),
        ("day.blocker.exception_open", "Pengecualian terbuka", "Open exceptions"),
        ("day.blocker.settlement_incomplete", "Setelmen belum selesai diterapkan", "Settlement applied in part"),
        (
            "day.blocker.settlement_file_missing", "Berkas setelmen yang jatuh tempo belum diterapkan",
            "Settlement files due not applied"
        ),
        (
            "day.todo.day_not_over", "Tunggu sampai tengah malam waktu kota.",
            "Wait until midnight in the city's time zone."
        ),
        (
            "day.todo.invoice_not_final", "Tagihan ini akan kedaluwarsa sendiri; tunggu atau batalkan.",
            "These invoices expire on their own; wait or cancel them."
        ),
        (
            "day.todo.paid_not_settled", "Unggah dan terapkan berkas setelmen bank, atau selesaikan pengecualiannya.",
            "Upload and apply the bank's settlement file, or resolve their exceptions."
        ),
        (
            "day.todo.exception_open", "Selesaikan setiap pengecualian di halaman Pengecualian.",
            "Resolve each exception on the Exceptions page."
        ),
        (
            "day.todo.settlement_incomplete", "Terapkan lagi berkas setelmen yang terputus.",
            "Apply the interrupted settlement file again."
        ),
        (
            "day.todo.settlement_file_missing",
            "Unggah dan terapkan berkas setelmen bank untuk tanggal setelmen ini (T+N hari kerja setelah pembayaran).",
            "Upload and apply the bank's settlement file for these settlement dates (T+N working days after payment)."
        ),
    ]
}
