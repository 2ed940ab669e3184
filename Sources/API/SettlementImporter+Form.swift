import Foundation
import Hummingbird
import Ledger
import Logging
import Reconciliation

extension SettlementImporter {
    /// What a `multipart/form-data` upload may add around the file itself: 64 KiB of boundaries, headers
    /// and small fields. The file part alone is held to ``maximumBytes``.
    public static let formEnvelopeBytes = 64 << 10
    /// The longest value of a form field other than `file`, in bytes.
    public static let maximumFieldBytes = 4 << 10

    /// Imports a settlement file sent as a `multipart/form-data` form (RFC 7578) with the fields `file`
    /// (the bank's file), `profile` (``profile(named:)``) and optionally `date` (the settlement date the
    /// file is for, ``settlementDate(of:requested:)``), as `POST /api/v1/settlements` and the
    /// console's upload page receive it. The `file` part is streamed to disk as it arrives (never held in
    /// memory) and then imported exactly as a raw upload: same answer, same idempotency on its SHA-256,
    /// same errors. Other fields of at most ``maximumFieldBytes`` are read and handed to `checkFields`
    /// (a console checks its CSRF token there) before anything is imported.
    ///
    /// - Parameters:
    ///   - body: the request body, in chunks.
    ///   - contentType: the request's `Content-Type` (`multipart/form-data; boundary=…`).
    ///   - contentLength: the request's `Content-Length`, if sent (413 at once when too large).
    ///   - device: who uploads.
    ///   - defaultDate: the settlement date named outside the form (`?date=`), used when the form has no
    ///     `date` field.
    ///   - checkFields: inspects the form's small fields (by name) before the import; throw to refuse.
    /// - Throws: 400 `multipart.*` for a malformed form (naming the byte offset), `multipart.missingField`
    ///   naming `file` or `profile`, `multipart.duplicateField`, `multipart.fieldTooLarge`; 413
    ///   `request.tooLarge`; 415 for a file part whose media type the profile's format does not take;
    ///   507 `storage.insufficient`; and every error of a raw upload.
    public func importForm<Body: AsyncSequence>(
        body: Body, contentType: String, contentLength: Int?, device: Device.ID, store: some LedgerStore,
        logger: Logger, defaultDate: String? = nil, checkFields: ([String: String]) throws -> Void = { _ in }
    ) async throws -> Outcome where Body.Element == ByteBuffer {
        let boundary = try MultipartForm.boundary(contentType: contentType)
        let limit = maximumBytes + Self.formEnvelopeBytes
        if let contentLength, contentLength > limit { throw SettlementRoutes.tooLarge(maximumBytes) }
        let promised = try await space.admit(uploadOf: Int64(contentLength ?? limit))
        let url = archive.incomingFile()
        do {
            defer { unlink(url.path) }
            let form = try await receiveForm(body, boundary: boundary, into: url, limit: limit)
            guard let file = form.file else { throw Self.missingField("file") }
            guard let name = form.fields["profile"] else { throw Self.missingField("profile") }
            try checkFields(form.fields)
            let profile = try self.profile(named: name)
            // A console form sends an empty `date` when the officer leaves it blank.
            let dateField = form.fields["date"].flatMap { $0.isEmpty ? nil : $0 }
            let date = try Self.requestedSettlementDate(dateField ?? defaultDate)
            // RFC 7578 §4.4: a part without a Content-Type is text/plain.
            try Self.requireMediaType(file.contentType ?? "text/plain", for: profile, field: "file")
            let outcome = try await importFile(
                at: url, profile: profile, profileName: name, fileName: file.filename.map(Self.baseName),
                settlementDate: date, device: device, store: store, logger: logger)
            await space.release(promised)
            return outcome
        } catch {
            await space.release(promised)
            throw error
        }
    }

    /// The media types accepted for each profile format (415 otherwise).
    static func mediaTypes(for format: SettlementProfile.Format) -> [String] {
        switch format {
        case .csv, .tsv:
            [
                "text/csv", "text/tab-separated-values", "text/plain", "application/vnd.ms-excel",
                "application/octet-stream",
            ]
        case .camt: ["application/xml", "text/xml", "application/octet-stream"]
        case .mt940: ["text/plain", "application/octet-stream"]
        }
    }

    /// 415 `request.unsupportedMediaType` unless `contentType` is one the profile's format takes.
    static func requireMediaType(_ contentType: String, for profile: SettlementProfile, field: String) throws {
        let mediaType = contentType.split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        let accepted = Self.mediaTypes(for: profile.format)
        guard let mediaType, accepted.contains(mediaType) else {
            throw APIError(
                .unsupportedMediaType, "request.unsupportedMediaType",
                "a \(profile.format.rawValue) settlement file must be sent as \(accepted.joined(separator: ", ")); got \"\(contentType.prefix(60))\"",
                field: field)
        }
    }

    /// A form read by ``receiveForm(_:boundary:into:limit:)``: the `file` part's header (its body is on
    /// disk) and the other fields' values.
    struct ReceivedForm {
        var file: MultipartForm.PartHeader?
        var fields: [String: String] = [:]
    }

    /// Streams a form into memory (small fields) and `url` (the `file` part).
    func receiveForm<Body: AsyncSequence>(
        _ body: Body, boundary: String, into url: URL, limit: Int
    ) async throws -> ReceivedForm where Body.Element == ByteBuffer {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ReconciliationError(.io, "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var reader = try MultipartReader(boundary: boundary)
        var form = ReceivedForm()
        var current: MultipartForm.PartHeader?
        var value: [UInt8] = []
        var fileBytes = 0
        var received = 0
        let maximumBytes = maximumBytes
        let handle: (MultipartReader.Event) throws -> Void = { event in
            switch event {
            case .part(let header):
                if header.name == "file" ? form.file != nil : form.fields[header.name] != nil {
                    throw APIError.badRequest(
                        "multipart.duplicateField", "the form has the field \(header.name) twice", field: header.name)
                }
                if header.name == "file" { form.file = header }
                current = header
                value = []
            case .body(let bytes) where current?.name == "file":
                fileBytes += bytes.count
                if fileBytes > maximumBytes { throw SettlementRoutes.tooLarge(maximumBytes) }
                try Self.writeAll(bytes, to: fd)
            case .body(let bytes):
                value += bytes
                if value.count > Self.maximumFieldBytes {
                    throw APIError.badRequest(
                        "multipart.fieldTooLarge",
                        "the form field \(current?.name ?? "") is longer than \(Self.maximumFieldBytes) bytes",
                        field: current?.name)
                }
            case .partEnd:
                if let name = current?.name, name != "file" {
                    guard let text = String(validating: value, as: UTF8.self) else {
                        throw APIError.badRequest(
                            "multipart.malformedField", "the form field \(name) is not UTF-8 text", field: name)
                    }
                    form.fields[name] = text
                }
                current = nil
            }
        }
        for try await buffer in body {
            received += buffer.readableBytes
            if received > limit { throw SettlementRoutes.tooLarge(maximumBytes) }
            try reader.read(buffer.readableBytesView, handle)
        }
        try reader.finish(handle)
        return form
    }

    /// `name` without any folder a browser may have sent, and without control characters.
    static func baseName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let kept = last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(255)
        return String(String.UnicodeScalarView(kept))
    }

    static func missingField(_ name: String) -> APIError {
        APIError.badRequest(
            "multipart.missingField", "the form has no field \(name) (fields: file, the bank's file; profile)",
            field: name)
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ bytes: ArraySlice<UInt8>, to fd: Int32) throws {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                guard written > 0 else {
                    throw ReconciliationError(.io, "cannot write an upload: \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }
}
