import API
import Foundation
import Ledger
import LedgerPostgres

extension StoreOpening {
    /// Each imported settlement file whose archived original is not the file its event recorded:
    /// in the data directory (SQLite) or in the archive the nodes share (PostgreSQL).
    static func settlementArchiveProblems(
        _ files: [SettlementFileRecord], settings: ServerSettings
    ) async throws -> [(id: String, problem: String)] {
        guard !files.isEmpty else { return [] }
        let dataDirectory = URL(fileURLWithPath: settings.dataDirectory)
        switch try location(of: settings.databaseURL, dataDirectory: settings.dataDirectory) {
        case .sqlite:
            return files.compactMap { file in
                SettlementImporter.archiveProblem(file, dataDirectory: dataDirectory).map { (file.settlementID, $0) }
            }
        case .postgres(let server):
            let password = try DatabaseLocation.password(environment: ProcessInfo.processInfo.environment)
            return try await PostgresLedgerDatabase.withDatabase(
                server, password: password, logger: quietLogger
            ) { database in
                let archive = PostgresSettlementArchive(database)
                var problems: [(id: String, problem: String)] = []
                for file in files {
                    let problem = try await SettlementImporter.archiveProblem(
                        file, shared: archive, scratch: FileManager.default.temporaryDirectory)
                    if let problem { problems.append((file.settlementID, problem)) }
                }
                return problems
            }
        }
    }
}
