import Foundation
import Ledger

/// An advisory lock on a data directory (`flock(2)` on the folder itself), so that a one-node
/// `lunas serve` on SQLite and `lunas receipt-key rotate` never work on its receipt key files at
/// once.
///
/// A server holds it shared from before it reads its key until it exits (several servers on one data
/// directory do not refuse each other); a rotation takes it exclusive, without waiting. The kernel
/// drops the lock when its holder's descriptor closes, also when the process is killed, so a lock is
/// never stale. The descriptor closes when the value is released.
public final class DataDirectoryLock: Sendable {
    /// The data directory.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// A server's shared lock on `dataDirectory`, created (0700) when missing.
    /// - Throws: `data.busy` while a receipt key rotation holds the directory; `file.ioFailed`.
    public static func serving(_ dataDirectory: URL) throws -> DataDirectoryLock {
        try PrivateFile.createDirectory(dataDirectory.path)
        guard let lock = try take(dataDirectory.path, LOCK_SH) else {
            throw LedgerError(
                .dataDirectoryBusy,
                "\(dataDirectory.path) is held by `lunas receipt-key rotate`; start the server again once it ends",
                field: "data.dir")
        }
        return lock
    }

    /// The exclusive lock on an existing `dataDirectory`, or nil while another process holds it (a
    /// running `lunas serve`).
    /// - Throws: `file.ioFailed` when the directory cannot be opened or locked.
    public static func exclusive(_ dataDirectory: URL) throws -> DataDirectoryLock? {
        try take(dataDirectory.path, LOCK_EX)
    }

    private static func take(_ path: String, _ operation: Int32) throws -> DataDirectoryLock? {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw PrivateFile.failure("open the folder", path, errno) }
        guard flock(descriptor, operation | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { return nil }
            throw PrivateFile.failure("lock", path, code)
        }
        return DataDirectoryLock(path: path, descriptor: descriptor)
    }
}

extension LedgerError.Code {
    /// Another process holds the data directory (a running server, a key rotation).
    public static let dataDirectoryBusy = LedgerError.Code("data.busy")
}
