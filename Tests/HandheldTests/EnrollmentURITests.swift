import Foundation
import Handheld
import Testing

@Suite("The enrolment link lunas://enroll?server=…&token=…")
struct EnrollmentURITests {
    @Test("a console link gives its server and token")
    func parses() throws {
        let link = try #require(EnrollmentURI("lunas://enroll?server=https://lunas.ambon.go.id&token=abc_DEF-123"))
        #expect(link.server == "https://lunas.ambon.go.id")
        #expect(link.token == "abc_DEF-123")
        let encoded = try #require(EnrollmentURI("lunas://enroll?server=http%3A%2F%2F127.0.0.1%3A8080&token=t%2Bk"))
        #expect(encoded.server == "http://127.0.0.1:8080")
        #expect(encoded.token == "t+k")
    }

    @Test(
        "anything else is refused",
        arguments: [
            "", "lunas://enroll", "lunas://enroll?server=https://a.example", "lunas://enroll?token=x",
            "https://enroll?server=https://a.example&token=x", "lunas://join?server=https://a.example&token=x",
            "lunas://enroll?server=ftp://a.example&token=x", "lunas://enroll?server=https://a.example&token=",
            "lunas://enroll?server=notaurl&token=x", "lunas://enroll?server=https://&token=x",
        ])
    func refuses(text: String) {
        #expect(EnrollmentURI(text) == nil, "\(text)")
    }

    @Test("property: every link built from a server and a token reads back the same; random text never traps")
    func roundTripAndFuzz() throws {
        var generator = SystemRandomNumberGenerator()
        let tokenAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=")
        for _ in 0..<500 {
            let port = Int.random(in: 1...65_535, using: &generator)
            let server = "http\(Bool.random(using: &generator) ? "s" : "")://host\(port).example:\(port)"
            let token = String(
                (0..<Int.random(in: 1...64, using: &generator)).map { _ in
                    tokenAlphabet.randomElement(using: &generator)!
                })
            var components = URLComponents()
            components.scheme = "lunas"
            components.host = "enroll"
            components.queryItems = [
                URLQueryItem(name: "server", value: server), URLQueryItem(name: "token", value: token),
            ]
            // `+` means a space to some readers: encode it explicitly, as the console does.
            components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
            let text = try #require(components.string)
            let link = try #require(EnrollmentURI(text), "\(text)")
            #expect(link.server == server && link.token == token, "\(text)")
        }
        let bytes = Array("lunas://enroll?server=https://a&token=x%&=?#/:".utf8)
        for _ in 0..<2_000 {
            let text = String(decoding: (0..<Int.random(in: 0...60)).map { _ in bytes.randomElement()! }, as: UTF8.self)
            _ = EnrollmentURI(text)
        }
    }
}
