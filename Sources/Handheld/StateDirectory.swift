import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The handheld's state directory (`--state-dir`): the local queue (`queue.sqlite`, WAL), the
/// device's bearer token (`device-token`) and its Ed25519 private key (`device-key`).
///
/// The directory is 0700 and every file in it 0600: the database file is created 0600 before
/// SQLite opens it (its WAL and shared-memory files take its mode), and the secret files are
/// written with mode 0600 from their creation, so the token and the key are never readable by
/// another user, not even for a moment.
public struct StateDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Names the directory; ``prepare()`` creates it.
    public init(path: String) { self.url = URL(fileURLWithPath: path, isDirectory: true) }

    /// The local queue's database file.
    public var queuePath: String { url.appendingPathComponent("queue.sqlite").path }
    /// The device's bearer token file.
    var tokenPath: String { url.appendingPathComponent("device-token").path }
    /// The device's Ed25519 private key file (base64 of the 32 raw bytes).
    var keyPath: String { url.appendingPathComponent("device-key").path }

    /// Creates the directory (0700) if needed and the queue's database file (0600): SQLite gives its
    /// WAL and shared-memory files the database file's mode, so all three stay 0600.
    ///
    /// - Throws: ``HandheldError/Code/state`` when the directory cannot be created.
    public func prepare() throws {
        do {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw HandheldError(
                .state, "cannot create the state directory \(url.path)",
                indonesian: "Folder data \(url.path) tidak dapat dibuat", field: "--state-dir", cause: error)
        }
        let descriptor = open(queuePath, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0, chmod(url.path, 0o700) == 0, fchmod(descriptor, 0o600) == 0 else {
            let code = errno
            if descriptor >= 0 { close(descriptor) }
            throw Self.secretError(queuePath, code)
        }
        close(descriptor)
    }

    /// Writes a secret file atomically with mode 0600 (a temporary file, fsync, rename).
    func writeSecret(_ text: String, to path: String) throws {
        let temporary = path + ".tmp"
        unlink(temporary)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Self.secretError(path, errno) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == bytes.count, synced == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Self.secretError(path, errno)
        }
    }

    /// Reads a secret file; nil when it does not exist.
    func readSecret(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw Self.secretError(path, EACCES) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func secretError(_ path: String, _ code: Int32) -> HandheldError {
        // The path names the file, never its content.
        HandheldError(
            .state, "cannot write or read \(path): \(String(cString: strerror(code)))",
            indonesian: "Berkas \(path) tidak dapat ditulis atau dibaca")
    }
}
