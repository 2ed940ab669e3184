import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where ESC/POS jobs go (`--printer PATH`): a printer device such as `/dev/usb/lp0`, or a file
/// that collects every job one after the other (tests, a spooler). Each job is appended with one
/// `write` loop, then the file is synced, so a job is either printed whole or reported as failed.
public struct PrinterOutput: Sendable {
    /// The device or file path.
    public let path: String

    /// Names the device or file.
    public init(path: String) { self.path = path }

    /// Appends one ESC/POS job.
    ///
    /// - Throws: ``HandheldError/Code/printer`` when the device or file cannot be written.
    public func print(_ job: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        var offset = 0
        while offset < job.count {
            let written = job[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            offset += written
        }
        // A character device (a USB printer) may not support fsync; a file must reach the disk.
        if fsync(descriptor) != 0, errno != EINVAL, errno != ENOTSUP { throw failure(errno) }
    }

    private func failure(_ code: Int32) -> HandheldError {
        let reason = String(cString: strerror(code))
        return HandheldError(
            .printer, "cannot print to \(path): \(reason)",
            indonesian: "Tidak dapat mencetak ke \(path): \(reason). Periksa printer, lalu cetak ulang karcis.",
            field: "--printer")
    }
}
