import Foundation
import HTTPTypes
import Ledger

/// Admits a settlement upload to disk only when the archive's file system has room for it, counting
/// the room already promised to uploads in flight, so concurrent uploads never fill the disk the
/// ledger's database lives on.
///
/// An upload of `n` bytes needs `2n + reserve`: the upload itself and, while it is imported, its
/// compressed copy in the archive (at worst as large as the file), plus ``reserveBytes`` kept free for
/// the database, its WAL and the logs. `n` is the `Content-Length`, or the upload limit when the body
/// is chunked. Free space is `statvfs(2)`'s blocks available to unprivileged users (`f_bavail`).
actor DiskSpaceGuard {
    /// The folder whose file system is checked.
    let path: String
    /// Bytes that must stay free after every admitted upload (default 64 MiB).
    let reserveBytes: Int64
    /// Bytes promised to uploads in flight.
    private var promised: Int64 = 0

    /// The default ``reserveBytes``: 64 MiB.
    static let defaultReserveBytes = SettlementImporter.defaultDiskReserveBytes

    init(path: String, reserveBytes: Int64 = defaultReserveBytes) {
        self.path = path
        self.reserveBytes = reserveBytes
    }

    /// The bytes available to this process on `path`'s file system.
    /// - Throws: `LedgerError` `file.ioFailed` when `statvfs` fails.
    static func availableBytes(_ path: String) throws -> Int64 {
        var status = statvfs()
        guard statvfs(path, &status) == 0 else { throw PrivateFile.failure("inspect the file system of", path, errno) }
        let (product, overflow) = Int64(status.f_bavail).multipliedReportingOverflow(by: Int64(status.f_frsize))
        return overflow ? .max : product
    }

    /// Promises room for an upload of `bytes`, or refuses it.
    /// - Returns: the bytes promised (pass them to ``release(_:)``).
    /// - Throws: ``APIError`` 507 `storage.insufficient` naming what is needed and what is free.
    func admit(uploadOf bytes: Int64) throws -> Int64 {
        let needed = bytes.multipliedReportingOverflow(by: 2).partialValue
        let available = try Self.availableBytes(path)
        let (total, overflow) = needed.addingReportingOverflow(reserveBytes)
        let (withPromised, overflow2) = total.addingReportingOverflow(promised)
        guard !overflow, !overflow2, withPromised <= available else {
            throw APIError(
                Self.insufficientStorage, "storage.insufficient",
                "not enough free disk space to receive a settlement file of \(bytes) bytes: it needs \(needed) bytes"
                    + " (the file and its archived copy) plus \(reserveBytes) kept free, \(promised) are promised to"
                    + " uploads in progress, and \(available) are free; try again later or ask the operator to free space",
                field: "body")
        }
        promised += needed
        return needed
    }

    /// Returns the room promised by ``admit(uploadOf:)``.
    func release(_ bytes: Int64) { promised = max(0, promised - bytes) }

    /// 507 Insufficient Storage (RFC 4918 §11.5).
    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
}
