import API
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Ledger
import Testing

/// A browser-like client for the console over real HTTP: keeps the `lunas_session` cookie, posts
/// URL-encoded forms, reads the page's CSRF token.
struct ConsoleBrowser {
    let client: any TestClientProtocol
    var cookie: String?
    /// The `X-Forwarded-For` to send (the fixture trusts loopback as a proxy).
    var forwardedFor: String?
    /// The `Origin` to send on every request, as a browser does on a POST.
    var origin: String?

    init(_ client: any TestClientProtocol, forwardedFor: String? = nil) {
        self.client = client
        self.forwardedFor = forwardedFor
    }

    func headers(form: Bool) -> HTTPFields {
        var fields = HTTPFields()
        if let cookie { fields[.cookie] = "lunas_session=\(cookie)" }
        if let forwardedFor { fields[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        if let origin { fields[.origin] = origin }
        if form { fields[.contentType] = "application/x-www-form-urlencoded" }
        return fields
    }

    /// GET a page.
    mutating func get(_ path: String) async throws -> TestResponse {
        let response = try await client.execute(uri: path, method: .get, headers: headers(form: false), body: nil)
        remember(response)
        return response
    }

    /// POST a form (fields percent-encoded).
    mutating func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(
            uri: path, method: .post, headers: headers(form: true), body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Signs in; returns the response (303 on success).
    mutating func logIn(_ email: String, _ password: String) async throws -> TestResponse {
        try await post("/console/login", [("email", email), ("password", password)])
    }

    /// The CSRF token of the page at `path` (from its first hidden `csrf` field).
    mutating func csrf(_ path: String = "/console") async throws -> String {
        let page = String(buffer: try await get(path).body)
        return try #require(ConsoleBrowser.hidden("csrf", in: page), "no csrf field in \(path)")
    }

    /// The value of the first hidden field `name` in `html`.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Keeps a new session cookie, forgets an expired one.
    mutating func remember(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] where header.hasPrefix("lunas_session=") {
            let value = String(header.dropFirst("lunas_session=".count).prefix { $0 != ";" })
            let expired = header.contains("Max-Age=0") || ConsoleBrowser.expiresInPast(header)
            cookie = expired ? nil : value
        }
    }

    static func expiresInPast(_ header: String) -> Bool {
        guard let range = header.range(of: "Expires=") else { return false }
        let text = header[range.upperBound...].prefix { $0 != ";" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: String(text)) else { return false }
        return date <= Date()
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension APIFixture {
    /// A console fixture: loopback is a trusted proxy, so tests choose client addresses with `X-Forwarded-For`.
    static func console() async throws -> APIFixture {
        var fixture = try await APIFixture.make()
        var settings = fixture.settings
        settings.trustedProxies = "127.0.0.1/32, ::1/128"
        fixture = APIFixture(directory: fixture.directory, settings: settings, store: fixture.store, clock: fixture.clock,
            tokens: fixture.tokens, deviceIDs: fixture.deviceIDs)
        return fixture
    }

    /// Adds a staff account with a password (through the same service as `lunas staff add`).
    func addStaff(
        _ email: String, role: StaffMember.Role, password: String? = nil, zones: [String] = []
    ) async throws -> (member: StaffMember, link: String?) {
        let clock = clock
        return try await StaffAccounts(directory: store, publicBase: "https://lunas.example", now: { clock.now }).add(
            email: email, name: "Staf \(role.rawValue)", role: role, zones: zones, password: password,
            actor: "operator")
    }
}
