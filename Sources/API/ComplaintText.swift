import Foundation
import Issuing
import Ledger

/// The words of the citizens' complaint pages (`/aduan`, the filed page, the status page, the
/// refusals) and of `/standar-pelayanan`: Indonesian first, English with `?lang=en`. Templates read
/// them as `{{t.key}}`; a text with values in it (`{city}`) is filled by ``text(_:_:_:)``. What the
/// citizen typed and the city's configured names (zones, services, tiers) are never translated.
enum ComplaintText: BilingualText {
    /// (key, Indonesian, English).
    static let entries: [(String, String, String)] = [
        ("formTitle", "Sampaikan aduan", "File a complaint"),
        (
            "formIntro",
            "Aduan tentang parkir dan retribusi {city}. Kota menanggapi dalam {ackDays} dan menyelesaikan aduan dalam {lightDays} (aduan berat: {heavyDays}).",
            "A complaint about parking and city fees in {city}. The city replies within {ackDays} and resolves a complaint within {lightDays} (serious complaints: {heavyDays})."
        ),
        ("serviceStandard", "Standar pelayanan", "Service standard"),
        ("notSent", "Aduan belum terkirim.", "The complaint was not sent."),
        ("whatHappened", "Apa yang terjadi?", "What happened?"),
        ("required", "wajib", "required"),
        ("receiptCode", "Kode bukti atau kode karcis", "Receipt code or ticket code"),
        ("ifAny", "bila ada", "if you have one"),
        ("billNumber", "Nomor tagihan", "Invoice number"),
        (
            "noTicket", "Tanpa karcis, pilih kawasan dan isi nomor polisi serta perkiraan waktu.",
            "Without a ticket, choose the zone and give the number plate and about when it happened."
        ),
        ("zone", "Kawasan", "Zone"),
        ("chooseZone", "— pilih kawasan —", "— choose a zone —"),
        ("plate", "Nomor polisi", "Number plate"),
        ("when", "Kapan", "When"),
        ("description", "Ceritakan kejadiannya", "Tell what happened"),
        ("descriptionHint", "wajib, paling banyak 2.000 huruf", "required, at most 2,000 characters"),
        ("contact", "Nomor HP atau e-mail", "Mobile number or e-mail"),
        ("contactHint", "bila ingin dihubungi; tidak ditampilkan", "if you want to be contacted; never shown"),
        ("photo", "Foto", "Photo"),
        (
            "photoHint", "JPEG atau PNG, paling besar 2 MB; data lokasi di foto dihapus",
            "JPEG or PNG, at most 2 MB; location data in the photo is removed"
        ),
        ("send", "Kirim aduan", "Send the complaint"),
        (
            "privacy",
            "Nama juru parkir dan data pribadi Anda tidak pernah ditampilkan kepada publik. Aduan yang tidak selesai di sini dapat diteruskan ke {referral}.",
            "The attendant's name and your personal data are never shown to the public. A complaint not resolved here can be taken to {referral}."
        ),
        ("filedTitle", "Aduan diterima", "Complaint received"),
        ("number", "Nomor aduan", "Complaint number"),
        ("accessCode", "Kode akses", "Access code"),
        (
            "keep", "Simpan nomor dan kode ini: hanya dengan keduanya Anda dapat melihat jawaban kota.",
            "Keep this number and code: only with both can you see the city's answer."
        ),
        ("deadline", "Batas waktu penyelesaian", "Deadline for resolving it"),
        ("seeStatus", "Lihat status aduan", "See the complaint's status"),
        ("statusTitle", "Status aduan", "Complaint status"),
        ("laporNumber", "Nomor pelacakan SP4N-LAPOR!", "SP4N-LAPOR! tracking number"),
        ("category", "Jenis", "Kind"),
        ("received", "Diterima", "Received"),
        ("late", "terlambat", "late"),
        ("inTime", "selesai tepat waktu", "resolved in time"),
        ("ticket", "Karcis", "Ticket"),
        ("answers", "Jawaban kota", "The city's answer"),
        ("noAnswer", "Belum ada jawaban.", "No answer yet."),
        ("resolution", "Penyelesaian", "Resolution"),
        ("another", "Sampaikan aduan lain", "File another complaint"),
        ("home", "Halaman utama", "Start page"),
        ("notFoundTitle", "Aduan tidak ditemukan", "Complaint not found"),
        (
            "notFound", "Nomor aduan atau kode akses tidak cocok. Periksa kembali keduanya.",
            "The complaint number or the access code does not match. Check both again."
        ),
        ("limitedTitle", "Terlalu banyak aduan", "Too many complaints"),
        (
            "limited",
            "Dari alamat internet Anda sudah masuk {limit} aduan dalam satu jam terakhir. Silakan coba lagi dalam {minutes} menit.",
            "{limit} complaints have come from your internet address in the last hour. Please try again in {minutes} minutes."
        ),
        // Refusals of a filed form, each naming its field.
        (
            "unreadable", "Formulir tidak terbaca; muat ulang halaman dan kirim lagi.",
            "The form could not be read; reload the page and send it again."
        ),
        (
            "tokenReused", "Formulir ini sudah dipakai untuk aduan lain. Periksa isian Anda, lalu kirim lagi.",
            "This form was already used for another complaint. Check what you filled in, then send it again."
        ),
        (
            "receiptUnknown", "Kode bukti tidak dikenal. Periksa karcis, atau kosongkan dan pilih kawasan.",
            "The receipt code is not known. Check the ticket, or leave it empty and choose the zone."
        ),
        (
            "billUnknown", "Nomor tagihan tidak dikenal. Periksa karcis, atau kosongkan dan pilih kawasan.",
            "The invoice number is not known. Check the ticket, or leave it empty and choose the zone."
        ),
        (
            "photoInvalid", "Foto harus JPEG atau PNG yang utuh, paling besar 2 MB.",
            "The photo must be a whole JPEG or PNG of at most 2 MB."
        ),
        ("categoryMissing", "Pilih apa yang terjadi.", "Choose what happened."),
        ("descriptionInvalid", "Ceritakan kejadiannya (1–2.000 huruf).", "Tell what happened (1–2,000 characters)."),
        (
            "zoneMissing", "Pilih kawasan bila tidak ada kode bukti atau nomor tagihan.",
            "Choose the zone if there is no receipt code or invoice number."
        ),
        (
            "plateInvalid", "Nomor polisi hanya boleh berisi huruf, angka dan spasi.",
            "The number plate may hold only letters, digits and spaces."
        ),
        (
            "occurredAtInvalid", "Waktu kejadian tidak sah atau di masa depan.",
            "The time is not valid or in the future."
        ),
        (
            "contactInvalid", "Isi nomor HP atau alamat e-mail yang sah, atau kosongkan.",
            "Give a valid mobile number or e-mail address, or leave it empty."
        ),
        ("checkField", "Periksa isian Anda ({field}).", "Check what you filled in ({field})."),
        ("theForm", "formulir", "the form"),
        // The service standard (`/standar-pelayanan`).
        (
            "standardIntro",
            "{city} menerbitkan standar pelayanan ini sesuai Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.",
            "{city} publishes this service standard under Law No. 25 of 2009 on Public Services."
        ),
        ("cost", "Biaya/tarif", "Cost/tariff"),
        ("legalBasis", "Dasar hukum", "Legal basis"),
        ("example", "contoh", "example"),
        ("allTariffs", "Semua tarif dan dasar hukumnya", "All tariffs and their legal basis"),
        ("pledge", "Maklumat pelayanan", "Service pledge"),
        ("handling", "Penanganan aduan", "Complaint handling"),
        (
            "handlingIntro", "Setiap aduan ditanggapi dalam {days} dan diselesaikan paling lambat:",
            "Every complaint is replied to within {days} and resolved at the latest in:"
        ),
        (
            "workingDaysNote",
            "Hari kerja: Senin–Jumat, kecuali libur nasional dan cuti bersama. Aduan yang tidak selesai dapat diteruskan ke {referral}.",
            "Working days: Monday–Friday, except national holidays and collective leave days. A complaint not resolved can be taken to {referral}."
        ),
        ("fileComplaint", "Sampaikan aduan", "File a complaint"),
    ]

