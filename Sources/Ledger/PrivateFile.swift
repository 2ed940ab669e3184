import Foundation

/// Files and folders only the service's own user may read: the data directory (0700), the ledger
/// database with its WAL and shared-memory files, keys and append-only logs (0600).
///
/// Modes are set explicitly with `fchmod`/`chmod` after creation, so they hold under any `umask`
/// (`umask 000` included), and a file that exists with wider bits is narrowed when Lunas opens it.
/// ``writeAtomically(_:to:mode:)`` is the one way a key file is written: a temporary file in the
/// same folder, fsynced, renamed over the target, then the folder fsynced, so a crash leaves the old
/// file or the new one, never a torn or empty key.
public enum PrivateFile {
    /// Owner read/write: keys, the database and its WAL, logs.
    public static let fileMode: mode_t = 0o600
    /// Owner only: the data directory and folders inside it.
    public static let directoryMode: mode_t = 0o700

    /// Creates `path` (and missing parents) with mode 0700, whatever the umask; an existing folder is
    /// left as it is (an operator may have chosen its mode, as systemd's `StateDirectoryMode=` does).
    /// - Throws: `LedgerError` `file.ioFailed` naming the path and the system's reason.
    public static func createDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw failure("create folder", path, ENOTDIR) }
            return
        }
        // Missing parents are created 0700 too: a parent that others may write lets them swap the
        // data directory (its ledger and key) before the next start, whatever the umask.
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, !FileManager.default.fileExists(atPath: parent) {
            try createDirectory(parent)
        }
        if mkdir(path, directoryMode) != 0, errno != EEXIST { throw failure("create folder", path, errno) }
        guard chmod(path, directoryMode) == 0 else { throw failure("set the mode of", path, errno) }
    }

    /// Creates an empty file at `path` with mode 0600 when there is none, and narrows an existing file of
    /// this user's to 0600 when group or others have any bit. A missing file stays missing when `create` is
    /// false.
    /// - Throws: `LedgerError` `file.ioFailed`.
    public static func restrict(_ path: String, create: Bool = true) throws {
        var status = stat()
        if stat(path, &status) != 0 {
            guard errno == ENOENT, create else {
                if errno == ENOENT { return }
                throw failure("inspect", path, errno)
            }
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
            if fd < 0 {
                if errno == EEXIST { return try restrict(path, create: false) }
                throw failure("create", path, errno)
            }
            defer { close(fd) }
            guard fchmod(fd, fileMode) == 0 else { throw failure("set the mode of", path, errno) }
            return
        }
        // Another user's file (a `lunas` command run by an operator on the service's database) is left
        // as it is: only its owner may change its mode, and SQLite reports what that user may not do.
        if status.st_mode & 0o077 != 0, status.st_uid == geteuid() {
            guard chmod(path, fileMode) == 0 else { throw failure("set the mode of", path, errno) }
        }
    }

    /// The permission bits group and others have on `path` (0 when none, nil when the file is missing).
    public static func exposedBits(_ path: String) -> mode_t? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o077
    }

    /// Replaces `path` with `bytes` all or nothing: a temporary file beside it (created with `mode`
    /// whatever the umask), fsynced, renamed over `path`, then the folder fsynced.
    /// - Throws: `LedgerError` `file.ioFailed`; the temporary file is removed.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = fileMode) throws {
        _ = try place(bytes, at: path, mode: mode, replacing: true)
    }

    /// Creates `path` with `bytes` all or nothing, unless it exists: answers false (and writes
    /// nothing) when another writer — another process on the same data directory — created it first.
    /// The temporary file is linked to `path`, which fails when `path` exists, where a rename would
    /// replace it.
    /// - Throws: `LedgerError` `file.ioFailed`; the temporary file is removed.
    public static func createAtomically(_ bytes: [UInt8], at path: String, mode: mode_t = fileMode) throws -> Bool {
        try place(bytes, at: path, mode: mode, replacing: false)
    }

    private static func place(_ bytes: [UInt8], at path: String, mode: mode_t, replacing: Bool) throws -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(UUID().uuidString).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("create", temporary, errno) }
        do {
            defer { close(fd) }
            guard fchmod(fd, mode) == 0 else { throw failure("set the mode of", temporary, errno) }
            try writeAll(bytes, to: fd, path: temporary)
            guard fsync(fd) == 0 else { throw failure("fsync", temporary, errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        if replacing {
            guard rename(temporary, path) == 0 else {
                let code = errno
                unlink(temporary)
                throw failure("rename into", path, code)
            }
        } else {
            let linked = link(temporary, path) == 0
            let code = errno
            unlink(temporary)
            guard linked else {
                if code == EEXIST { return false }
                throw failure("link into", path, code)
            }
        }
        try syncDirectory(directory.isEmpty ? "." : directory)
        return true
    }

    /// fsyncs a folder, so a new or renamed entry in it survives a power cut.
    /// - Throws: `LedgerError` `file.ioFailed`.
    public static func syncDirectory(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open folder", path, errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync folder", path, errno) }
    }

    /// Writes every byte of `bytes` to `fd` (retrying short writes and `EINTR`).
    /// - Throws: `LedgerError` `file.ioFailed` naming `path`.
    public static func writeAll(_ bytes: some Collection<UInt8>, to fd: Int32, path: String) throws {
        let done: Int32? = bytes.withContiguousStorageIfAvailable { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return errno }
                offset += written
            }
            return 0
        }
        if let done {
            guard done == 0 else { throw failure("write", path, done) }
        } else {
            try writeAll(Array(bytes), to: fd, path: path)
        }
    }

    /// A `file.ioFailed` error: "cannot `what` `path`: the system's reason for `code` (an errno)".
    public static func failure(_ what: String, _ path: String, _ code: Int32) -> LedgerError {
        LedgerError(.fileIOFailed, "cannot \(what) \(path): \(String(cString: strerror(code)))", field: path)
    }
}

extension LedgerError.Code {
    /// A file or folder under the data directory cannot be created, written, synced or renamed.
    public static let fileIOFailed = Self("file.ioFailed")
}

extension PrivateFile {
    /// Prepares a SQLite database path: creates the file empty with mode 0600 when missing (SQLite
    /// treats an empty file as a new database) and narrows an existing database, `-wal` and `-shm`
    /// file to 0600. SQLite creates the WAL and shared-memory files with the database file's mode
    /// (and `fchmod`s them to it), so they are 0600 too, whatever the umask.
    /// - Throws: `LedgerError` `file.ioFailed`.
    public static func restrictDatabase(_ path: String) throws {
        try restrict(path)
        for suffix in ["-wal", "-shm", "-journal"] { try restrict(path + suffix, create: false) }
    }
}
