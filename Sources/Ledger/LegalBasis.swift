import Foundation

/// The regulation and article that authorise a tariff rule, a fee or an event multiplier.
///
/// Indonesian law requires every retribusi to rest on a regional regulation (Peraturan Daerah,
/// "Perda") or a mayor's regulation (Peraturan Wali Kota, "Perwali"), and UU 25/2009 asks the
/// service provider to publish the legal basis with the tariff. Lunas therefore keeps the citation
/// next to each rule and prints it on receipts and on the public tariff page.
public struct LegalBasis: Sendable, Hashable, Codable {
    /// The regulation, as citizens know it: `Peraturan Daerah Kota Ambon Nomor … Tahun …`.
    public var regulation: String
    /// The article (and paragraph or appendix item) inside the regulation: `Pasal 60 ayat (2)`.
    public var article: String
    /// `true` when the citation is an example that the city must replace with its real regulation
    /// (the demo city's citations are placeholders). Published so that nobody mistakes it for law.
    public var placeholder: Bool

    /// Creates a citation.
    public init(regulation: String, article: String, placeholder: Bool = false) {
        self.regulation = regulation
        self.article = article
        self.placeholder = placeholder
    }

    /// The citation on one line: `Pasal 60 ayat (2), Peraturan Daerah Kota Ambon …`.
    public var citation: String {
        "\(article), \(regulation)" + (placeholder ? " (contoh)" : "")
    }

    private enum CodingKeys: String, CodingKey {
        case regulation, article, placeholder
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        regulation = try container.decode(String.self, forKey: .regulation)
        article = try container.decode(String.self, forKey: .article)
        placeholder = try container.decodeIfPresent(Bool.self, forKey: .placeholder) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(regulation, forKey: .regulation)
        try container.encode(article, forKey: .article)
        try container.encode(placeholder, forKey: .placeholder)
    }
}

extension LegalBasis {
    /// Adds a configuration issue for each empty part of the citation.
    func validate(at path: String, into issues: inout CityConfigurationIssues) {
        if regulation.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.add("\(path).regulation", "must name the regulation")
        }
        if article.trimmingCharacters(in: .whitespaces).isEmpty {
            issues.add("\(path).article", "must name the article")
        }
    }
}
