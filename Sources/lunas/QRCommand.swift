import ArgumentParser
import Foundation
import QRImage

extension QRImageFormat: ExpressibleByArgument {}

/// `lunas qr`: QR images for payloads (`render`) and sample tickets (`ticket`).
struct QRCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qr",
        abstract: "Render QR images.",
        subcommands: [QRRenderCommand.self, QRTicketCommand.self]
    )
}

/// `lunas qr render`: encodes a payload in byte mode and writes it as PNG, SVG, ESC/POS or text.
///
/// Exit codes: 0 done; 2 bad options (including a module size that does not fit the printer);
/// 65 a payload that cannot be encoded (empty, or too long for any QR version); 74 an I/O error.
struct QRRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a payload as a QR image (byte mode, 4-module quiet zone, black on white).",
        discussion: """
            The payload is taken byte for byte from the argument, or from standard input when it is \
            '-' or absent (one trailing newline is dropped). Formats: png (1-bit, --scale pixels per \
            module, default 8), svg (--scale sets the intrinsic size), escpos (a GS v 0 raster job for \
            384-dot 58 mm printers; --scale sets dots per module, default the largest that fits; \
            --native prints with the printer's GS ( k command instead), text (Unicode half blocks with \
            colours; --ascii for plain ASCII).
            """
    )

    @Option(help: "Output format: png, svg, escpos or text.")
    var format: QRImageFormat

    @Option(help: "Pixels (png, svg) or printer dots (escpos) per module.")
    var scale: Int?

    @OptionGroup var output: QROutputOptions

    @Flag(help: "With --format text: plain ASCII ('##' per dark module) without colours.")
    var ascii = false

    @Argument(help: "The payload, or '-' (or nothing) to read standard input.")
    var payload: String?

    func validate() throws {
        if let scale {
            switch format {
            case .text:
                throw ValidationError("--scale does not apply to --format text")
            case .png, .svg:
                guard (1...64).contains(scale) else {
                    throw ValidationError(
                        "--scale must be 1 to 64 pixels per module for \(format.rawValue); got \(scale)")
                }
            case .escpos:
                guard output.native ? (1...16).contains(scale) : scale >= 1 else {
                    throw ValidationError(
                        "--scale must be \(output.native ? "1 to 16" : "at least 1") dots per module; got \(scale)")
                }
            }
        }
        if ascii && format != .text { throw ValidationError("--ascii applies only to --format text") }
        if output.native && format != .escpos { throw ValidationError("--native applies only to --format escpos") }
    }

    func run() throws {
        let bytes = try readPayload()
        let level = try output.errorCorrection()
        let image: [UInt8]
        do {
            image = try render(bytes, level: level)
        } catch let error as QRImageError {
            FileHandle.standardError.write(Data("lunas qr render: \(error.code): \(error.message)\n".utf8))
            let dataErrors: Set<QRImageError.Code> = [.emptyPayload, .payloadTooLong, .invalidArgument]
            throw ExitCode(dataErrors.contains(error.code) ? 65 : 2)
        }
        try output.write(image, command: "lunas qr render")
    }

    private func render(_ bytes: [UInt8], level: QRErrorCorrection) throws -> [UInt8] {
        let matrix = try QRMatrix(bytes: bytes, errorCorrection: level)
        if format == .escpos && output.native { return try matrix.escposNativeJob(payload: bytes, moduleSize: scale) }
        if format == .text && ascii { return Array(matrix.terminalText(style: .ascii).utf8) }
        return try matrix.render(format, scale: scale)
    }

    private func readPayload() throws -> [UInt8] {
        if let payload, payload != "-" { return Array(payload.utf8) }
        // Read no more than the largest QR payload plus a line ending: anything longer is refused
        // without holding an unbounded input in memory.
        let limit = QRErrorCorrection.low.byteCapacity + 2
        var data: [UInt8] = []
        while data.count <= limit {
            let chunk = FileHandle.standardInput.readData(ofLength: limit + 1 - data.count)
            if chunk.isEmpty { break }
            data += chunk
        }
        if data.count > limit {
            FileHandle.standardError.write(
                Data("lunas qr render: qr.payload_too_long: standard input has more than \(limit) bytes\n".utf8))
            throw ExitCode(65)
        }
        if data.last == 0x0A { data.removeLast() }
        if data.last == 0x0D { data.removeLast() }
        return data
    }
}
