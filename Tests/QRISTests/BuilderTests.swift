import QRIS
import Testing

@Suite struct BuilderTests {
    static func demo() -> QRISBuilder {
        var builder = QRISBuilder(
            merchantName: "PARKIR DEMO KOTA", merchantCity: "AMBON", postalCode: "97126", merchantCategoryCode: "7523")
        builder.accounts = [
            .init(
                tag: 26, guid: "ID.CO.BANKDEMO.WWW", pan: "936099990000012345", merchantID: "DEMO000012345",
                criteria: "UMI")
        ]
        builder.national = .init(nmid: "ID1026000000001", criteria: "UMI")
        builder.additionalData.terminalLabel = "A01"
        return builder
    }

    @Test func buildsTheSameBytesAsTheIndependentFixture() throws {
        // The fixture was assembled and sealed by Python (binascii.crc_hqx).
        #expect(Array(try Self.demo().build().utf8) == Array(try Fixtures.sample("static").utf8))
    }

    @Test func dynamicCodeWithAmountAndReferencesValidatesStrictly() throws {
        var builder = Self.demo()
        builder.initiation = .dynamicCode
        builder.amount = 15000
        builder.additionalData = .init(billNumber: "INV-0001", referenceLabel: "REF-0001", terminalLabel: "A01")
        let text = try builder.build()
        #expect(Array(text.utf8) == Array(try Fixtures.sample("dynamicWithReference").utf8))
        #expect(QRISPayload.validate(text, options: .init(strict: true)).isEmpty)
    }

    @Test func outputIsInAscendingTagOrder() throws {
        var builder = Self.demo()
        builder.accounts.append(.init(tag: 27, guid: "COM.EXAMPLE.WWW", pan: "936012340000000001"))
        builder.accounts.reverse()
        builder.tip = .percentage(hundredths: 250)
        builder.language = .init(code: "ID", merchantName: "Parkir Kota")
        let payload = try QRISPayload(parsing: builder.build())
        let tags = payload.dataObjects.map(\.tag)
        #expect(tags == tags.sorted { ($0 == 63 ? 100 : $0) < ($1 == 63 ? 100 : $1) })
        #expect(payload.value("57") == "2.50")
        #expect(payload.validate(.init(strict: true)).isEmpty)
    }

    @Test func normalisesAlternateLanguageTextToNFC() throws {
        var builder = Self.demo()
        builder.language = .init(code: "FR", merchantName: "Cafe\u{301}")
        let payload = try QRISPayload(parsing: builder.build())
        #expect(Array(try #require(payload.value("64.01")).utf8) == Array("Caf\u{E9}".utf8))
        #expect(payload.validate().isEmpty)
    }

    @Test func refusesValuesThatDoNotFitInsteadOfTruncating() throws {
        var builder = Self.demo()
        builder.merchantName = "DINAS PERHUBUNGAN KOTA AMBON"
        let error = try #require(throws: QRISError.self) { try builder.build() }
        #expect(error.code == .tagLength)
        #expect(error.path == "59")
        #expect(error.message.contains("'DINAS PERHUBUNGAN KOTA AM'"))
    }

    @Test(arguments: [
        ("name", "charset.ans"), ("city", "tag.length"), ("amount0", "amount.zero"), ("amountCap", "amount.aboveCap"),
        ("pan", "mpan.format"), ("nmid", "nmid.format"), ("criteria", "criteria.invalid"), ("mcc", "tag.format"),
        ("bill", "tag.length"), ("control", "charset.control"), ("noNational", "national.missing"),
    ])
    func refusesBadFields(_ field: String, _ code: String) throws {
        var builder = Self.demo()
        switch field {
        case "name": builder.merchantName = "Bäznas"
        case "city": builder.merchantCity = "KOTA AMBON BARATDAYA"
        case "amount0": builder.amount = 0
        case "amountCap": builder.amount = 10_000_001
        case "pan": builder.accounts[0].pan = "9360-1234"
        case "nmid": builder.national?.nmid = "ID12"
        case "criteria": builder.national?.criteria = "XYZ"
        case "mcc": builder.merchantCategoryCode = "75A3"
        case "bill": builder.additionalData.billNumber = String(repeating: "9", count: 26)
        case "control": builder.additionalData.billNumber = "INV\n1"
        default: builder.national = nil
        }
        let error = try #require(throws: QRISError.self) { try builder.build() }
        #expect(error.code.rawValue == code)
    }

    @Test func refusesPayloadsOver512Characters() throws {
        var builder = Self.demo()
        builder.accounts = (26...32).map {
            .init(tag: $0, guid: "COM.EXAMPLE.PROVIDER.WWW", pan: "9360999900000123456", merchantID: "MERCHANT0000001")
        }
        builder.additionalData = .init(
            billNumber: String(repeating: "B", count: 25), referenceLabel: String(repeating: "R", count: 25),
            terminalLabel: String(repeating: "T", count: 25))
        builder.language = .init(code: "ID", merchantName: String(repeating: "N", count: 25))
        let error = try #require(throws: QRISError.self) { try builder.build() }
        #expect(error.code == .payloadLength)
    }

    @Test func amountsAreWholeRupiahWithoutSeparators() throws {
        var builder = Self.demo()
        builder.initiation = .dynamicCode
        builder.amount = 10_000_000
        #expect(try QRISPayload(parsing: builder.build()).value("54") == "10000000")
    }
}