    static let words = BilingualWords(entries)

    /// A number of working days as a phrase: "3 hari kerja", "1 working day", "3 working days".
    static func workingDays(_ count: Int, _ language: ConsoleText.Language) -> String {
        language == .en ? "\(count) working day\(count == 1 ? "" : "s")" : "\(count) hari kerja"
    }

    static func category(_ category: Complaint.Category, _ language: ConsoleText.Language) -> String {
        let english = language == .en
        return switch category {
        case .overcharged: english ? "Charged more than the tariff" : "Ditarik lebih dari tarif"
        case .cashRequested: english ? "Asked to pay in cash" : "Diminta membayar tunai"
        case .noTicket: english ? "Not given a ticket" : "Tidak diberi karcis"
        case .qrFailed: english ? "QRIS could not be scanned or paid" : "QRIS tidak bisa dipindai atau dibayar"
        case .paidShownUnpaid: english ? "Paid but recorded as unpaid" : "Sudah membayar tetapi tercatat belum"
        case .attendantBehaviour: english ? "The attendant's behaviour" : "Perilaku juru parkir"
        case .other: english ? "Something else" : "Lainnya"
        }
    }

    static func state(_ state: Complaint.State, _ language: ConsoleText.Language) -> String {
        let english = language == .en
        return switch state {
        case .open: english ? "Received, waiting for an answer" : "Diterima, menunggu jawaban"
        case .answered: english ? "Answered, not resolved yet" : "Sudah dijawab, belum selesai"
        case .resolved: english ? "Resolved" : "Selesai"
        }
    }

