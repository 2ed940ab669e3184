import Foundation
import LunasTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Guesses sent all at once from one address (the built server, real HTTP): the lock after five
/// failures holds for the attempts that waited in the address's queue, not only for later ones.
@Suite("Console sign-in: a burst of guesses from one address")
struct ConsoleLoginBurstTests {
    /// Answers the status without following a redirect.
    final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(
            _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
            newRequest request: URLRequest
        ) async -> URLRequest? { nil }
    }

    @Test("twelve wrong passwords at once: at most five are checked (401), the rest are refused 429")
    func burst() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lunas-burst-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let added = try await StaffCLITests.run(
            [
                "staff", "add", "--email", "yosef@ambon.example", "--name", "Yosef", "--role", "auditor",
                "--password-stdin", "--data-dir", data.path,
            ],
            input: "Cengkih-Saparua-2207-Teliti\n")
        try #require(added.status == 0, "\(added.stderr)")
        let (server, port) = try await ReceiptKeyRotateCommandTests.serve(data, log: "serve.log")
        defer { server.send(SIGKILL) }
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for attempt in 0..<12 {
                group.addTask {
                    var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)/console/login")))
                    request.httpMethod = "POST"
                    request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
                    request.httpBody = Data("email=yosef%40ambon.example&password=Tebak-Tebak-\(attempt)-xyz".utf8)
                    request.timeoutInterval = 120
                    let (_, response) = try await session.data(for: request)
                    return (response as? HTTPURLResponse)?.statusCode ?? 0
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        // Some were checked (a server refusing everything would pass the bound below), at most five.
        #expect((1...5).contains(statuses.filter { $0 == 401 }.count), "\(statuses.sorted())")
        #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 }, "\(statuses.sorted())")
    }
}
