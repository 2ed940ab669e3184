import QRIS
import Testing

@Suite struct PayloadParserTests {
    @Test func parsesTheStaticSampleIntoAnOrderedTree() throws {
        let payload = try QRISPayload(parsing: Fixtures.sample("static"))
        let rootTags = payload.dataObjects.map(\.tag)
        #expect(rootTags == [0, 1, 26, 51, 52, 53, 58, 59, 60, 61, 62, 63])
        #expect(payload.value("26.00") == "ID.CO.BANKDEMO.WWW")
        #expect(payload.value("26.01") == "936099990000012345")
        #expect(payload.mpan == "936099990000012345")
        #expect(payload.nmid == "ID1026000000001")
        #expect(payload.merchantName == "PARKIR DEMO KOTA")
        #expect(payload.terminalLabel == "A01")
        #expect(payload.amount == nil)
        #expect(!payload.isDynamic)
        #expect(payload.validate().isEmpty)
    }

    @Test func readsTheDynamicFieldsTheAcquirerNeeds() throws {
        let payload = try QRISPayload(parsing: Fixtures.sample("dynamicWithReference"))
        #expect(payload.isDynamic)
        #expect(payload.amount?.wholeRupiah == 15000)
        #expect(payload.billNumber == "INV-0001")
        #expect(payload.referenceLabel == "REF-0001")
        #expect(payload.merchantAccounts.map(\.tag) == [26, 51])
        #expect(payload.merchantAccounts.last?.merchantID == "ID1026000000001")
    }

    @Test(arguments: ["static", "emvcoAnnexB", "dynamicWithReference"])
    func reEncodingGivesIdenticalBytes(_ name: String) throws {
        let text = try Fixtures.sample(name)
        let payload = try QRISPayload(parsing: text)
        #expect(Array(payload.encoded.utf8) == Array(text.utf8))
        #expect(Array(try QRISDataObject.encodeVerbatim(payload.dataObjects).utf8) == Array(text.utf8))
        #expect(Array(try QRISDataObject.encode(payload.dataObjects).utf8) == Array(text.utf8))
    }

    @Test func keepsUnknownTagsAndTheOriginalOrder() throws {
        // 54 before 53 (as real generators write), an RFU tag 70 and a 62.00 that EMVCo leaves undefined.
        let objects = [
            QRISDataObject(tag: 0, value: "01"), QRISDataObject(tag: 26, children: [.init(tag: 0, value: "A.B")]),
            QRISDataObject(tag: 54, value: "500"), QRISDataObject(tag: 53, value: "360"),
            QRISDataObject(tag: 70, value: "FUTURE"), QRISDataObject(tag: 62, children: [.init(tag: 0, value: "X")]),
        ]
        let text = try QRISDataObject.encode(objects)
        let payload = try QRISPayload(parsing: text)
        #expect(payload.dataObjects.map(\.tag) == [0, 26, 54, 53, 70, 62, 63])
        #expect(payload.value("70") == "FUTURE")
        #expect(payload.value("62.00") == "X")
        #expect(Array(payload.encoded.utf8) == Array(text.utf8))
    }

    @Test func primitiveMerchantAccountsAreNeverNested() throws {
        let text = try QRISDataObject.encode([
            QRISDataObject(tag: 0, value: "01"), QRISDataObject(tag: 4, value: "0102AB5204XYZ0"),
        ])
        let payload = try QRISPayload(parsing: text)
        let node = try #require(payload.nodes.first { $0.tag == 4 })
        #expect(!node.isTemplate)
        #expect(payload.nodes.count == 3)
        #expect(payload.value("04") == "0102AB5204XYZ0")
    }

    @Test func nestsAdditionalDataPaymentSystemTemplates() throws {
        let payload = try QRISPayload(parsing: Fixtures.sample("emvcoAnnexB"))
        #expect(payload.value("91.00") == "A011223344998877")
        #expect(payload.value("62.09") == "ME")
        #expect(payload.value("64.01") == "最佳运输")
    }

    @Test func lengthsCountUnicodeScalarsNotCharactersOrUTF16() throws {
        // "e\u{301}" is 1 Character and 2 scalars; a flag is 1 Character, 2 scalars, 4 UTF-16 units.
        for name in ["Cafe\u{301}", "🇮🇩 Ambon", "\u{1F17F}\u{FE0F}"] {
            let text = try QRISDataObject.encode([
                QRISDataObject(tag: 0, value: "01"),
                QRISDataObject(tag: 64, children: [.init(tag: 0, value: "ID"), .init(tag: 1, value: name)]),
            ])
            let payload = try QRISPayload(parsing: text)
            let node = try #require(payload.nodes.first { $0.tag == 1 && $0.depth == 1 })
            #expect(Int(node.length) == name.unicodeScalars.count)
            #expect(Array(payload.value("64.01")!.utf8) == Array(name.utf8))
        }
    }

    @Test func malformedTemplatesAreKeptAsPrimitives() throws {
        let text = try QRISDataObject.encode([
            QRISDataObject(tag: 0, value: "01"), QRISDataObject(tag: 62, value: "HELLO WORLD"),
        ])
        let payload = try QRISPayload(parsing: text)
        let node = try #require(payload.nodes.first { $0.tag == 62 })
        #expect(node.isMalformedTemplate)
        #expect(Array(payload.encoded.utf8) == Array(text.utf8))
        let issue = try #require(payload.validate(.init(profile: .emvco)).first { $0.code == .templateMalformed })
        #expect(issue.message.contains("'HELLO WORLD'"))
    }

    @Test(arguments: [
        ("", "payload.empty"), ("0", "truncated"), ("000", "truncated"), ("0002", "truncated"),
        ("AB0201", "tag.nonDigit"), ("00x201", "length.nonDigit"), ("0000", "length.zero"),
        ("000201\u{0}", "truncated"), ("é00201", "tag.nonDigit"),
    ])
    func parseErrorsHaveStableCodes(_ input: String, _ code: String) throws {
        let error = try #require(throws: QRISError.self) { try QRISPayload(parsing: input) }
        #expect(error.code.rawValue == code)
        #expect(error.characterOffset != nil && error.byteOffset != nil)
    }

    @Test func invalidUTF8IsReportedWithItsByteOffset() throws {
        var bytes = Array("000201".utf8)
        bytes.append(0xFF)
        let error = try #require(throws: QRISError.self) { try QRISPayload(parsingBytes: bytes) }
        #expect(error.code == .utf8Invalid)
        #expect(error.byteOffset == 6)
        #expect(error.message.contains("0xFF"))
    }

    @Test func hugeInputIsRefusedBeforeParsing() throws {
        let huge = String(repeating: "0", count: 10_000_000)
        let error = try #require(throws: QRISError.self) { try QRISPayload(parsing: huge) }
        #expect(error.code == .payloadTooLong)
    }

    @Test func surroundingWhitespaceIsTrimmedAndRemembered() throws {
        let text = try Fixtures.sample("static")
        let payload = try QRISPayload(parsing: " \t" + text + "\n")
        #expect(payload.leadingWhitespace == 2)
        #expect(Array(payload.encoded.utf8) == Array(text.utf8))
        #expect(payload.validate().map(\.code) == [.payloadWhitespace])
    }
}
