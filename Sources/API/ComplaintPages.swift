import Foundation
import Issuing
import Ledger

/// The public complaint pages (``ComplaintTemplates``), in Indonesian.
enum ComplaintPages {
    static func render(_ template: String, title: String, _ values: [String: Any]) -> String {
        PublicPages.render(template, title: title, values)
    }

    static func categoryText(_ category: Complaint.Category) -> String {
        switch category {
        case .overcharged: "Ditarik lebih dari tarif"
        case .cashRequested: "Diminta membayar tunai"
        case .noTicket: "Tidak diberi karcis"
        case .qrFailed: "QRIS tidak bisa dipindai atau dibayar"
        case .paidShownUnpaid: "Sudah membayar tetapi tercatat belum"
        case .attendantBehaviour: "Perilaku juru parkir"
        case .other: "Lainnya"
        }
    }

    static func statusText(_ state: Complaint.State) -> String {
        switch state {
        case .open: "Diterima, menunggu jawaban"
        case .answered: "Sudah dijawab, belum selesai"
        case .resolved: "Selesai"
        }
    }

    static func outcomeText(_ outcome: Complaint.Outcome) -> String {
        switch outcome {
        case .substantiated: "Aduan terbukti; kota menindaklanjuti."
        case .notSubstantiated: "Aduan tidak terbukti."
        case .restitution: "Aduan terbukti; uang Anda dikembalikan."
        case .referred: "Aduan diteruskan ke SP4N-LAPOR!."
        }
    }

    /// The form, empty or with what the citizen typed and why it was refused.
    static func form(
        _ configuration: CityConfiguration, formToken: String, request: ComplaintRequest = ComplaintRequest(),
        error: String? = nil
    ) -> String {
        let tiers = configuration.serviceStandards.complaints.tiers
        let values: [String: Any] = [
            "city": configuration.city.name, "formToken": formToken, "error": error ?? false,
            "ackDays": configuration.serviceStandards.complaints.acknowledgeWorkingDays,
            "lightDays": tiers.map(\.workingDays).min() ?? 0, "heavyDays": tiers.map(\.workingDays).max() ?? 0,
            "referral": configuration.serviceStandards.complaints.referral,
            "timeZone": configuration.city.timeZone.label,
            "categories": Complaint.Category.allCases.map {
                ["value": $0.rawValue, "label": categoryText($0), "checked": request.category == $0.rawValue]
            },
            "zones": configuration.zones.map {
                ["id": $0.id.rawValue, "name": $0.name, "selected": request.zone == $0.id.rawValue]
            },
            "receiptCode": request.receiptCode ?? "", "billNumber": request.billNumber ?? "",
            "plate": request.plate ?? "", "occurredAt": request.occurredAt ?? "",
            "description": request.description ?? "", "contact": request.contact ?? "",
        ]
        return render("complaintForm", title: "Sampaikan aduan", values)
    }

    static func filed(_ filed: FiledComplaint, zone: CityTimeZone) -> String {
        render(
            "complaintFiled", title: "Aduan diterima",
            [
                "number": filed.complaint.number, "accessCode": filed.accessCode,
                "deadline": localText(filed.complaint.filing.deadline, zone),
                "statusPath": statusPath(filed.complaint.number, code: filed.accessCode),
            ])
    }

    static func statusPath(_ number: String, code: String) -> String {
        "/public/complaints/\(number)?code=\(code.urlComponentEncoded)"
    }

    static func status(_ complaint: Complaint, invoice: Invoice?, configuration: CityConfiguration, now: Date) -> String {
        let zone = configuration.city.timeZone
        let inTime = complaint.deadlineMet(now: now)
        let zoneName = complaint.filing.zone.map { id in configuration.zones.first { $0.id.rawValue == id }?.name ?? id }
        let values: [String: Any] = [
            "number": complaint.number, "statusText": statusText(complaint.state),
            "box": complaint.state == .resolved ? "ok" : "warn",
            "outcomeText": complaint.resolution.map { outcomeText($0.outcome) } ?? false,
            "laporNumber": complaint.resolution?.laporNumber ?? false,
            "categoryText": categoryText(complaint.filing.category),
            "filedAt": localText(complaint.filing.filedAt, zone), "deadline": localText(complaint.filing.deadline, zone),
            "late": inTime == false, "inTime": inTime == true, "zone": zoneName ?? false,
            "amount": invoice.map { $0.amount.formatted } ?? false,
            "ticketTime": invoice.map { localText($0.issuedAt, zone) } ?? "",
            "answers": complaint.answers.map { ["at": localText($0.at, zone), "message": $0.message] },
            "outcomeNote": complaint.resolution?.note ?? false,
            "resolvedAt": complaint.resolution.map { localText($0.at, zone) } ?? "",
        ]
        return render("complaintStatus", title: "Status aduan \(complaint.number)", values)
    }

    static func notFound() -> String { render("complaintNotFound", title: "Aduan tidak ditemukan", [:]) }

    static func limited(limit: Int, retryAfter: Int) -> String {
        render(
            "complaintsLimited", title: "Terlalu banyak aduan",
            ["limit": limit, "minutes": max(1, (retryAfter + 59) / 60)])
    }

    static func localText(_ date: Date, _ zone: CityTimeZone) -> String {
        zone.local(date).date.description + " " + zone.formatTime(date)
    }
}
