import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Logging
import Reconciliation

/// `POST /api/v1/settlements?profile=NAME[&date=YYYY-MM-DD]` (finance, admin): upload a settlement file as
/// the body (or as the field `file` of a `multipart/form-data` form with the fields `profile` and, optionally,
/// `date`) and get its reconciliation; `date` is the settlement date the file is for, needed only for a
/// file that states none and has no rows (``SettlementImporter/settlementDate(of:requested:)``);
/// `GET /api/v1/settlements`: the past files; `GET /api/v1/settlements/{id}/report?format=json|csv|html`:
/// a stored report.
///
/// The body is the file itself (CSV/TSV, camt.053/054 XML or MT940), streamed to disk and limited to
/// ``SettlementImporter/maximumBytes`` (256 MiB by default, setting `settlement.maximumBytes`; 413 above).
/// Nothing is written before ``DiskSpaceGuard`` has promised room for the file and its archived copy
/// (507 `storage.insufficient` otherwise). 201 with the reconciliation for a new file; 200 with the
/// earlier result, unchanged, when the same bytes (SHA-256) were imported before.
struct SettlementRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.post("v1/settlements") { request, context in try await upload(request, context) }
        group.get("v1/settlements") { request, context in try await list(request, context) }
        group.get("v1/settlements/:id/report") { request, context in try await report(request, context) }
        group.post("v1/settlements/:id/apply") { request, context in try await apply(request, context) }
    }

    /// `POST /api/v1/settlements/{id}/apply` (finance, admin): applies the archived file to the
    /// ledger (``SettlementImporter/apply(id:actor:store:now:chunkSize:logger:progress:)``). 200 with
    /// the file's application state; `alreadyApplied` is true when a complete apply had been made
    /// before and nothing changed.
    func apply(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(ExceptionRoutes.workers)
        let id = context.parameters.get("id") ?? ""
        let outcome = try await importer().apply(
            id: id, actor: .device(device.id), store: services.store, now: services.now(), logger: context.logger)
        return try APIResponse.json(
            SettlementApplicationView(
                outcome.application, alreadyApplied: outcome.alreadyApplied,
                withdrew: outcome.withdrawn.map(\.settlementID)))
    }

    func importer() throws -> SettlementImporter {
        guard let importer = services.settlements else {
            throw APIError(
                .internalServerError, "settlement.notConfigured", "this server was built without a settlement archive")
        }
        return importer
    }

    func upload(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice([.finance, .admin])
        let importer = try importer()
        let contentType = request.headers[.contentType] ?? ""
        if MultipartForm.isFormData(contentType: contentType) {
            let query = request.uri.queryParameters.get("profile")
            let dateQuery = request.uri.queryParameters.get("date")
            let outcome = try await importer.importForm(
                body: request.body, contentType: contentType,
                contentLength: request.headers[.contentLength].flatMap(Int.init), device: device.id,
                store: services.store, logger: context.logger, defaultDate: dateQuery
            ) { fields in
                if let query, query != fields["profile"] {
                    throw APIError.badRequest(
                        "request.conflictingField",
                        "profile=\(query.prefix(40)) in the query differs from the form's profile field; send it once",
                        field: "profile")
                }
                if let dateQuery, let field = fields["date"], field != dateQuery {
                    throw APIError.badRequest(
                        "request.conflictingField",
                        "date=\(dateQuery.prefix(40)) in the query differs from the form's date field; send it once",
                        field: "date")
                }
            }
            return Self.response(outcome)
        }
        guard let name = request.uri.queryParameters.get("profile") else {
            throw APIError.badRequest(
                "request.missingField", "profile=NAME (a file in settlement-profiles/) is required", field: "profile")
        }
        let profile = try importer.profile(named: name)
        let date = try SettlementImporter.requestedSettlementDate(request.uri.queryParameters.get("date"))
        try SettlementImporter.requireMediaType(contentType, for: profile, field: "Content-Type")
        let length = request.headers[.contentLength].flatMap(Int.init)
        if let length, length > importer.maximumBytes { throw Self.tooLarge(importer.maximumBytes) }
        let promised = try await importer.space.admit(uploadOf: Int64(length ?? importer.maximumBytes))
        let outcome: SettlementImporter.Outcome
        do {
            let path = try await Self.receive(
                request, into: importer.archive.incomingFile(), limit: importer.maximumBytes)
            outcome = try await importer.importFile(
                at: path, profile: profile, profileName: name, settlementDate: date, device: device.id,
                store: services.store, logger: context.logger)
        } catch {
            await importer.space.release(promised)
            throw error
        }
        await importer.space.release(promised)
        return Self.response(outcome)
    }

    /// 201 (or 200 for bytes imported before) with the reconciliation and its report's `Location`.
    static func response(_ outcome: SettlementImporter.Outcome) -> Response {
        var response = APIResponse.bytes(
            outcome.body, mediaType: "application/json; charset=utf-8", status: outcome.created ? .created : .ok)
        response.headers[.location] = "/api/v1/settlements/\(outcome.id)/report?format=json"
        return response
    }

    /// `GET /api/v1/settlements?limit=N&after=ID` (finance, auditor, admin: who may read the reports):
    /// the past files, newest first (``SettlementImporter/settlements(store:limit:after:)``).
    func list(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice([.finance, .auditor, .admin])
        let query = request.uri.queryParameters
        var limit = 50
        if let text = query.get("limit") {
            guard let value = Int(text) else {
                throw APIError.badRequest(
                    "request.invalidValue", "limit must be a whole number, got \"\(text.prefix(20))\"", field: "limit")
            }
            limit = value
        }
        let page = try await importer().settlements(
            store: services.store, limit: limit, after: query.get("after"))
        return try APIResponse.json(page)
    }

    func report(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice([.finance, .auditor, .admin])
        let importer = try importer()
        let id = context.parameters.get("id") ?? ""
        let text = request.uri.queryParameters.get("format") ?? "json"
        guard let format = ReconciliationReport.Format(rawValue: text) else {
            throw APIError.badRequest(
                "request.invalidValue", "format must be json, csv or html, got \"\(text.prefix(20))\"", field: "format")
        }
        guard let bytes = try await importer.archive.report(id: id, format: format) else {
            throw APIError.notFound("settlement \(id.prefix(40))")
        }
        switch format {
        case .json: return APIResponse.bytes(bytes, mediaType: "application/json; charset=utf-8")
        case .html: return APIResponse.bytes(bytes, mediaType: "text/html; charset=utf-8")
        case .csv:
            var response = APIResponse.bytes(bytes, mediaType: "text/csv; charset=utf-8")
            response.headers[.contentDisposition] = "attachment; filename=\"\(id)-exceptions.csv\""
            return response
        }
    }

    /// Streams the request body into a new file at `url`, at most `limit` bytes.
    /// - Throws: 413 `request.tooLarge` (a `Content-Length` or a body over the limit; the file is removed).
    static func receive(_ request: Request, into url: URL, limit: Int) async throws -> URL {
        let tooLarge = Self.tooLarge(limit)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw tooLarge }
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw ReconciliationError(.io, "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        var received = 0
        do {
            defer { close(fd) }
            for try await buffer in request.body {
                received += buffer.readableBytes
                if received > limit { throw tooLarge }
                try buffer.withUnsafeReadableBytes { bytes in
                    var offset = 0
                    while offset < bytes.count {
                        let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                        guard written > 0 else {
                            throw ReconciliationError(
                                .io, "cannot write an upload: \(String(cString: strerror(errno)))")
                        }
                        offset += written
                    }
                }
            }
        } catch {
            unlink(url.path)
            throw error
        }
        return url
    }

    /// 413 `request.tooLarge` naming the limit.
    static func tooLarge(_ limit: Int) -> APIError {
        APIError(
            .contentTooLarge, "request.tooLarge",
            "a settlement file may be at most \(limit) bytes (\(limit >> 20) MiB; setting settlement.maximumBytes)",
            field: "body")
    }
}
