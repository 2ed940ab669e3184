/// A SNAP QRIS MPM service: its two-digit service code and its standard relative path.
///
/// SNAP QRIS MPM (ASPI): generate 47, query 51, notify 52, cancel 77, refund 78, and the B2B access
/// token 73. The path is the generic one; an acquirer profile adds its prefix in front.
public struct SNAPService: Sendable, Hashable, CustomStringConvertible {
    /// The two-digit service code that sits in the middle of a response code.
    public var code: String
    /// The standard relative path, without any acquirer prefix.
    public var path: String
    /// A short English name for messages.
    public var name: String

    /// A service by code, path and name (the simulator names an unknown route this way).
    package init(code: String, path: String, name: String) {
        self.code = code
        self.path = path
        self.name = name
    }

    /// `POST /v1.0/access-token/b2b` (73).
    public static let accessToken = SNAPService(code: "73", path: "/v1.0/access-token/b2b", name: "access token")
    /// `POST /v1.0/qr/qr-mpm-generate` (47).
    public static let generateQR = SNAPService(code: "47", path: "/v1.0/qr/qr-mpm-generate", name: "generate QR")
    /// `POST /v1.0/qr/qr-mpm-query` (51).
    public static let queryQR = SNAPService(code: "51", path: "/v1.0/qr/qr-mpm-query", name: "query")
    /// `POST /v1.0/qr/qr-mpm-notify` (52), sent by the acquirer to Lunas.
    public static let notify = SNAPService(code: "52", path: "/v1.0/qr/qr-mpm-notify", name: "notify")
    /// `POST /v1.0/qr/qr-mpm-cancel` (77).
    public static let cancelQR = SNAPService(code: "77", path: "/v1.0/qr/qr-mpm-cancel", name: "cancel")
    /// `POST /v1.0/qr/qr-mpm-refund` (78).
    public static let refundQR = SNAPService(code: "78", path: "/v1.0/qr/qr-mpm-refund", name: "refund")

    /// Every service, for routing.
    public static let all: [SNAPService] = [.accessToken, .generateQR, .queryQR, .notify, .cancelQR, .refundQR]

    public var description: String { "\(name) (\(code))" }
}
