import Foundation
import Ledger
import LunasTestSupport
import Testing

/// `database.url` (issue #18): `sqlite:PATH` or `postgres://USER@HOST:PORT/DATABASE?sslmode=…`,
/// every part checked, a password refused and never repeated.
@Suite("DatabaseLocation: the database.url parser")
struct DatabaseLocationTests {
    static let identifierScalars = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")

    static func identifier(_ generator: inout SeededGenerator) -> String {
        let length = 1 + Int(generator.next() % 63)
        return String(
            (0..<length).map { _ in identifierScalars[Int(generator.next() % UInt64(identifierScalars.count))] })
    }

    static func host(_ generator: inout SeededGenerator) -> String {
        switch generator.next() % 3 {
        case 0:
            return (0..<4).map { _ in String(generator.next() % 256) }.joined(separator: ".")
        case 1:
            return (0..<(2 + Int(generator.next() % 6))).map { _ in String(generator.next() % 0x10000, radix: 16) }
                .joined(separator: ":")
        default:
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            return (0..<(1 + Int(generator.next() % 4))).map { _ in
                String((0..<(1 + Int(generator.next() % 20))).map { _ in letters[Int(generator.next() % 36)] })
            }.joined(separator: ".")
        }
    }

    static func server(_ generator: inout SeededGenerator) -> DatabaseLocation.PostgresServer {
        DatabaseLocation.PostgresServer(
            user: identifier(&generator), host: host(&generator), port: 1 + Int(generator.next() % 65535),
            database: identifier(&generator),
            sslMode: DatabaseLocation.SSLMode.allCases[Int(generator.next() % 3)])
    }

    @Test("round trip: parse(location.description) == location, for 2,000 generated locations")
    func roundTrip() throws {
        var generator = SeededGenerator(seed: 18)
        for _ in 0..<1_000 {
            let server = Self.server(&generator)
            #expect(try DatabaseLocation.parse(server.url) == .postgres(server), "\(server.url)")
            // postgresql:// and a missing port 5432 read the same way.
            var spelled = server.url.replacingOccurrences(of: "postgres://", with: "postgresql://")
            if server.port == 5432 { spelled = spelled.replacingOccurrences(of: ":5432/", with: "/") }
            #expect(try DatabaseLocation.parse(spelled) == .postgres(server), "\(spelled)")
        }
        let pathScalars = Array("abc/._- éZ09~")
        for _ in 0..<1_000 {
            var path = String((0..<Int(generator.next() % 40)).map { _ in pathScalars[Int(generator.next() % 13)] })
            if path.hasPrefix("//") { path.removeFirst() }
            let location = DatabaseLocation.sqlite(path: path.isEmpty ? nil : path)
            #expect(try DatabaseLocation.parse(location.description) == location, "\(location)")
        }
    }

