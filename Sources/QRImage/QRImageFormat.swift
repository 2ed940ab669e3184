/// The output formats of a QR image, with the media type to serve each as.
///
/// The command line's `--format` and the HTTP API's format parameter both map onto this.
public enum QRImageFormat: String, Sendable, CaseIterable, Hashable {
    /// 1-bit greyscale PNG.
    case png
    /// SVG with one path.
    case svg
    /// An ESC/POS print job with a `GS v 0` raster for 384-dot printers.
    case escpos
    /// Coloured Unicode half blocks for a terminal.
    case text

    /// The media type for an HTTP `Content-Type` header.
    public var mediaType: String {
        switch self {
        case .png: "image/png"
        case .svg: "image/svg+xml"
        case .escpos: "application/octet-stream"
        case .text: "text/plain; charset=utf-8"
        }
    }

    /// The usual file name extension.
    public var fileExtension: String {
        switch self {
        case .png: "png"
        case .svg: "svg"
        case .escpos: "bin"
        case .text: "txt"
        }
    }
}
