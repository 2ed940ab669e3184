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
                timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "1", body: "body-1", now: Self.start)
                == .fresh)
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "2", body: "body-2", now: Self.start)
                == .replayedSignature)
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: "sig-2", partnerID: "P", externalID: "1", body: "body-3", now: Self.start)
                == .duplicateExternalID)
        // A refused claim remembers nothing: sig-2 with a new id is fresh.
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: "sig-2", partnerID: "P", externalID: "3", body: "body-4", now: Self.start)
                == .fresh)

        let later = Self.start.addingTimeInterval(120)
        let reopened = try NotifyReplayCache(path: path, window: 300, now: later)
        #expect(
            try await reopened.claim(timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "9", body: "body-5", now: later)
                == .replayedSignature)

        let afterWindow = Self.start.addingTimeInterval(400)
        let expired = try NotifyReplayCache(path: path, window: 300, now: afterWindow)
        #expect(
            try await expired.claim(
                timestamp: stamp, signature: "sig-1", partnerID: "P", externalID: "1", body: "body-6", now: afterWindow) == .fresh)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }

    @Test("a torn last line is ignored; a damaged complete line refuses to open naming the line")
    func damagedFile() async throws {
        let path = Self.path()
        let cache = try NotifyReplayCache(path: path, window: 300, now: Self.start)
        _ = try await cache.claim(
            timestamp: Self.timestamp(Self.start), signature: "s", partnerID: "P", externalID: nil, body: "body-7", now: Self.start)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"keys":["ab"#.utf8))
        try handle.close()
        let torn = try NotifyReplayCache(path: path, window: 300, now: Self.start, warn: { _ in })
        #expect(
            try await torn.claim(
                timestamp: Self.timestamp(Self.start), signature: "s", partnerID: "P", externalID: nil, body: "body-8", now: Self.start)
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

    @Test("the same body again is a retransmission, not a replay: the acquirer's retry after a 500 goes through")
    func retransmission() async throws {
        let cache = try NotifyReplayCache(path: Self.path(), window: 300, now: Self.start)
        let stamp = Self.timestamp(Self.start)
        let first = try await cache.claim(
            timestamp: stamp, signature: "c2lnLTE=", partnerID: "P", externalID: "1", body: "same", now: Self.start)
        let again = try await cache.claim(
            timestamp: stamp, signature: "c2lnLTE=", partnerID: "P", externalID: "1", body: "same", now: Self.start)
        let other = try await cache.claim(
            timestamp: stamp, signature: "c2lnLTE=", partnerID: "P", externalID: "2", body: "other", now: Self.start)
        #expect(first == .fresh && again == .fresh)
        #expect(other == .replayedSignature)
    }

    @Test(
        "another spelling of the same signature bytes is the same signature",
        arguments: ["c2lnLTE=", "c2lnLTE==", "c2lnLTE===", "c2lnLTF=", "c2lnLTG="])
    func base64Spellings(variant: String) async throws {
        // "c2lnLTE=" is base64 of "sig-1"; the variants add padding or set the unused low bits of
        // the last character, which base64 decoders ignore. (Each variant decodes to the same bytes.)
        let decoded = try #require(Data(base64Encoded: variant))
        #expect(Array(decoded) == Array("sig-1".utf8))
        let cache = try NotifyReplayCache(path: Self.path(), window: 300, now: Self.start)
        let stamp = Self.timestamp(Self.start)
        _ = try await cache.claim(
            timestamp: stamp, signature: "c2lnLTE=", partnerID: "P", externalID: "1", body: "first", now: Self.start)
        #expect(
            try await cache.claim(
                timestamp: stamp, signature: variant, partnerID: "P", externalID: "2", body: "second", now: Self.start)
                == .replayedSignature)
    }

    @Test("an existing cache file with group or other bits is narrowed to 0600 when opened")
    func narrowsExistingFile() throws {
        let path = Self.path()
        try Data().write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o604], ofItemAtPath: path)
        _ = try NotifyReplayCache(path: path, window: 300, now: Self.start)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
