import Foundation
import Testing

@testable import Ledger

@Suite("Tariff rule summaries")
struct TariffRuleSummaryTests {
    typealias F = TariffEvaluatorFixtures

    @Test func progressiveRuleWithGraceAndNightWindow() throws {
        let rule = try #require(F.set2026.rules.first { $0.id == "a-car" })
        #expect(
            rule.summary
                == "Rp3.000 jam pertama, Rp2.000 tiap jam berikutnya, paling banyak Rp25.000 per hari; "
                + "bebas 5 menit pertama; Malam (22:00–06:00): gratis")
    }

    @Test func flatRuleAndWeekdayWindow() throws {
        let heavy = try #require(F.set2026.rules.first { $0.id == "a-heavy" })
        #expect(heavy.summary.hasSuffix("Jam sibuk (Senin, Selasa, Rabu, Kamis, Jumat 07:00–17:00): 150% dari tarif"))
        let motorcycle = try #require(F.set2026.rules.first { $0.id == "a-motorcycle" })
        #expect(motorcycle.summary == "Rp2.000 sekali parkir")
        // A window whose name already says it is free is not told twice ("Malam, gratis: gratis").
        var named = try #require(F.set2026.rules.first { $0.id == "a-car" })
        named.windows[0].name = "Malam, gratis"
        #expect(named.summary.hasSuffix("; Malam, gratis (22:00–06:00)"))
        let lot = try #require(F.set2026.rules.first { $0.id == "c-car" })
        #expect(lot.summary.hasPrefix("Rp5.000 2 jam pertama, Rp1.001 tiap 30 menit berikutnya"))
    }

    @Test("English summaries say the same rule in English; the city's window names stay as configured")
    func englishSummaries() throws {
        let car = try #require(F.set2026.rules.first { $0.id == "a-car" })
        #expect(
            car.summary(english: true)
                == "Rp3.000 the first hour, Rp2.000 each further hour, at most Rp25.000 a day; "
                + "the first 5 minutes free; Malam (22:00–06:00): free")
        let heavy = try #require(F.set2026.rules.first { $0.id == "a-heavy" })
        #expect(
            heavy.summary(english: true).hasSuffix(
                "Jam sibuk (Monday, Tuesday, Wednesday, Thursday, Friday 07:00–17:00): 150% of the tariff"))
        let motorcycle = try #require(F.set2026.rules.first { $0.id == "a-motorcycle" })
        #expect(motorcycle.summary(english: true) == "Rp2.000 per stay")
        let lot = try #require(F.set2026.rules.first { $0.id == "c-car" })
        #expect(lot.summary(english: true).hasPrefix("Rp5.000 the first 2 hours, Rp1.001 each further 30 minutes"))
        #expect(car.summary(english: false) == car.summary)
    }
}

@Suite("Tariff publication")
struct TariffPublicationTests {
    @Test func publishesTheDemoCityWithSummariesAndLegalBasis() throws {
        let configuration = try CityConfiguration.load(from: CityConfigurationTests.demoDirectory)
        let publication = TariffPublication(configuration)
        #expect(publication.city == "Pemerintah Kota Ambon")
        #expect(publication.timeZoneLabel == "WIT")
        #expect(publication.nmid == configuration.city.merchant.nmid)
        let current = try #require(publication.tariffSets.last)
        #expect(current.id == "ambon-parkir-2026")
        let car = try #require(current.rules.first { $0.rule.id == "a-car" })
        #expect(car.summary.hasPrefix("Rp3.000 jam pertama, Rp2.000 tiap jam berikutnya"))
        #expect(car.rule.legalBasis.placeholder)
        let json = String(decoding: try JSONEncoder().encode(publication), as: UTF8.self)
        #expect(json.contains("\"summary\""))
        #expect(json.contains("\"legalBasis\""))
        #expect(try JSONDecoder().decode(TariffPublication.self, from: Data(json.utf8)) == publication)
    }

    @Test("the set the pages call 'in force' is the one the evaluator applies, every day around a change")
    func inForceAgreesWithTheEvaluator() throws {
        typealias F = TariffEvaluatorFixtures
        let schedule = TariffSchedule(sets: [F.set2025, F.set2026])
        var configuration = try CityConfiguration.load(from: CityConfigurationTests.demoDirectory)
        configuration.tariffs = schedule
        let publication = TariffPublication(configuration)
        let change = try #require(F.set2025.effectiveUntil)
        for offset in -40...40 {
            let day = CivilDate(daysSince1970: change.daysSince1970 + offset)
            let applied = try? schedule.set(effectiveOn: day)
            #expect(publication.inForce(on: day)?.id == applied?.id, "\(day)")
        }
        #expect(publication.inForce(on: change)?.id == F.set2026.id, "the first day it no longer applies")
    }
}
