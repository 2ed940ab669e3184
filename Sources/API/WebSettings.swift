import Foundation

/// What the browser-facing routes (the staff console, later the citizens' pages) need from the
/// server settings: whether cookies are `Secure`, whose forwarding headers to believe, and the
/// public address links are built from.
public struct WebSettings: Sendable {
    /// Cookies carry `Secure` (always, except in demo mode on loopback, which has no TLS).
    public var secureCookies: Bool
    /// `http.trustedProxies`.
    public var trustedProxies: TrustedProxies
    /// `public.baseURL` without a trailing slash (``ServerSettings/publicBase``).
    public var publicBase: String
    /// `complaints.perAddressPerHour`.
    public var complaintsPerAddressPerHour = 20

    /// Creates a value from its parts; the default suits tests over plain HTTP on loopback.
    public init(
        secureCookies: Bool = false, trustedProxies: TrustedProxies = .none,
        publicBase: String = "http://127.0.0.1:8080"
    ) {
        self.secureCookies = secureCookies
        self.trustedProxies = trustedProxies
        self.publicBase = publicBase
    }

    /// The values ``ServerSettings`` gives.
    /// - Throws: `settings.invalid` for a bad `http.trustedProxies` (checked when the settings were read).
    public init(_ settings: ServerSettings) throws {
        self.init(
            secureCookies: !settings.demo, trustedProxies: try TrustedProxies(parsing: settings.trustedProxies ?? ""),
            publicBase: settings.publicBase)
        complaintsPerAddressPerHour = settings.complaintsPerAddressPerHour
    }
}
