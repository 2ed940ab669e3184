import Foundation
import Ledger

/// `/standar-pelayanan`: the city's published service standard (UU 25/2009, PermenPANRB 15/2014)
/// from `Config/service-standards.json`, each service with its components, its cost as the tariffs
/// in force with their legal basis, the complaint handling times and the service pledge.
enum ServiceStandardPage {
    static let template = """
        <h1>Standar pelayanan</h1>
        <p>{{city}} menerbitkan standar pelayanan ini sesuai Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.</p>
        {{#services}}<section><h2>{{name}}</h2>
        <dl>{{#components}}<dt><strong>{{label}}</strong></dt><dd><ul>{{#lines}}<li>{{.}}</li>{{/lines}}</ul></dd>{{/components}}
        <dt><strong>Biaya/tarif</strong></dt><dd><ul>{{#costs}}<li>{{name}}: {{summary}}<br><small>Dasar hukum: {{legal}}</small></li>{{/costs}}</ul>
        <p><a href="/public/tariffs">Semua tarif dan dasar hukumnya</a></p></dd></dl>
        <p><strong>Maklumat pelayanan:</strong> {{pledge}}</p></section>{{/services}}
        <section><h2>Penanganan aduan</h2>
        <p>Setiap aduan ditanggapi dalam {{acknowledge}} hari kerja dan diselesaikan paling lambat:</p>
        <ul>{{#tiers}}<li><strong>{{name}}</strong>: {{days}} hari kerja ({{categories}})</li>{{/tiers}}</ul>
        <p>Hari kerja: Senin–Jumat, kecuali libur nasional dan cuti bersama. Aduan yang tidak selesai dapat diteruskan ke {{referral}}.</p>
        <p><a href="/aduan">Sampaikan aduan</a> · <a href="/">Halaman utama</a></p></section>
        """

    /// The component labels in the order PermenPANRB 15/2014 lists them (cost comes from the tariffs).
    static func components(_ service: ServiceStandards.Service) -> [(String, [String])] {
        [
            ("Persyaratan", service.requirements), ("Sistem, mekanisme dan prosedur", service.procedure),
            ("Jangka waktu pelayanan", service.serviceTime), ("Produk pelayanan", service.product),
            ("Penanganan pengaduan, saran dan masukan", service.complaintChannel), ("Dasar hukum", service.legalBasis),
            ("Sarana, prasarana dan fasilitas", service.facilities), ("Kompetensi pelaksana", service.staffCompetence),
            ("Pengawasan internal", service.supervision), ("Jumlah pelaksana", service.staffing),
            ("Jaminan pelayanan", service.serviceGuarantee), ("Jaminan keamanan dan keselamatan", service.safetyGuarantee),
            ("Evaluasi kinerja pelaksana", service.evaluation),
        ]
    }

    static func render(_ configuration: CityConfiguration, today: CivilDate) -> String {
        let publication = TariffPublication(configuration)
        let standards = configuration.serviceStandards
        let started = publication.tariffSets.filter { $0.effectiveFrom <= today }
        let inForce = started.last { $0.effectiveUntil.map { today <= $0 } ?? true }
        let parkingCosts: [[String: Any]] = (inForce?.rules ?? []).map {
            ["name": $0.rule.name, "summary": $0.summary, "legal": citation($0.rule.legalBasis)]
        }
        let feeCosts: [[String: Any]] = publication.fees.map { fee in
            let amount: String =
                switch fee.amount {
                case .fixed(let value): value.formatted
                case .bounded(let minimum, let maximum): "\(minimum.formatted)–\(maximum.formatted)"
                }
            return ["name": fee.name, "summary": amount + (fee.unit.map { " \($0)" } ?? ""), "legal": citation(fee.legalBasis)]
        }
        let services: [[String: Any]] = standards.services.map { service in
            [
                "name": service.name, "pledge": service.pledge,
                "components": components(service).filter { !$0.1.isEmpty }.map { ["label": $0.0, "lines": $0.1] },
                "costs": service.tariffs == "parking" ? parkingCosts : feeCosts,
            ]
        }
        let tiers: [[String: Any]] = standards.complaints.tiers.map { tier in
            [
                "name": tier.name, "days": tier.workingDays,
                "categories": tier.categories.compactMap(Complaint.Category.init(rawValue:)).map(ComplaintPages.categoryText)
                    .joined(separator: ", "),
            ]
        }
        return PublicPages.render(
            "serviceStandard", title: "Standar pelayanan \(configuration.city.name)",
            [
                "city": configuration.city.name, "services": services, "tiers": tiers,
                "acknowledge": standards.complaints.acknowledgeWorkingDays, "referral": standards.complaints.referral,
            ])
    }

    static func citation(_ basis: LegalBasis) -> String {
        basis.citation + (basis.placeholder ? " (contoh)" : "")
    }
}
