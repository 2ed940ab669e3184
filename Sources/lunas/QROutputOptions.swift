import ArgumentParser
import Foundation
import QRImage

/// `--ec`, `--native` and `--out` of `lunas qr render` and `lunas qr ticket`: the error-correction
/// level, the printer's own QR command for ESC/POS, and where the image goes.
struct QROutputOptions: ParsableArguments {
    @Option(help: "Error-correction level: L, M, Q or H.")
    var ec: String = "M"

    @Flag(help: "With --format escpos: use the printer's native GS ( k QR command instead of a raster.")
    var native = false

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    func validate() throws {
        guard (try? QRErrorCorrection(parsing: ec)) != nil else {
            throw ValidationError("--ec must be L, M, Q or H; got '\(ec)'")
        }
    }

    /// The level `--ec` names (checked by ``validate()``).
    func errorCorrection() throws -> QRErrorCorrection { try QRErrorCorrection(parsing: ec) }

    /// Writes `bytes` to `--out` (atomically: a failed write leaves no half-written image behind),
    /// or to standard output.
    /// - Parameter command: the command's name for the error line (`lunas qr render`).
    /// - Throws: `ExitCode(74)` when the file cannot be written.
    func write(_ bytes: [UInt8], command: String) throws {
        guard let out else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            FileHandle.standardError.write(
                Data("\(command): cannot write \(out): \(error.localizedDescription)\n".utf8))
            throw ExitCode(74)
        }
    }
}
