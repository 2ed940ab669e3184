import Acquirer
import Foundation
import Ledger
import Testing

@Suite("NotifyReplayCache: header pairs and X-EXTERNAL-IDs used once within the skew window, on disk")
struct NotifyReplayCacheTests {
    static let start = Date(timeIntervalSince1970: 1_795_482_000)

    static func path() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("replays-\(UUID().uuidString).jsonl").path
    }

    static func timestamp(_ date: Date) -> SNAPTimestamp { SNAPTimestamp(date: date, offset: .jakarta) }

    @Test("a pair or an X-EXTERNAL-ID is refused again within the window, also after reopening; accepted after it")
    func replayAcrossReopen() async throws {
        let path = Self.path()
        let cache = try NotifyReplayCache(path: path, window: 300, now: Self.start)
        let stamp = Self.timestamp(Self.start)
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "1", now: Self.start)
                == .fresh)
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "2", now: Self.start)
                == .replayedSignature)
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: "sig-2", partnerID: "P", externalID: "1", now: Self.start)
                == .duplicateExternalID)
        // A refused claim remembers nothing: sig-2 with a new id is fresh.
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: "sig-2", partnerID: "P", externalID: "3", now: Self.start)
                == .fresh)

        let later = Self.start.addingTimeInterval(120)
        let reopened = try NotifyReplayCache(path: path, window: 300, now: later)
        #expect(
            try await reopened.claim(timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "9", now: later)
                == .replayedSignature)

        let afterWindow = Self.start.addingTimeInterval(400)
        let expired = try NotifyReplayCache(path: path, window: 300, now: afterWindow)
        #expect(
            try await expired.claim(
                timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "1", now: afterWindow) == .fresh)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("a torn last line is ignored; a damaged complete line refuses to open naming the line")
    func damagedFile() async throws {
        let path = Self.path()
        let cache = try NotifyReplayCache(path: path, window: 300, now: Self.start)
        _ = try await cache.claim(
            timestamp: Self.timestamp(Self.start), signature: "s", partnerID: "P", externalID: nil, now: Self.start)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"keys":["ab"#.utf8))
        try handle.close()
        let torn = try NotifyReplayCache(path: path, window: 300, now: Self.start, warn: { _ in })
        #expect(
            try await torn.claim(
                timestamp: Self.timestamp(Self.start), signature: "s", partnerID: "P", externalID: nil, now: Self.start)
                == .replayedSignature)

        let damaged = Self.path()
        try Data("not json\n".utf8).write(to: URL(fileURLWithPath: damaged))
        #expect {
            _ = try NotifyReplayCache(path: damaged, window: 300, now: Self.start)
        } throws: { error in
            (error as? AcquirerError)?.code == .notifyReplayStoreDamaged
                && (error as? AcquirerError)?.message.contains("line 1") == true
        }
    }
}
