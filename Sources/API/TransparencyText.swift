import Foundation
import Ledger

/// The words of the open-figures page (`/transparansi`): Indonesian first, English with `?lang=en`.
/// A page's template reads them as `{{t.key}}`; the measures' labels are ``label(_:_:)``.
enum TransparencyText: BilingualText {
    /// (key, Indonesian, English).
    static let entries: [(String, String, String)] = [
        ("heading", "Angka terbuka retribusi", "Open figures of city revenue"),
        (
            "intro",
            "Berapa tagihan retribusi diterbitkan, dibayar dan disetel bank, dan berapa yang diterima kas kota, per hari dan per kawasan.",
            "How many city invoices were issued, paid and settled by the bank, and what reached the city's account, per day and per zone."
        ),
        (
            "sources",
            "Hari yang sudah ditutup menunjukkan angka laporan harian yang ditandatangani kota. Hari yang belum ditutup bersifat sementara: dihitung dari buku besar saat ini dan diperbarui paling lama setiap 30 detik.",
            "A closed day shows the figures of the daily statement the city signed. A day not yet closed is provisional: counted from the ledger as it is now and refreshed at most every 30 seconds."
        ),
        ("countedAt", "Angka ini dihitung pada", "These figures were counted at"),
        ("previous", "Bulan sebelumnya", "Previous month"),
        ("next", "Bulan berikutnya", "Next month"),
        ("chooseMonth", "Bulan lain (TTTT-BB)", "Another month (YYYY-MM)"),
        ("show", "Tampilkan", "Show"),
        ("monthTotals", "Sebulan", "The month"),
        ("measure", "Angka", "Figure"),
        ("value", "Nilai", "Value"),
        ("charts", "Grafik", "Charts"),
        ("grossChart", "Pendapatan bruto per hari", "Gross revenue per day"),
        ("countChart", "Tagihan diterbitkan dan dibayar per hari", "Invoices issued and paid per day"),
        ("perDay", "Per hari", "Per day"),
        ("perZone", "Per kawasan (sebulan)", "Per zone (the month)"),
        ("date", "Tanggal", "Date"),
        ("status", "Status", "Status"),
        ("zone", "Kawasan", "Zone"),
        ("closed", "ditutup", "closed"),
        ("statementLink", "laporan bertanda tangan", "signed statement"),
        ("live", "sementara, belum ditutup", "provisional, not closed yet"),
        ("noZone", "tanpa kawasan (retribusi non-parkir)", "no zone (fees other than parking)"),
        ("legendLive", "(muda: sementara)", "(lighter: provisional)"),
        ("noDays", "Belum ada hari yang bisa ditampilkan untuk bulan ini.", "No day of this month can be shown yet."),
        (
            "notes",
            "Catatan: “–” berarti tidak diketahui. Laporan bertanda tangan menghitung pembatalan untuk seluruh kota saja, jadi pembatalan per kawasan pada hari yang sudah ditutup tidak diketahui. Nomor karcis melompat dihitung dari pengecualian yang dibuka pada hari itu.",
            "Notes: “–” means unknown. The signed statement counts cancellations for the whole city only, so a closed day's cancellations per zone are unknown. Ticket sequence gaps are the exceptions of that kind opened that day."
        ),
        ("openData", "Data terbuka", "Open data"),
        ("json", "Unduh JSON", "Download JSON"),
        ("csv", "Unduh CSV", "Download CSV"),
        (
            "openDataNote", "Angka yang sama, dijelaskan di /openapi.yaml.",
            "The same figures, described in /openapi.yaml."
        ),
        ("home", "Kembali ke halaman utama", "Back to the start page"),
        ("switchLanguage", "English", "Bahasa Indonesia"),
        ("badMonthTitle", "Bulan tidak sah", "Not a valid month"),
        (
            "badMonth", "Kolom bulan harus berupa bulan TTTT-BB, misalnya 2026-11.",
            "The field bulan must be a month YYYY-MM, for example 2026-11."
        ),
        ("futureTitle", "Bulan belum tiba", "That month has not come yet"),
        ("future", "Angka bulan ini belum ada.", "There are no figures for this month yet."),
        ("timeZone", "Waktu", "Time zone"),
    ]

    static let words = BilingualWords(entries)

    /// The label of a measure (a table heading).
    static func label(_ measure: TransparencyFigures.Measure, _ language: ConsoleText.Language) -> String {
        let english = language == .en
        return switch measure {
        case .issued: english ? "Invoices issued" : "Tagihan diterbitkan"
        case .issuedAmount: english ? "Amount invoiced" : "Nilai tagihan"
        case .paid: english ? "Paid" : "Dibayar"
        case .settled: english ? "Settled by the bank" : "Disetel bank"
        case .gross: english ? "Gross revenue" : "Pendapatan bruto"
        case .mdr: english ? "Bank fee (MDR)" : "Biaya bank (MDR)"
        case .net: english ? "Received (net)" : "Diterima kas (neto)"
        case .cancelled: english ? "Cancelled" : "Dibatalkan"
        case .sequenceGaps: english ? "Ticket sequence gaps" : "Nomor karcis melompat"
        case .complaints: english ? "Complaints received" : "Aduan diterima"
        case .complaintsInTime: english ? "Resolved in time" : "Selesai tepat waktu"
        case .complaintsLate: english ? "Late" : "Terlambat"
        case .complaintsInTimePercent: english ? "In time (%)" : "Tepat waktu (%)"
        case .resolutionHoursMedian: english ? "Resolution time, median" : "Lama penyelesaian, median"
        case .resolutionHoursP90: english ? "Resolution time, 90th percentile" : "Lama penyelesaian, persentil 90"
        }
    }

    /// The month's name: `November 2026` (both languages spell most months alike, not all).
    static func monthName(_ month: CityMonth, _ language: ConsoleText.Language) -> String {
        let indonesian = [
            "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
            "November", "Desember",
        ]
        let english = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return (language == .en ? english : indonesian)[month.month - 1] + " \(month.year)"
    }

    /// A value as the page shows it: rupiah as `Rp1.234.567`, counts with thousands separators, `–`
    /// when unknown.
    static func value(
        _ value: Int64?, _ measure: TransparencyFigures.Measure, _ language: ConsoleText.Language
    )
        -> String
    {
        guard let value else { return "–" }
        switch measure.unit {
        case .rupiah: return Rupiah(value).formatted
        case .percent: return "\(value) %"
        case .hours: return "\(value) " + (language == .en ? "h" : "jam")
        case .count:
            let grouped = Rupiah(value).formatted.replacingOccurrences(of: "Rp", with: "")
            return language == .en ? grouped.replacingOccurrences(of: ".", with: ",") : grouped
        }
    }
}
