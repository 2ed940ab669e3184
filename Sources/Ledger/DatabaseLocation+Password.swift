import Foundation

extension DatabaseLocation {
    /// The environment variable naming the file that holds the PostgreSQL password.
    public static let passwordFileVariable = "DATABASE_PASSWORD_FILE"
    /// The environment variable holding the PostgreSQL password itself.
    public static let passwordVariable = "DATABASE_PASSWORD"

    /// The PostgreSQL password from the environment: the contents of the file named by
    /// `DATABASE_PASSWORD_FILE` (one trailing line break removed), else `DATABASE_PASSWORD`, else
    /// nil (a server that trusts the connection needs none). Never from the command line or the
    /// URL, and never logged: the errors name the variable and the file, not the password.
    /// - Throws: `database.passwordUnreadable` naming the file when it cannot be read or is empty;
    ///   `database.passwordAmbiguous` when both variables are set.
    public static func password(environment: [String: String]) throws -> String? {
        let file = environment[passwordFileVariable].flatMap { $0.isEmpty ? nil : $0 }
        let value = environment[passwordVariable].flatMap { $0.isEmpty ? nil : $0 }
        if file != nil, value != nil {
            throw LedgerError(
                .databasePasswordAmbiguous,
                "both \(passwordFileVariable) and \(passwordVariable) are set; set one (the file is preferred)",
                field: passwordFileVariable)
        }
        guard let file else { return value }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw LedgerError(
                .databasePasswordUnreadable,
                "\(passwordFileVariable) names \(file), which cannot be read: "
                    + "\((error as NSError).localizedDescription)", field: passwordFileVariable)
        }
        var text = String(decoding: data, as: UTF8.self)
        // "\r\n" is one Character in Swift: either line break is the last Character.
        if text.hasSuffix("\r\n") || text.hasSuffix("\n") { text.removeLast() }
        guard !text.isEmpty else {
            throw LedgerError(
                .databasePasswordUnreadable, "\(passwordFileVariable) names \(file), which is empty",
                field: passwordFileVariable)
        }
        return text
    }
}

extension LedgerError.Code {
    /// The file named by `DATABASE_PASSWORD_FILE` cannot be read or is empty.
    public static let databasePasswordUnreadable = LedgerError.Code("database.passwordUnreadable")
    /// Both `DATABASE_PASSWORD_FILE` and `DATABASE_PASSWORD` are set.
    public static let databasePasswordAmbiguous = LedgerError.Code("database.passwordAmbiguous")
}
