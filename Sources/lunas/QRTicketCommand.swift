import ArgumentParser
import Foundation
import QRImage

/// `lunas qr ticket`: prints a sample parking ticket or fee receipt, e.g. to try a printer model.
///
/// The HTTP API builds tickets from the ledger; this command takes the same values as flags.
/// Exit codes as `lunas qr render`: 2 bad options, 65 bad ticket content or payload, 74 I/O.
struct QRTicketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ticket",
        abstract: "Render a parking ticket or fee receipt as an ESC/POS job or a 384-px PNG."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case escpos, png
    }

    @Option(help: "Output format: escpos (a complete print job) or png (a 384-pixel image).")
    var format: Format = .escpos

    @Option(help: "The QRIS payload to print as the QR code.")
    var payload: String

    @Option(help: "The heading.")
    var title = "KARCIS PARKIR"

    @Option(help: "The city, e.g. 'PEMERINTAH KOTA AMBON'.")
    var city: String

    @Option(help: "The merchant name as in QRIS tag 59.")
    var merchant: String

    @Option(help: "The NMID as in QRIS tag 51-02.")
    var nmid: String

    @Option(help: "The terminal label, e.g. A01.")
    var terminal: String

    @Option(help: "The amount in whole rupiah.")
    var amount: Int64

    @Option(help: "The bill number (QRIS tag 62-01).")
    var bill: String

    @Option(help: "The receipt verification code.")
    var code: String

    @Option(help: "Issue time as ISO 8601 (e.g. 2026-11-23T05:05:00Z); now by default.")
    var issuedAt: String?

    @Option(help: "The city's time zone.")
    var timeZone = "Asia/Jayapura"

    @Option(help: "The vehicle's plate.")
    var plate: String?

    @Option(help: "The parking zone.")
    var zone: String?

    @Option(help: "The vehicle class, e.g. Motor.")
    var vehicle: String?

    @OptionGroup var output: QROutputOptions

    func validate() throws {
        guard TimeZone(identifier: timeZone) != nil else {
            throw ValidationError("--time-zone '\(timeZone)' is not a known time zone (e.g. Asia/Jayapura)")
        }
        if let issuedAt, ISO8601DateFormatter().date(from: issuedAt) == nil {
            throw ValidationError("--issued-at '\(issuedAt)' is not an ISO 8601 time like 2026-11-23T05:05:00Z")
        }
        if output.native && format != .escpos { throw ValidationError("--native applies only to --format escpos") }
    }

    func run() throws {
        let ticket = TicketContent(
            title: title, cityName: city, merchantName: merchant, nmid: nmid, terminalLabel: terminal,
            amount: amount, billNumber: bill,
            issuedAt: issuedAt.flatMap { ISO8601DateFormatter().date(from: $0) } ?? Date(),
            timeZone: TimeZone(identifier: timeZone) ?? .current,
            plate: plate, zone: zone, vehicleClass: vehicle, verificationCode: code, qrPayload: payload,
            errorCorrection: try output.errorCorrection())
        let image: [UInt8]
        do {
            switch format {
            case .escpos:
                image = try ticket.escposJob(options: TicketPrintOptions(qrCodeMode: output.native ? .native : .raster))
            case .png:
                image = try ticket.pngImage()
            }
        } catch let error as QRImageError {
            FileHandle.standardError.write(Data("lunas qr ticket: \(error.code): \(error.message)\n".utf8))
            throw ExitCode(error.code == .invalidOption || error.code == .doesNotFit ? 2 : 65)
        }
        try output.write(image, command: "lunas qr ticket")
    }
}
