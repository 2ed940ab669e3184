/// Where the ledger lives: the parsed form of the `database.url` setting (`DATABASE_URL`,
/// `--database`).
///
/// - `sqlite:` — the SQLite file `lunas.sqlite` in `data.dir` (the default);
///   `sqlite:/abs/path` or `sqlite:relative/path` — that SQLite file.
/// - `postgres://user@host:port/database?sslmode=disable|require|verify-full` — a PostgreSQL
///   server (`postgresql://` is read the same way; the port defaults to 5432). The password is
///   never part of the URL: it comes from the file named by `DATABASE_PASSWORD_FILE` (or from
///   `DATABASE_PASSWORD`), so a URL may be logged and shown whole.
///
/// It lives in `Ledger`, the lowest module that needs it: the executable parses the setting and
/// the PostgreSQL store connects to what it names. Parsing is pure; ``description`` gives the
/// canonical URL back, and `parse(location.description) == location` for every location.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file: `nil` for the default file in `data.dir` (`sqlite:`), else the path as
    /// written (absolute, or relative to the working directory).
    case sqlite(path: String?)
    /// A PostgreSQL server and database.
    case postgres(PostgresServer)

    /// The setting this value is read from, named in every error.
    public static let settingKey = "database.url"

    /// How the connection to PostgreSQL is protected (libpq's `sslmode` words).
    public enum SSLMode: String, Sendable, Hashable, CaseIterable {
        /// No TLS: for a server on the same host or a private network only.
        case disable
        /// TLS, without checking the server's certificate (protects against listeners, not
        /// against an impostor).
        case require
        /// TLS; the certificate must chain to a trusted root and name the host.
        case verifyFull = "verify-full"
    }

    /// A PostgreSQL server and database, without the password.
    public struct PostgresServer: Sendable, Hashable {
        /// The role to log in as (1–63 characters: letters, digits, `_`, `-`, `.`).
        public var user: String
        /// The host name, IPv4 address, or IPv6 address (without brackets).
        public var host: String
        /// The TCP port (1–65535; 5432 when the URL names none).
        public var port: Int
        /// The database name (1–63 characters: letters, digits, `_`, `-`, `.`).
        public var database: String
        /// The `sslmode` query parameter.
        public var sslMode: SSLMode

        /// Creates a value from its parts (not validated: ``DatabaseLocation/parse(_:)`` is the
        /// checked way in).
        public init(user: String, host: String, port: Int = 5432, database: String, sslMode: SSLMode) {
            self.user = user
            self.host = host
            self.port = port
            self.database = database
            self.sslMode = sslMode
        }

        /// The canonical URL: `postgres://user@host:port/database?sslmode=…`.
        public var url: String {
            let hostText = host.contains(":") ? "[\(host)]" : host
            return "postgres://\(user)@\(hostText):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
        }
    }

    /// The canonical URL of the location (it never holds a password, so it may be logged).
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:" + (path ?? "")
        case .postgres(let server): server.url
        }
    }
}

extension LedgerError.Code {
    /// `database.url` is not a location the ledger can use; the message names the part at fault
    /// (scheme, user, host, port, database, query).
    public static let databaseInvalidURL = LedgerError.Code("database.invalidURL")
    /// `database.url` holds a password: it belongs in `DATABASE_PASSWORD_FILE` or `DATABASE_PASSWORD`.
    public static let databasePasswordInURL = LedgerError.Code("database.passwordInURL")
    /// `database.url` names a scheme this build cannot open.
    public static let databaseUnsupportedScheme = LedgerError.Code("database.unsupportedScheme")
}
