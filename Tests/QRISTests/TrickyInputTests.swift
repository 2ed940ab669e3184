import Foundation
import QRIS
import Testing

/// Every row of the research note's §4 tricky-input table (and the rules of the issue) as a
/// payload with the exact set of issue codes and severities it must produce.
@Suite struct TrickyInputTests {
    @Test func theTableIsLoaded() throws {
        #expect(try Fixtures.trickyCases.count >= 80)
    }

    @Test(arguments: Fixtures.loadedCases)
    func producesExactlyTheExpectedIssues(_ testCase: Fixtures.TrickyCase) throws {
        let profile = try #require(QRISValidationOptions.Profile(rawValue: testCase.profile))
        let issues = QRISPayload.validate(
            testCase.payload, options: QRISValidationOptions(profile: profile, strict: testCase.strict))
        let found = issues.map {
            Fixtures.TrickyCase.Expectation(code: $0.code.rawValue, severity: $0.severity.rawValue)
        }
        #expect(
            found.sorted { $0.code < $1.code } == testCase.expect.sorted { $0.code < $1.code },
            "\(issues.map(\.description))")
        #expect(!issues.containsError == testCase.valid)
        for issue in issues {
            #expect(!issue.message.isEmpty)
            #expect(!issue.specSection.isEmpty)
            #expect(issue.byteOffset >= issue.characterOffset)
        }
    }

    @Test func crcMismatchNamesFoundAndExpectedValues() throws {
        let base = try Fixtures.sample("static")
        let issues = QRISPayload.validate(String(base.dropLast(4)) + "0000")
        let issue = try #require(issues.first)
        #expect(issue.code == .crcMismatch)
        #expect(issue.path == "63")
        #expect(issue.message == "CRC is 0000, expected \(base.suffix(4))")
        #expect(issue.characterOffset == base.count - 8)
        #expect(issue.description.hasPrefix("error crc.mismatch 63 CRC is 0000"))
    }

    @Test func amountIssueNamesTheBadValueAndPath() throws {
        let testCase = try #require(Fixtures.loadedCases.first { $0.name == "amount '25000,00'" })
        let issue = try #require(QRISPayload.validate(testCase.payload).first)
        #expect(issue.path == "54")
        #expect(issue.message.contains("'25000,00'"))
    }

    @Test func duplicateInTemplateHasItsPath() throws {
        let testCase = try #require(Fixtures.loadedCases.first { $0.name == "duplicate sub-tag in 62" })
        let issue = try #require(QRISPayload.validate(testCase.payload).first)
        #expect(issue.path == "62.07")
    }

    @Test func offsetsAreInCharactersAndBytes() throws {
        // 64.01 holds 4 CJK characters (12 bytes): the CRC issue after it is 8 bytes further on
        // than it is in characters.
        let annexB = try Fixtures.sample("emvcoAnnexB")
        let broken = String(annexB.dropLast(4)) + "FFFF"
        let issue = try #require(QRISPayload.validate(broken, options: .init(profile: .emvco)).first)
        #expect(issue.code == .crcMismatch)
        #expect(issue.characterOffset == annexB.unicodeScalars.count - 8)
        #expect(issue.byteOffset == annexB.utf8.count - 8)
        #expect(issue.byteOffset - issue.characterOffset == 2 * 4 + 2 * 2)
    }

    @Test func parseErrorOffsetsPointAtTheFault() throws {
        let base = try Fixtures.sample("static")
        let broken = base.replacingOccurrences(of: "5916PARKIR", with: "59x6PARKIR")
        let error = try #require(throws: QRISError.self) { try QRISPayload(parsing: broken) }
        #expect(error.code == .lengthNonDigit)
        let offset = base.utf8.count - base.split(separator: "5916PARKIR")[1].utf8.count - 10 + 2
        #expect(error.byteOffset == offset)
        #expect(error.characterOffset == offset)
        #expect(error.message.contains("'x6'"))
        #expect(error.path == "59")
    }

    @Test func amountAboveTheCapCanBeMadeAnError() throws {
        let testCase = try #require(Fixtures.loadedCases.first { $0.name == "amount above cap" })
        let issues = QRISPayload.validate(testCase.payload, options: .init(amountAboveCapIsError: true))
        #expect(issues.map(\.code) == [.amountAboveCap])
        #expect(issues.containsError)
    }
}
