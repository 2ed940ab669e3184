import Foundation
import Issuing
import Ledger

/// The public complaint pages (``ComplaintTemplates``), Indonesian or English (``ComplaintText``).
enum ComplaintPages {
    /// `template` with `values`, the words of `language` (`t`) and the language link to `path` with
    /// `query`, inside the public layout.
    static func render(
        _ template: String, title: String, language: ConsoleText.Language, path: String,
        query: [(String, String)] = [], _ values: [String: Any]
    ) -> String {
        var values = values.merging(PublicLanguage.values(language, path: path, query: query)) { $1 }
        values["t"] = ComplaintText.table(language)
        return PublicPages.render(template, title: title, language: language, values)
    }

    /// The form, empty or with what the citizen typed and why it was refused.
    static func form(
        _ configuration: CityConfiguration, formToken: String, request: ComplaintRequest = ComplaintRequest(),
        error: String? = nil, language: ConsoleText.Language = .id
    ) -> String {
        let standard = configuration.serviceStandards.complaints
        let tiers = standard.tiers
        let values: [String: Any] = [
            "formToken": formToken, "error": error ?? false,
            "intro": ComplaintText.text(
                "formIntro", language,
                [
                    "city": configuration.city.name, "ackDays": ComplaintText.workingDays(standard.acknowledgeWorkingDays, language),
                    "lightDays": ComplaintText.workingDays(tiers.map(\.workingDays).min() ?? 0, language),
                    "heavyDays": ComplaintText.workingDays(tiers.map(\.workingDays).max() ?? 0, language),
                ]),
            "privacy": ComplaintText.text("privacy", language, ["referral": standard.referral]),
            "timeZone": configuration.city.timeZone.label,
            "categories": Complaint.Category.allCases.map {
                [
                    "value": $0.rawValue, "label": ComplaintText.category($0, language),
                    "checked": request.category == $0.rawValue,
                ]
            },
            "zones": configuration.zones.map {
                ["id": $0.id.rawValue, "name": $0.name, "selected": request.zone == $0.id.rawValue]
            },
            "receiptCode": request.receiptCode ?? "", "billNumber": request.billNumber ?? "",
            "plate": request.plate ?? "", "occurredAt": request.occurredAt ?? "",
            "description": request.description ?? "", "contact": request.contact ?? "",
        ]
        return render(
            "complaintForm", title: ComplaintText.text("formTitle", language), language: language, path: "/aduan",
            values)
    }

    /// The answer to a filed form: the number, the access code and the deadline. Its language link
    /// opens the status page in the other language (a filing is not sent twice).
    static func filed(_ filed: FiledComplaint, zone: CityTimeZone, language: ConsoleText.Language = .id) -> String {
        let number = filed.complaint.number
        return render(
            "complaintFiled", title: ComplaintText.text("filedTitle", language), language: language,
            path: "/public/complaints/\(number)", query: [("code", filed.accessCode)],
            [
                "number": number, "accessCode": filed.accessCode,
                "deadline": localText(filed.complaint.filing.deadline, zone),
                "statusPath": statusPath(number, code: filed.accessCode)
                    + PublicLanguage.query(language, separator: "&"),
            ])
    }

    /// The status page's address (as the JSON answer gives it: without a language).
    static func statusPath(_ number: String, code: String) -> String {
        "/public/complaints/\(number)?code=\(code.urlComponentEncoded)"
    }

    static func status(
        _ complaint: Complaint, code: String, invoice: Invoice?, configuration: CityConfiguration, now: Date,
        language: ConsoleText.Language = .id
    ) -> String {
        let zone = configuration.city.timeZone
        let inTime = complaint.deadlineMet(now: now)
        let zoneName = complaint.filing.zone.map { id in
            configuration.zones.first { $0.id.rawValue == id }?.name ?? id
        }
        let values: [String: Any] = [
            "number": complaint.number, "statusText": ComplaintText.state(complaint.state, language),
            "box": complaint.state == .resolved ? "ok" : "warn",
            "outcomeText": complaint.resolution.map { ComplaintText.outcome($0.outcome, language) } ?? false,
            "laporNumber": complaint.resolution?.laporNumber ?? false,
            "categoryText": ComplaintText.category(complaint.filing.category, language),
            "filedAt": localText(complaint.filing.filedAt, zone),
            "deadline": localText(complaint.filing.deadline, zone),
            "late": inTime == false, "inTime": inTime == true, "zone": zoneName ?? false,
            "amount": invoice.map { $0.amount.formatted } ?? false,
            "ticketTime": invoice.map { localText($0.issuedAt, zone) } ?? "",
            "answers": complaint.answers.map { ["at": localText($0.at, zone), "message": $0.message] },
            "outcomeNote": complaint.resolution?.note ?? false,
            "resolvedAt": complaint.resolution.map { localText($0.at, zone) } ?? "",
        ]
        return render(
            "complaintStatus", title: "\(ComplaintText.text("statusTitle", language)) \(complaint.number)",
            language: language, path: "/public/complaints/\(complaint.number)", query: [("code", code)], values)
    }

    /// An unknown number or a wrong code (the same page for both); its language link keeps the
    /// number and the code as they were asked for.
    static func notFound(path: String, code: String, language: ConsoleText.Language = .id) -> String {
        render(
            "complaintNotFound", title: ComplaintText.text("notFoundTitle", language), language: language,
            path: path, query: code.isEmpty ? [] : [("code", code)], [:])
    }

    static func limited(limit: Int, retryAfter: Int, language: ConsoleText.Language = .id) -> String {
        render(
            "complaintsLimited", title: ComplaintText.text("limitedTitle", language), language: language,
            path: "/aduan",
            [
                "text": ComplaintText.text(
                    "limited", language, ["limit": "\(limit)", "minutes": "\(max(1, (retryAfter + 59) / 60))"])
            ])
    }

    static func localText(_ date: Date, _ zone: CityTimeZone) -> String {
        zone.local(date).date.description + " " + zone.formatTime(date)
    }
}
