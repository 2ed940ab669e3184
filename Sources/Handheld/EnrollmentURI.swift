import Foundation

/// The enrolment link the staff console's QR carries: `lunas://enroll?server=URL&token=TOKEN`.
public struct EnrollmentURI: Sendable, Hashable {
    /// The server's base URL (http or https).
    public var server: String
    /// The device's bearer token.
    public var token: String

    /// Creates a link from its parts.
    public init(server: String, token: String) {
        self.server = server
        self.token = token
    }

    /// Parses an enrolment link; nil when it is not one (wrong scheme or host, a missing or empty
    /// `server` or `token`, a server that is not an http(s) URL).
    public init?(_ text: String) {
        guard let components = URLComponents(string: text), components.scheme == "lunas",
            components.host == "enroll" || components.path == "enroll" || components.path == "//enroll"
        else { return nil }
        let items = components.queryItems ?? []
        guard let server = items.first(where: { $0.name == "server" })?.value,
            let token = items.first(where: { $0.name == "token" })?.value, !token.isEmpty,
            Self.isServerURL(server)
        else { return nil }
        self.server = server
        self.token = token
    }

    /// Whether `text` is an `http://` or `https://` URL with a host.
    public static func isServerURL(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return false }
        return true
    }
}