    @Test("the documented forms")
    func documentedForms() throws {
        #expect(try DatabaseLocation.parse("sqlite:") == .sqlite(path: nil))
        #expect(
            try DatabaseLocation.parse("SQLite:/var/lib/lunas/lunas.sqlite")
                == .sqlite(path: "/var/lib/lunas/lunas.sqlite"))
        let server = try DatabaseLocation.parse("postgres://lunas@db.ambon.go.id:6432/lunas_ambon?sslmode=verify-full")
        #expect(
            server
                == .postgres(
                    .init(
                        user: "lunas", host: "db.ambon.go.id", port: 6432, database: "lunas_ambon", sslMode: .verifyFull
                    ))
        )
        #expect(
            try DatabaseLocation.parse("postgres://u@[::1]/d?sslmode=disable")
                == .postgres(.init(user: "u", host: "::1", port: 5432, database: "d", sslMode: .disable)))
        #expect(server.description == "postgres://lunas@db.ambon.go.id:6432/lunas_ambon?sslmode=verify-full")
    }

    /// A valid URL with one part replaced by a bad value: the error names that part.
    static let badParts: [(DatabaseLocation.Part, @Sendable (String) -> String, [String])] = [
        (.scheme, { "\($0)x://u@h:1/d?sslmode=disable" }, ["", "1", " "]),
        (.scheme, { "postgres:\($0)u@h:1/d?sslmode=disable" }, ["", "/", "\\\\"]),
        (.path, { "sqlite:\($0)" }, ["//host/x", "a\u{0}b", "x\ny", "//", "\u{7F}"]),
        (
            .user, { "postgres://\($0)@h:1/d?sslmode=disable" },
            ["", "a b", "é", "a/b", String(repeating: "u", count: 64), "@"]
        ),
        (.user, { "postgres://h:1/d?sslmode=disable\($0)" }, ["", "&x"]),
        (
            .host, { "postgres://u@\($0):1/d?sslmode=disable" },
            ["", "a..b", "-a", "a_b", "[::1", "[zz]", "[]", "h h", String(repeating: "a", count: 64)]
        ),
        (
            .port, { "postgres://u@h:\($0)/d?sslmode=disable" },
            ["", "0", "65536", "-1", "1e3", "+5", "99999999999999999999", "８"]
        ),
        (
            .database, { "postgres://u@h:1\($0)?sslmode=disable" },
            ["", "/", "/a/b", "/a b", "/" + String(repeating: "d", count: 64), "/ä"]
        ),
        (
            .query, { "postgres://u@h:1/d\($0)" },
            [
                "", "?", "?sslmode=prefer", "?sslmode=verify-ca", "?sslmode=DISABLE",
                "?sslmode=disable&sslmode=require", "?sslmode=disable&x=1", "?user=v", "?sslmode=disable#frag",
                "?sslmode",
            ]
        ),
    ]

    @Test("every bad part is refused with database.invalidURL, field database.url, naming the part")
    func badPartsRefused() {
        for (part, make, values) in Self.badParts {
            for value in values {
                let text = make(value)
                do {
                    let parsed = try DatabaseLocation.parse(text)
                    Issue.record("\(text) was accepted as \(parsed)")
                } catch let error as LedgerError {
                    // A scheme that is well formed but unknown (`x:`) is unsupported rather than invalid.
                    let codes: [LedgerError.Code] =
                        part == .scheme ? [.databaseInvalidURL, .databaseUnsupportedScheme] : [.databaseInvalidURL]
                    #expect(codes.contains(error.code), "\(text): \(error)")
                    #expect(error.field == "database.url")
                    #expect(error.message.hasPrefix("database.url (\(part.rawValue)): "), "\(text): \(error.message)")
                } catch {
                    Issue.record("\(text): \(error)")
                }
            }
        }
    }

    @Test("fuzz: 20,000 mutated URLs either parse to a location that round-trips or are refused naming a part")
    func mutations() {
        var generator = SeededGenerator(seed: 1_818)
        let alphabet = Array("postgresqlite:/@?&=#[]:.-_ 0159aZé\u{0}%")
        var refused = 0
        for _ in 0..<20_000 {
            var scalars = Array(Self.server(&generator).url)
            for _ in 0..<(1 + Int(generator.next() % 3)) {
                let at = Int(generator.next() % UInt64(scalars.count + 1))
                switch generator.next() % 3 {
                case 0 where at < scalars.count: scalars.remove(at: at)
                case 1 where at < scalars.count: scalars[at] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                default: scalars.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: at)
                }
            }
            let text = String(scalars)
            do {
                let location = try DatabaseLocation.parse(text)
                #expect(try DatabaseLocation.parse(location.description) == location, "\(text)")
            } catch let error as LedgerError {
                refused += 1
                let named = DatabaseLocation.Part.allCases.contains {
                    error.message.hasPrefix("database.url (\($0.rawValue)): ")
                }
                #expect(named, "\(text): \(error.message)")
                #expect(error.field == "database.url")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
        #expect(refused > 1_000, "the mutations should break most URLs")
    }

    @Test("a password in the URL is refused with database.passwordInURL, and never repeated")
    func passwordRefused() {
        var generator = SeededGenerator(seed: 7)
        let alphabet = Array("abcXYZ019:@/?#&=%[]. é")
        for _ in 0..<2_000 {
            let password =
                "pw" + String((0..<(1 + Int(generator.next() % 16))).map { _ in alphabet[Int(generator.next() % 22)] })
            let server = Self.server(&generator)
            let text = server.url.replacingOccurrences(of: "://\(server.user)@", with: "://\(server.user):\(password)@")
            do {
                _ = try DatabaseLocation.parse(text)
                Issue.record("\(text) was accepted")
            } catch let error as LedgerError {
                #expect(error.code == .databasePasswordInURL, "\(text): \(error.message)")
                #expect(error.message.hasPrefix("database.url (password): "))
                #expect(error.message.contains("DATABASE_PASSWORD_FILE") && error.message.contains("DATABASE_PASSWORD"))
                #expect(!error.message.contains(password), "\(error.message)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
