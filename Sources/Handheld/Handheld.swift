import Foundation
import Ledger

/// The reference handheld client: what `lunas handheld` runs on an attendant's terminal.
///
/// Every action first tries the server with its idempotency key; when the server does not answer
/// within ``ServerClient/onlineLimit`` the same action is done offline with the same key, from the
/// signed bundle, and queued. Before an action reaches the server the queue is synced, so the
/// handheld syncs by itself whenever it is back online.
public struct Handheld: Sendable {
    /// The state directory.
    public let state: StateDirectory
    /// The local queue.
    public let queue: LocalQueue
    /// The language of what the attendant reads.
    public var language: HandheldLanguage
    /// Where tickets are printed; nil prints nothing.
    public var printer: PrinterOutput?
    /// The handheld's clock.
    public var now: @Sendable () -> Date

    /// Opens a state directory (creating it 0700, with umask 077) and its queue.
    ///
    /// - Throws: ``HandheldError/Code/state``.
    public static func open(
        stateDirectory: String, language: HandheldLanguage = .indonesian, printer: String? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws -> Handheld {
        let state = StateDirectory(path: stateDirectory)
        try state.prepare()
        let queue = try LocalQueue.open(path: state.queuePath)
        return Handheld(
            state: state, queue: queue, language: language, printer: printer.map(PrinterOutput.init(path:)), now: now)
    }

    /// A client for the enrolled server with the device's token.
    ///
    /// - Throws: ``HandheldError/Code/notEnrolled`` before `lunas handheld enroll`.
    func client() async throws -> ServerClient {
        guard let server = try await queue.meta(.server), let token = try state.readSecret(state.tokenPath) else {
            throw HandheldError(
                .notEnrolled, "this handheld is not enrolled: run lunas handheld enroll first",
                indonesian: "Perangkat belum terdaftar: jalankan dulu lunas handheld enroll")
        }
        return ServerClient(baseURL: server, token: token)
    }

    /// Picks the Indonesian or English text.
    func say(_ indonesian: String, _ english: String) -> String { language.pick(indonesian, english) }

    /// A fresh idempotency key for one action: the operation and a random UUID (43 characters; the
    /// server prefixes the device's id, and the offline record carries the same raw value).
    func newKey(_ operation: String) -> String {
        "\(operation)-\(UUID().uuidString.lowercased())"
    }

    /// Notes that the server answered (clears "offline since").
    func markOnline() async throws {
        if try await queue.meta(.offlineSince) != nil { try await queue.setMeta([.offlineSince: nil]) }
    }

    /// Notes that the server did not answer (sets "offline since" once).
    func markOffline() async throws {
        if try await queue.meta(.offlineSince) == nil {
            try await queue.setMeta([.offlineSince: String(now().ledgerMilliseconds)])
        }
    }

    /// The client when the server is reachable, after syncing what waits in the queue; nil when
    /// it is not (the action is then done offline).
    func onlineClient() async throws -> ServerClient? {
        let client = try await client()
        do {
            try await syncPending(client)
            return client
        } catch is ServerClient.Unreachable {
            try await markOffline()
            return nil
        } catch let error as HandheldError where error.code == .refused {
            // The server is there but refused the queued records: they stay queued (`sync` shows
            // why) and the attendant's action goes ahead online.
            return client
        }
    }

    /// A server refusal as the attendant reads it: the server's error code and message.
    func refusal(_ answer: ServerClient.Answer, doing english: String, _ indonesian: String) -> HandheldError {
        let error = answer.json?["error"] as? [String: Any]
        let code = error?["code"] as? String ?? "http.\(answer.status)"
        let message = error?["message"] as? String ?? String(decoding: answer.body.prefix(200), as: UTF8.self)
        return HandheldError(
            .refused, "the server refused \(english) (\(answer.status) \(code)): \(message)",
            indonesian: "Server menolak \(indonesian) (\(answer.status) \(code)): \(message)",
            field: error?["field"] as? String)
    }

    /// Raises the highest device sequence known here.
    func seenSequences(_ sequences: [Int64?]) async throws -> [MetaKey: String?] {
        let known = Int64(try await queue.meta(.lastSequence) ?? "0") ?? 0
        let highest = sequences.compactMap { $0 }.max() ?? 0
        return highest > known ? [.lastSequence: String(highest)] : [:]
    }

    /// Prints a job on the configured printer, if any.
    func printJob(_ job: [UInt8]) throws {
        try printer?.print(job)
    }
}