    static func outcome(_ outcome: Complaint.Outcome, _ language: ConsoleText.Language) -> String {
        let english = language == .en
        return switch outcome {
        case .substantiated:
            english ? "The complaint is upheld; the city is acting on it." : "Aduan terbukti; kota menindaklanjuti."
        case .notSubstantiated: english ? "The complaint is not upheld." : "Aduan tidak terbukti."
        case .restitution:
            english ? "The complaint is upheld; your money is refunded." : "Aduan terbukti; uang Anda dikembalikan."
        case .referred: english ? "The complaint is passed on to SP4N-LAPOR!." : "Aduan diteruskan ke SP4N-LAPOR!."
        }
    }

    /// What a refused filing tells the citizen, naming the field.
    static func refusal(_ error: IssuingError, _ language: ConsoleText.Language) -> String {
        let key =
            switch (error.code, error.field) {
            case ("complaint.receiptUnknown", "receiptCode"?): "receiptUnknown"
            case ("complaint.receiptUnknown", _): "billUnknown"
            case ("complaint.photoInvalid", _): "photoInvalid"
            case (_, "category"?): "categoryMissing"
            case (_, "description"?): "descriptionInvalid"
            case (_, "zone"?): "zoneMissing"
            case (_, "plate"?): "plateInvalid"
            case (_, "occurredAt"?): "occurredAtInvalid"
            case (_, "contact"?): "contactInvalid"
            default: "checkField"
            }
        return text(key, language, ["field": error.field ?? text("theForm", language)])
    }

    /// The components of a service standard in the order PermenPANRB 15/2014 lists them (cost comes
    /// from the tariffs), each with its label in `language`.
    static func components(
        _ service: ServiceStandards.Service, _ language: ConsoleText.Language
    ) -> [(String, [String])] {
        let english = language == .en
        return [
            (english ? "Requirements" : "Persyaratan", service.requirements),
            (english ? "System, mechanism and procedure" : "Sistem, mekanisme dan prosedur", service.procedure),
            (english ? "Service time" : "Jangka waktu pelayanan", service.serviceTime),
            (english ? "Service product" : "Produk pelayanan", service.product),
            (
                english
                    ? "Handling of complaints, suggestions and feedback" : "Penanganan pengaduan, saran dan masukan",
                service.complaintChannel
            ),
            (english ? "Legal basis" : "Dasar hukum", service.legalBasis),
            (english ? "Means, infrastructure and facilities" : "Sarana, prasarana dan fasilitas", service.facilities),
            (english ? "Staff competence" : "Kompetensi pelaksana", service.staffCompetence),
            (english ? "Internal supervision" : "Pengawasan internal", service.supervision),
            (english ? "Number of staff" : "Jumlah pelaksana", service.staffing),
            (english ? "Service guarantee" : "Jaminan pelayanan", service.serviceGuarantee),
            (english ? "Security and safety guarantee" : "Jaminan keamanan dan keselamatan", service.safetyGuarantee),
            (english ? "Evaluation of staff performance" : "Evaluasi kinerja pelaksana", service.evaluation),
        ]
    }
}
