import Foundation
import Testing

@testable import Reconciliation

/// The MT940 reader decodes per line (issue 12, item 10): the whole file as UTF-8 when it is valid
/// UTF-8, else as ISO-8859-1, exactly as before it was streamed.
@Suite("MT940 text encodings")
struct MT940EncodingTests {
    /// One statement whose narrative is `narrative` (raw bytes), preceded by `prefix`.
    static func statement(narrative: [UInt8], prefix: [UInt8] = [], lineEnd: String = "\r\n") -> Data {
        let head =
            [
                ":20:ENC1", ":25:ID0012345678", ":28C:1/1", ":60F:C260101IDR0",
                ":61:2601020102C5000NTRFNONREF//RRN000000000001", "AMB0000001",
            ].joined(separator: lineEnd) + lineEnd + ":86:"
        let tail = lineEnd + ":62F:C260102IDR5000" + lineEnd + "-" + lineEnd
        return Data(prefix + Array(head.utf8) + narrative + Array(tail.utf8))
    }

    static func narrative(of data: Data) throws -> String? {
        try MT940Reader().read(data: data).statements.first?.entries.first?.additionalInfo
    }

    @Test("a file that is not UTF-8 is read as ISO-8859-1")
    func latin1() throws {
        // "Café Müller ÄÖÜ ß" in ISO-8859-1: É9, FC, C4, D6, DC, DF are not valid UTF-8 here.
        let bytes: [UInt8] =
            Array("Caf".utf8) + [0xE9] + Array(" M".utf8) + [0xFC] + Array("ller ".utf8)
            + [0xC4, 0xD6, 0xDC, 0x20, 0xDF]
        #expect(try Self.narrative(of: Self.statement(narrative: bytes)) == "Café Müller ÄÖÜ ß")
        #expect(try Self.narrative(of: Self.statement(narrative: bytes, lineEnd: "\n")) == "Café Müller ÄÖÜ ß")
    }

    @Test("a UTF-8 file is read as UTF-8, with or without a byte order mark")
    func utf8() throws {
        let text = Array("Café Müller ÄÖÜ ß".utf8)
        #expect(try Self.narrative(of: Self.statement(narrative: text)) == "Café Müller ÄÖÜ ß")
        #expect(
            try Self.narrative(of: Self.statement(narrative: text, prefix: [0xEF, 0xBB, 0xBF])) == "Café Müller ÄÖÜ ß")
    }

    @Test("one byte that is not UTF-8 anywhere makes the whole file ISO-8859-1, as before")
    func wholeFileDecides() throws {
        // Valid UTF-8 "é" (C3 A9) in the narrative, and a lone E9 in the account line: ISO-8859-1 for all.
        var data = Self.statement(narrative: Array("Café".utf8))
        let account = try #require(data.range(of: Data("ID0012345678".utf8)))
        data.replaceSubrange(account, with: Data("ID00123456".utf8) + Data([0xE9]))
        #expect(try Self.narrative(of: data) == "CafÃ©")
        let statement = try MT940Reader().read(data: data)
        #expect(statement.statements.first?.account == "ID00123456é")
    }

    @Test("line numbers in errors count every line, as before")
    func lineNumbers() throws {
        var data = Self.statement(narrative: Array("x".utf8))
        data.append(Data(":61:bad\r\n".utf8))
        let error = try #require(throws: ReconciliationError.self) { try MT940Reader().read(data: data) }
        #expect(error.position?.line == 10, "\(error)")
    }
}
