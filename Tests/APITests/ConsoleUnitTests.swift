import API
import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import API

/// The console's pure parts: trusted proxies, the password policy, form decoding.
@Suite("Staff console: trusted proxies, password policy, forms")
struct ConsoleUnitTests {
    @Test("CIDRs: IPv4 and IPv6 blocks, single hosts; bad entries refused naming the entry")
    func trustedProxies() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 127.0.0.1, ::1/128, 2001:db8::/32")
        #expect(proxies.contains("10.1.2.3"))
        #expect(!proxies.contains("11.0.0.1"))
        #expect(proxies.contains("127.0.0.1"))
        #expect(!proxies.contains("127.0.0.2"))
        #expect(proxies.contains("::1"))
        #expect(proxies.contains("2001:db8:ffff::1"))
        #expect(!proxies.contains("2001:db9::1"))
        #expect(!proxies.contains("not an address"))
        for bad in ["10.0.0.0/33", "10.0.0/8", "::1/129", "nginx", "10.0.0.1/x"] {
            #expect(throws: APIError.self, "\(bad)") { try TrustedProxies(parsing: "127.0.0.1, \(bad)") }
        }
        let empty = try TrustedProxies(parsing: "")
        #expect(empty.blocks.isEmpty)
    }

    @Test("client address: the last X-Forwarded-For hop that is not a trusted proxy, only from a trusted peer")
    func clientAddress() throws {
        let proxies = try TrustedProxies(parsing: "127.0.0.1/32, 10.0.0.0/8")
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Forwarded-For")!] = "1.1.1.1, 203.0.113.9, 10.0.0.5"
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: headers) == "203.0.113.9")
        #expect(proxies.clientAddress(peer: "198.51.100.1", headers: headers) == "198.51.100.1")
        #expect(TrustedProxies.none.clientAddress(peer: "127.0.0.1", headers: headers) == "127.0.0.1")
        headers[HTTPField.Name("X-Forwarded-For")!] = "garbage"
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: headers) == "127.0.0.1")
        #expect(proxies.clientAddress(peer: "127.0.0.1", headers: HTTPFields()) == "127.0.0.1")
        headers[HTTPField.Name("X-Forwarded-Proto")!] = "https"
        #expect(proxies.forwardedHTTPS(peer: "127.0.0.1", headers: headers))
        #expect(!proxies.forwardedHTTPS(peer: "192.0.2.1", headers: headers))
    }

    @Test("password policy: length, common passwords (with digits appended), the e-mail's name")
    func passwordPolicy() throws {
        func code(_ password: String) -> String? {
            do {
                try StaffPasswords.check(password, email: "rina.keuangan@ambon.example")
                return nil
            } catch let error as APIError {
                return error.code
            } catch {
                return "\(error)"
            }
        }
        #expect(code("Pala-Banda-1512-Hitung") == nil)
        #expect(code("pendek") == "password.tooShort")
        #expect(code("12345678901") == "password.tooShort")
        #expect(code("indonesia2025") == "password.common")
        #expect(code("Indonesia98765") == "password.common")
        #expect(code("aaaaaaaaaaaaaaaa") == "password.common")
        #expect(code("rina.keuangan-2026!") == "password.containsEmail")
        #expect(code(String(repeating: "ab1-", count: 40)) == "password.tooLong")
        // bcrypt reads 72 bytes and stops at a NUL: nothing it would not see passes the checks.
        #expect(code(String(repeating: "Kp7-", count: 18)) == nil, "72 bytes")
        #expect(code(String(repeating: "Kp7-", count: 18) + "Z") == "password.tooLong")
        #expect(code("ékp7-Zq9-Suffixé-Ü" + String(repeating: "é", count: 28)) == "password.tooLong", "bytes, not characters")
        #expect(code("a\u{0}bcdefghijklmn") == "password.controlCharacter")
    }

    @Test("URL-encoded forms: random fields round-trip; the first of repeated names wins")
    func formsRoundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09 +&=%-_.~é€\n\"<>")
        for _ in 0..<300 {
            var fields: [(String, String)] = []
            for index in 0..<Int.random(in: 0...6, using: &generator) {
                let value = String((0..<Int.random(in: 0...20, using: &generator)).map { _ in
                    alphabet.randomElement(using: &generator)!
                })
                fields.append(("f\(index)", value))
            }
            let body = fields.map { "\(ConsoleBrowser.encode($0.0))=\(ConsoleBrowser.encode($0.1))" }
                .joined(separator: "&")
            let form = ConsoleForm(buffer: ByteBuffer(string: body))
            for (name, value) in fields { #expect(form[name] == value, "\(body)") }
        }
        let repeated = ConsoleForm(buffer: ByteBuffer(string: "csrf=a&csrf=b&x=%ZZ&y"))
        #expect(repeated["csrf"] == "a")
        #expect(repeated["x"] == "%ZZ")
        #expect(repeated["y"] == "")
        #expect(repeated["absent"] == nil)
    }

    @Test("the console's words: every key once, every text in both languages")
    func words() {
        let keys = ConsoleText.entries.map(\.0)
        let repeated = Dictionary(grouping: keys, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(repeated.isEmpty, "keys given twice: \(repeated)")
        for (key, indonesian, english) in ConsoleText.entries {
            #expect(!indonesian.isEmpty && !english.isEmpty, "\(key)")
        }
    }

    @Test("one password check per client address at a time, the rest wait in line (8 at most); a locked pair is written once a window")
    func loginThrottle() async {
        let throttle = LoginThrottle()
        #expect(await throttle.begin("10.0.0.1"))
        #expect(await throttle.begin("10.0.0.2"), "another address does not wait")
        // Eight wait behind the running check; the ninth is refused at once.
        let waiting = (0..<8).map { _ in Task { await throttle.begin("10.0.0.1") } }
        while throttle.waiting("10.0.0.1") < 8 { await Task.yield() }
        #expect(await throttle.begin("10.0.0.1") == false)
        // Each end hands the turn to the next in line; the last one frees the address.
        for _ in 0..<9 { throttle.end("10.0.0.1") }
        for task in waiting { #expect(await task.value) }
        #expect(throttle.waiting("10.0.0.1") == 0)
        #expect(await throttle.begin("10.0.0.1"), "free again")
        let now = Date()
        #expect(throttle.shouldRecordLock(email: "a@b.example", address: "x", now: now, window: 900))
        #expect(!throttle.shouldRecordLock(email: "a@b.example", address: "x", now: now.addingTimeInterval(899), window: 900))
        #expect(throttle.shouldRecordLock(email: "a@b.example", address: "y", now: now, window: 900))
        #expect(throttle.shouldRecordLock(email: "a@b.example", address: "x", now: now.addingTimeInterval(900), window: 900))
    }
}
