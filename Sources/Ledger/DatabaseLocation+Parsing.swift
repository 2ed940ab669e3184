extension DatabaseLocation {
    /// The part of a `database.url` an error is about; its raw value appears in the message as
    /// `database.url (PART): …`.
    public enum Part: String, Sendable, Hashable, CaseIterable {
        /// `sqlite:` or `postgres://` (and what must follow it).
        case scheme
        /// The file path of a `sqlite:` URL.
        case path
        /// The role before the `@`.
        case user
        /// A password after the user (always refused).
        case password
        /// The host name or address.
        case host
        /// The TCP port after the host.
        case port
        /// The database name after the `/`.
        case database
        /// The query (`?sslmode=…`) and anything after it.
        case query
    }

    /// Parses a `database.url` value, checking every part.
    ///
    /// The messages never repeat a password: a URL with one is refused before anything of it is
    /// quoted, and a bad user name is described by its first bad character, not quoted whole.
    /// - Throws: `LedgerError` with field `database.url`: `database.invalidURL` naming the
    ///   ``Part`` at fault and the bad value, `database.passwordInURL` when the URL holds a
    ///   password, `database.unsupportedScheme` for a scheme other than `sqlite` and `postgres`.
    public static func parse(_ text: String) throws -> DatabaseLocation {
        guard let scheme = scheme(of: text) else {
            throw invalid(
                .scheme,
                "the value does not start with a scheme; use sqlite:PATH, sqlite: (lunas.sqlite in data.dir) "
                    + "or postgres://USER@HOST:PORT/DATABASE?sslmode=disable|require|verify-full")
        }
        let rest = Substring(text.unicodeScalars.dropFirst(scheme.unicodeScalars.count + 1))
        switch scheme {
        case "sqlite":
            return .sqlite(path: try sqlitePath(rest))
        case "postgres", "postgresql":
            return .postgres(try postgresServer(rest))
        default:
            throw LedgerError(
                .databaseUnsupportedScheme,
                "database.url (scheme): \"\(scheme)\" is not a ledger this build can open; supported: sqlite "
                    + "(sqlite:/path/to/lunas.sqlite, sqlite:relative/path, sqlite:) and postgres "
                    + "(postgres://USER@HOST:PORT/DATABASE?sslmode=…)",
                field: settingKey)
        }
    }

    /// The lower-cased scheme of a URL (RFC 3986 §3.1: a letter, then letters, digits, `+`, `-` or
    /// `.`, then a colon), or nil when the text does not start with one.
    public static func scheme(of text: String) -> String? {
        guard let colon = text.unicodeScalars.firstIndex(of: ":") else { return nil }
        let scalars = text.unicodeScalars[..<colon]
        guard let first = scalars.first, first.isASCII, first.properties.isAlphabetic else { return nil }
        let allowed = scalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "+-.".unicodeScalars.contains(scalar))
        }
        return allowed ? String(scalars).lowercased() : nil
    }

    static func invalid(_ part: Part, _ detail: String) -> LedgerError {
        let code: LedgerError.Code = part == .password ? .databasePasswordInURL : .databaseInvalidURL
        return LedgerError(code, "database.url (\(part.rawValue)): \(detail)", field: settingKey)
    }

    private static func sqlitePath(_ rest: Substring) throws -> String? {
        if rest.isEmpty { return nil }
        guard !rest.hasPrefix("//") else {
            throw invalid(
                .path, "a sqlite: URL takes a file path, not a host; use sqlite:/absolute/path or sqlite:relative/path")
        }
        if let bad = rest.unicodeScalars.firstIndex(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            let offset = rest.unicodeScalars.distance(from: rest.unicodeScalars.startIndex, to: bad)
            throw invalid(
                .path, "the path holds a control character (U+\(hex(rest.unicodeScalars[bad]))) at offset \(offset)")
        }
        return String(rest)
    }

    private static func postgresServer(_ rest: Substring) throws -> PostgresServer {
        guard rest.hasPrefix("//") else {
            throw invalid(.scheme, "postgres: must be followed by //USER@HOST:PORT/DATABASE?sslmode=…")
        }
        let afterSlashes = rest.dropFirst(2)
        // The last "@" ends the user part: a password may hold any character, so it is looked for
        // before anything else is split (and never quoted).
        guard let at = afterSlashes.lastIndex(of: "@") else {
            throw invalid(.user, "no user: write postgres://USER@HOST:PORT/DATABASE?sslmode=…")
        }
        let userInfo = afterSlashes[..<at]
        if userInfo.contains(":") {
            throw invalid(
                .password,
                "a password inside the URL is refused (it would show in process lists, shells' history and logs); "
                    + "put it in the file named by DATABASE_PASSWORD_FILE, or in DATABASE_PASSWORD")
        }
        let user = try identifier(userInfo, .user, quoted: false)
        let afterUser = afterSlashes[afterSlashes.index(after: at)...]
        if let hash = afterUser.firstIndex(of: "#") {
            throw invalid(.query, "a fragment (\"\(afterUser[hash...])\") is not allowed")
        }
        let hostEnd = afterUser.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterUser.endIndex
        let (host, port) = try hostAndPort(afterUser[..<hostEnd])
        guard hostEnd < afterUser.endIndex, afterUser[hostEnd] == "/" else {
            throw invalid(.database, "no database name: write …@HOST:PORT/DATABASE?sslmode=…")
        }
        let pathAndQuery = afterUser[afterUser.index(after: hostEnd)...]
        let queryStart = pathAndQuery.firstIndex(of: "?")
        let database = try identifier(pathAndQuery[..<(queryStart ?? pathAndQuery.endIndex)], .database, quoted: true)
        let query = queryStart.map { pathAndQuery[pathAndQuery.index(after: $0)...] }
        return PostgresServer(user: user, host: host, port: port, database: database, sslMode: try sslMode(query))
    }

    /// A role or database name: 1–63 characters (PostgreSQL's limit), letters, digits, `_`, `-`, `.`.
    private static func identifier(_ text: Substring, _ part: Part, quoted: Bool) throws -> String {
        let what = part == .user ? "user" : "database name"
        guard !text.isEmpty else { throw invalid(part, "the \(what) is empty") }
        if let bad = text.unicodeScalars.firstIndex(where: { !isIdentifierScalar($0) }) {
            let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: bad)
            let shown = quoted ? " \"\(text)\"" : ""
            throw invalid(
                part,
                "the \(what)\(shown) holds U+\(hex(text.unicodeScalars[bad])) at offset \(offset); "
                    + "allowed: letters, digits, _ - .")
        }
        guard text.utf8.count <= 63 else {
            throw invalid(part, "the \(what) has \(text.utf8.count) characters; PostgreSQL allows at most 63")
        }
        return String(text)
    }

    private static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "_-.".unicodeScalars.contains(scalar))
    }

    private static func hostAndPort(_ text: Substring) throws -> (String, Int) {
        let host: Substring
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw invalid(.host, "the IPv6 address \"\(text)\" has no closing ]")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw invalid(.host, "\"\(after)\" follows the IPv6 address; expected :PORT")
                }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." })
            else { throw invalid(.host, "\"[\(host)]\" is not an IPv6 address") }
        } else {
            if let colon = text.lastIndex(of: ":") {
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
            } else {
                host = text
            }
            try checkHostName(host)
        }
        guard let portText else { return (String(host), 5432) }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
            let port = Int(portText), (1...65535).contains(port)
        else { throw invalid(.port, "\"\(portText)\" is not a port (1–65535)") }
        return (String(host), port)
    }

    /// A DNS name or IPv4 address: labels of letters, digits and `-` (not at either end),
    /// 1–63 characters each, 253 in all.
    private static func checkHostName(_ host: Substring) throws {
        guard !host.isEmpty else { throw invalid(.host, "the host is empty: write …@HOST:PORT/…") }
        guard host.utf8.count <= 253 else {
            throw invalid(.host, "the host has \(host.utf8.count) characters; at most 253")
        }
        for label in host.split(separator: ".", omittingEmptySubsequences: false) {
            let letters = label.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
            }
            guard letters, (1...63).contains(label.utf8.count), !label.hasPrefix("-"), !label.hasSuffix("-") else {
                throw invalid(.host, "\"\(host)\" is not a host name or IPv4 address (bad label \"\(label)\")")
            }
        }
    }

    private static func sslMode(_ query: Substring?) throws -> SSLMode {
        guard let query, !query.isEmpty else {
            throw invalid(.query, "sslmode is missing: end the URL with ?sslmode=disable, require or verify-full")
        }
        var mode: SSLMode?
        for parameter in query.split(separator: "&", omittingEmptySubsequences: false) {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else {
                throw invalid(
                    .query, "the parameter \"\(parameter)\" has no value; write sslmode=disable, require or verify-full"
                )
            }
            guard pair[0] == "sslmode" else {
                throw invalid(.query, "the parameter \"\(pair[0])\" is not supported; the only one is sslmode")
            }
            guard mode == nil else { throw invalid(.query, "sslmode is given twice") }
            guard let value = SSLMode(rawValue: String(pair[1])) else {
                let hint =
                    ["prefer", "allow", "verify-ca"].contains(pair[1])
                    ? " (Lunas does not offer it: use require, or verify-full to check the server's name)" : ""
                throw invalid(.query, "sslmode \"\(pair[1])\" is not disable, require or verify-full\(hint)")
            }
            mode = value
        }
        // The loop ran at least once and set the mode or threw.
        return mode ?? .disable
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
