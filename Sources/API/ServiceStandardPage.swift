import Foundation
import Ledger

/// `/standar-pelayanan`: the city's published service standard (UU 25/2009, PermenPANRB 15/2014)
/// from `Config/service-standards.json`, each service with its components, its cost as the tariffs
/// in force with their legal basis, the complaint handling times and the service pledge. Indonesian,
/// English with `?lang=en` (the labels only: the configured texts stay as the city wrote them).
enum ServiceStandardPage {
    static let template = """
        {{> languageSwitch}}
        <h1>{{t.serviceStandard}}</h1>
        <p>{{intro}}</p>
        {{#services}}<section><h2>{{name}}</h2>
        <dl>{{#components}}<dt><strong>{{label}}</strong></dt><dd><ul>{{#lines}}<li>{{.}}</li>{{/lines}}</ul></dd>{{/components}}
        <dt><strong>{{t.cost}}</strong></dt><dd><ul>{{#costs}}<li>{{name}}: {{summary}}<br><small>{{t.legalBasis}}: {{legal}}</small></li>{{/costs}}</ul>
        <p><a href="/public/tariffs">{{t.allTariffs}}</a></p></dd></dl>
        <p><strong>{{t.pledge}}:</strong> {{pledge}}</p></section>{{/services}}
        <section><h2>{{t.handling}}</h2>
        <p>{{handlingIntro}}</p>
        <ul>{{#tiers}}<li><strong>{{name}}</strong>: {{days}} ({{categories}})</li>{{/tiers}}</ul>
        <p>{{workingDaysNote}}</p>
        <p><a href="/aduan{{langQuery}}">{{t.fileComplaint}}</a> · <a href="/">{{t.home}}</a></p></section>
        """

    static func render(
        _ configuration: CityConfiguration, today: CivilDate, language: ConsoleText.Language = .id
    ) -> String {
        let publication = TariffPublication(configuration)
        let standards = configuration.serviceStandards
        let inForce = publication.inForce(on: today)
        func citation(_ basis: LegalBasis) -> String {
            basis.citation + (basis.placeholder ? " (\(ComplaintText.text("example", language)))" : "")
        }
        let parkingCosts: [[String: Any]] = (inForce?.rules ?? []).map {
            ["name": $0.rule.name, "summary": $0.rule.summary(english: language == .en), "legal": citation($0.rule.legalBasis)]
        }
        let feeCosts: [[String: Any]] = publication.fees.map { fee in
            [
                "name": fee.name, "summary": fee.amount.formatted + (fee.unit.map { " \($0)" } ?? ""),
                "legal": citation(fee.legalBasis),
            ]
        }
        let services: [[String: Any]] = standards.services.map { service in
            [
                "name": service.name, "pledge": service.pledge,
                "components": ComplaintText.components(service, language).filter { !$0.1.isEmpty }.map {
                    ["label": $0.0, "lines": $0.1]
                },
                "costs": service.tariffs == "parking" ? parkingCosts : feeCosts,
            ]
        }
        let tiers: [[String: Any]] = standards.complaints.tiers.map { tier in
            [
                "name": tier.name, "days": ComplaintText.workingDays(tier.workingDays, language),
                "categories": tier.categories.compactMap(Complaint.Category.init(rawValue:))
                    .map { ComplaintText.category($0, language) }.joined(separator: ", "),
            ]
        }
        let city = configuration.city.name
        return ComplaintPages.render(
            "serviceStandard", title: "\(ComplaintText.text("serviceStandard", language)) \(city)",
            language: language, path: "/standar-pelayanan",
            [
                "intro": ComplaintText.text("standardIntro", language, ["city": city]), "services": services,
                "tiers": tiers,
                "handlingIntro": ComplaintText.text(
                    "handlingIntro", language,
                    ["days": ComplaintText.workingDays(standards.complaints.acknowledgeWorkingDays, language)]),
                "workingDaysNote": ComplaintText.text(
                    "workingDaysNote", language, ["referral": standards.complaints.referral]),
            ])
    }
}
