import API
import Foundation
import HTTPTypes
import LunasTestSupport
import Reconciliation
import Testing

/// ``MultipartForm`` and ``MultipartReader``: round trips of random forms (random boundaries, binary
/// bodies with CRLF and boundary-like text, fed in random chunks), random and truncated bodies that
/// must always end in a specific `multipart.*` error, and each error's code and offset.
@Suite("multipart/form-data reader")
struct MultipartFormTests {
    static let bchars = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'()+_,-./:=? ".utf8)

    /// A random boundary RFC 2046 allows.
    static func boundary(_ random: inout SeededGenerator) -> String {
        var bytes = (0..<Int.random(in: 1...70, using: &random)).map { _ in bchars.randomElement(using: &random)! }
        if bytes.last == UInt8(ascii: " ") { bytes[bytes.count - 1] = UInt8(ascii: "x") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Random bytes with line breaks, dashes and pieces of `boundary` mixed in.
    static func body(_ random: inout SeededGenerator, boundary: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            switch Int.random(in: 0...5, using: &random) {
            case 0: bytes += [0x0D, 0x0A]
            case 1: bytes += Array("--".utf8)
            case 2: bytes += Array(boundary.utf8.prefix(Int.random(in: 0...boundary.utf8.count, using: &random)))
            case 3: bytes += Array("\r\n--".utf8) + Array(boundary.utf8.dropLast())
            case 4: bytes += Array("--\(boundary)".utf8)  // not after a CRLF: not a delimiter
            default:
                bytes += (0..<Int.random(in: 0...40, using: &random)).map { _ in
                    UInt8.random(in: 0...255, using: &random)
                }
            }
        }
        return bytes
    }

    static func name(_ random: inout SeededGenerator) -> String {
        let letters = Array("abcXYZ09 _-;=.,é日本")
        return String((0..<Int.random(in: 1...12, using: &random)).map { _ in letters.randomElement(using: &random)! })
    }

    /// A random form whose bodies never hold its delimiter (as RFC 2046 requires of a sender).
    static func form(_ random: inout SeededGenerator) -> (MultipartForm, String) {
        while true {
            let boundary = boundary(&random)
            let parts = (0..<Int.random(in: 0...6, using: &random)).map { _ in
                MultipartForm.Part(
                    name: name(&random), filename: Bool.random(using: &random) ? name(&random) : nil,
                    contentType: Bool.random(using: &random) ? "application/octet-stream" : nil,
                    body: body(&random, boundary: boundary))
            }
            let delimiter = Array("\r\n--\(boundary)".utf8)
            let clean = parts.allSatisfy { !([0x0D, 0x0A] + $0.body + [0x0D, 0x0A]).contains(delimiter) }
            if clean { return (MultipartForm(parts: parts), boundary) }
        }
    }

    /// Reads `body` through ``MultipartReader`` in random chunks.
    static func readChunked(
        _ body: [UInt8], contentType: String, _ random: inout SeededGenerator
    ) throws -> MultipartForm {
        var reader = try MultipartReader(boundary: try MultipartForm.boundary(contentType: contentType))
        var parts: [MultipartForm.Part] = []
        let collect: (MultipartReader.Event) throws -> Void = { event in
            switch event {
            case .part(let h):
                parts.append(.init(name: h.name, filename: h.filename, contentType: h.contentType, body: []))
            case .body(let bytes): parts[parts.count - 1].body += bytes
            case .partEnd: break
            }
        }
        var index = 0
        while index < body.count {
            let size = Int.random(
                in: 1...max(1, min(body.count - index, Int.random(in: 1...90, using: &random))), using: &random)
            try reader.read(body[index..<index + size], collect)
            index += size
        }
        try reader.finish(collect)
        return MultipartForm(parts: parts)
    }

    @Test(
        "round trip: random forms (random boundaries, binary bodies with CRLF and boundary-like text), whole and in random chunks"
    )
    func roundTrip() throws {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<1500 {
            let (form, boundary) = Self.form(&random)
            let (body, contentType) = try form.encoded(boundary: boundary)
            #expect(try MultipartForm(bytes: body, contentType: contentType) == form, "boundary \(boundary)")
            #expect(try Self.readChunked(body, contentType: contentType, &random) == form, "boundary \(boundary)")
        }
    }

    /// `error` is a specific multipart error: 400, a `multipart.` code, a message naming a byte offset.
    static func isSpecific(_ error: any Error) -> Bool {
        guard let error = error as? APIError else { return false }
        return error.status == .badRequest && error.code.hasPrefix("multipart.") && error.code != "multipart.failed"
            && (error.message.contains("at byte ") || error.field == "Content-Type")
    }

    @Test("fuzz: random bytes, truncations and byte flips of valid forms never crash; each failure is a specific error")
    func fuzz() throws {
        var random = SeededGenerator(seed: 99)
        var failures = 0
        for round in 0..<3000 {
            let (form, boundary) = Self.form(&random)
            var (body, contentType) = try form.encoded(boundary: boundary)
            switch round % 3 {
            case 0: body = Array(body.prefix(Int.random(in: 0..<max(1, body.count), using: &random)))
            case 1:
                for _ in 0..<Int.random(in: 1...4, using: &random) where !body.isEmpty {
                    body[Int.random(in: 0..<body.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            default:
                body =
                    (0..<Int.random(in: 0...300, using: &random)).map { _ in
                        Bool.random(using: &random)
                            ? UInt8.random(in: 0...255, using: &random)
                            : Array("\r\n-- ".utf8).randomElement(using: &random)!
                    } + (Bool.random(using: &random) ? Array("--\(boundary)".utf8) : [])
            }
            do {
                _ = try Self.readChunked(body, contentType: contentType, &random)
            } catch {
                failures += 1
                #expect(Self.isSpecific(error), "\(error)")
            }
        }
        #expect(failures > 1000, "the fuzz inputs hardly ever fail: \(failures)")
    }

    @Test(
        "the boundary from the Content-Type: quoted or a token; absent, empty, too long or with bad characters is refused",
        arguments: [
            ("multipart/form-data; boundary=abc", "abc"),
            ("Multipart/Form-Data;boundary=\"a b:c?\"", "a b:c?"),
            ("multipart/form-data; charset=utf-8; BOUNDARY=\"x\\\"\"", nil),
            (
                "multipart/form-data; boundary=\"----WebKitFormBoundary7MA4YWxkTrZu0gW\"",
                "----WebKitFormBoundary7MA4YWxkTrZu0gW"
            ),
        ] as [(String, String?)])
    func boundary(contentType: String, expected: String?) throws {
        if let expected {
            #expect(try MultipartForm.boundary(contentType: contentType) == expected)
        } else {
            #expect(throws: APIError.self) { try MultipartForm.boundary(contentType: contentType) }
        }
    }

    @Test(
        "a specific error for each malformed input, naming the byte offset",
        arguments: [
            ("text/csv", "", "multipart.notFormData"),
            ("multipart/form-data", "", "multipart.noBoundary"),
            ("multipart/form-data; boundary=\"\"", "", "multipart.invalidBoundary"),
            ("multipart/form-data; boundary=\(String(repeating: "b", count: 71))", "", "multipart.invalidBoundary"),
            ("multipart/form-data; boundary=\"ends \"", "", "multipart.invalidBoundary"),
            ("multipart/form-data; boundary=b", "no boundary here", "multipart.noOpeningBoundary"),
            ("multipart/form-data; boundary=b", "--bx\r\n", "multipart.malformedBoundaryLine"),
            (
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n",
                "multipart.unterminatedHeaders"
            ),
            (
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
                "multipart.unterminatedPart"
            ),
            (
                "multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--",
                "multipart.missingContentDisposition"
            ),
            (
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data\r\n\r\nv\r\n--b--",
                "multipart.missingName"
            ),
            (
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--b--",
                "multipart.malformedHeader"
            ),
            ("multipart/form-data; boundary=b", "--b\r\nno colon\r\n\r\nv\r\n--b--", "multipart.malformedHeader"),
            (
                "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--",
                "multipart.malformedHeader"
            ),
            (
                "multipart/form-data; boundary=b", "--b\r\nX: \(String(repeating: "y", count: 9000))\r\n\r\n--b--",
                "multipart.headersTooLong"
            ),
            (
                "multipart/form-data; boundary=b",
                String(repeating: "--b\r\nContent-Disposition: form-data; name=a\r\n\r\n\r\n", count: 17) + "--b--",
                "multipart.tooManyParts"
            ),
        ])
    func errors(contentType: String, body: String, code: String) {
        do {
            _ = try MultipartForm(bytes: Array(body.utf8), contentType: contentType)
            Issue.record("accepted: \(body.prefix(60))")
        } catch let error as APIError {
            #expect(error.code == code, "\(error.message)")
            #expect(error.status == .badRequest)
            #expect(Self.isSpecific(error), "\(error.message)")
        } catch {
            Issue.record("not an APIError: \(error)")
        }
    }

    @Test("an unterminated part names the offset where its body began and where the input ended")
    func unterminatedOffset() throws {
        let body = Array(
            "preamble\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nabc".utf8)
        let error = try #require(throws: APIError.self) {
            try MultipartForm(bytes: body, contentType: "multipart/form-data; boundary=b")
        }
        #expect(error.code == "multipart.unterminatedPart")
        #expect(error.message.contains("began at byte \(body.count - 3)"), "\(error.message)")
        #expect(error.message.contains("at byte \(body.count) of the body"), "\(error.message)")
    }

    @Test("a browser's form: preamble, padding after the boundary, an epilogue, a file part with its name and type")
    func browserForm() throws {
        let text =
            "ignored preamble\r\n--XyZ  \r\nContent-Disposition: form-data; name=\"profile\"\r\n\r\nexample-acquirer\r\n"
            + "--XyZ\r\ncontent-disposition: form-data; name=\"file\"; filename=\"C:\\\\bank\\\\day.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n--XyZ--\r\nepilogue --XyZ"
        let form = try MultipartForm(bytes: Array(text.utf8), contentType: "multipart/form-data; boundary=XyZ")
        #expect(form.parts.map(\.name) == ["profile", "file"])
        #expect(form.part(named: "profile")?.body == Array("example-acquirer".utf8))
        let file = try #require(form.part(named: "file"))
        #expect(file.header.filename == "C:\\\\bank\\\\day.csv")
        #expect(file.header.mediaType == "text/csv")
        #expect(file.body == Array("a,b\r\n1,2\r\n".utf8))
    }
}
