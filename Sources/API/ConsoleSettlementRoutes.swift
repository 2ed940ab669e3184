import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Logging
import Reconciliation

/// **Setelmen** (`/console/settlements`): finance officers and administrators upload the bank's
/// settlement file through a plain `multipart/form-data` form (fields `file` and `profile`; the CSRF
/// token in the action's query, as ``ConsoleAuthMiddleware`` reads it for uploads), see the past
/// files, open each file's report (Indonesian labels, counts per category with what to do, the
/// exception rows 50 to a page), apply it to the ledger, and download the report as CSV, JSON or
/// HTML (the API's stored bytes). Auditors read everything here and change nothing.
///
/// A console upload records the staff member as its uploader (``SettlementImporter/uploader(_:)``);
/// an apply's chain events name them (``StaffMember/actor``).
struct ConsoleSettlementRoutes {
    let services: APIServices

    static let readers: Set<StaffMember.Role> = [.finance, .auditor, .admin]
    static let writers: Set<StaffMember.Role> = [.finance, .admin]

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("settlements") { request, context in try await list(request, context) }
        group.post("settlements") { request, context in try await upload(request, context) }
        group.get("settlements/:id") { request, context in try await report(request, context) }
        group.post("settlements/:id/apply") { request, context in try await apply(request, context) }
        group.get("settlements/:id/:download") { request, context in try await download(request, context) }
    }

    func importer() throws -> SettlementImporter {
        try SettlementRoutes(services: services).importer()
    }

    /// The configured profiles (`settlement-profiles/*.json`), by name.
    func profileNames(_ importer: SettlementImporter) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: importer.profileDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Who uploaded: a staff member's name for a console upload, else the device's id.
    func uploaderName(_ uploadedBy: String, names: inout [String: String]) async -> String {
        if let known = names[uploadedBy] { return known }
        var name = uploadedBy
        if SettlementImporter.isStaffUploader(uploadedBy),
            let member = try? await services.staff?.staffMember(id: StaffMember.ID(uploadedBy))
        {
            name = member.name
        }
        names[uploadedBy] = name
        return name
    }

    /// An ISO 8601 instant in the city's zone, or the text itself when it does not parse.
    static func localTime(_ text: String?, _ view: ConsoleView) -> String {
        guard let text else { return "—" }
        return ISO8601DateFormatter().date(from: text).map(view.time) ?? text
    }

    /// **Setelmen**: the upload form (finance, admin) and the past files, newest first, 50 to a page.
    func list(
        _ request: Request, _ context: LunasRequestContext, message: [String: Any]? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        guard let staff = context.staff else { return ConsoleView.redirect("/console/login") }
        let importer = try importer()
        let after = request.uri.queryParameters.get("after")
        let page = try await importer.settlements(store: services.store, limit: 50, after: after)
        var names: [String: String] = [:]
        var files: [[String: Any]] = []
        for summary in page.settlements {
            let uploader = await uploaderName(summary.uploadedBy, names: &names)
            files.append([
                "id": summary.id, "fileName": summary.fileName ?? summary.id, "profile": summary.profile,
                "status": view.text(
                    summary.withdrawnAt != nil ? "stl_status_withdrawn" : "stl_status_\(summary.status.rawValue)"),
                "rows": "\(summary.rows)",
                "gross": view.money(Rupiah(summary.gross)),
                "period": ConsoleSettlementReport.period(summary.firstSettlementDate, summary.lastSettlementDate),
                "size": ConsoleSettlementReport.size(summary.byteCount),
                "uploadedAt": Self.localTime(summary.uploadedAt, view),
                "uploadedBy": uploader,
            ])
        }
        let profiles = profileNames(importer)
        // The profile of the newest file is the likely one again.
        let preferred = page.settlements.first?.profile
        var values: [String: Any] = [
            "stackStyle": ConsoleSettlementTemplates.stackStyle, "canUpload": Self.writers.contains(staff.role),
            "files": files, "hasFiles": !files.isEmpty,
            "profiles": profiles.map { ["name": $0, "selected": $0 == preferred] },
        ]
        if let after { values["after"] = after }
        if let next = page.next { values["next"] = next }
        if let message { values["message"] = message }
        return view.page("settlements", title: view.text("settlements"), values: values, status: status)
    }

    /// `POST /console/settlements` (finance, admin): the form's file imported exactly as the API's
    /// multipart upload; 303 to its report. A refused file shows the list again with the reason
    /// (the API's status and code), nothing stored.
    func upload(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        if let refusal = view.refusal(unless: Self.writers) { return refusal }
        guard let staff = context.staff else { return ConsoleView.redirect("/console/login") }
        let importer = try importer()
        let contentType = request.headers[.contentType] ?? ""
        do {
            guard MultipartForm.isFormData(contentType: contentType) else {
                throw APIError(
                    .unsupportedMediaType, "request.unsupportedMediaType",
                    "the upload form is sent as multipart/form-data", field: "Content-Type")
            }
            let outcome = try await importer.importForm(
                body: request.body, contentType: contentType,
                contentLength: request.headers[.contentLength].flatMap(Int.init),
                device: SettlementImporter.uploader(staff), store: services.store, logger: context.logger)
            context.logger.info(
                "settlement uploaded from the console", metadata: ["settlement": "\(outcome.id)", "by": "\(staff.id)"])
            return ConsoleView.redirect("/console/settlements/\(outcome.id)")
        } catch let error as APIError where error.status.code < 500 || error.status.code == 507 {
            let message: [String: Any] = [
                "kind": "bad", "text": view.text("stl_uploadFailed") + " " + error.message, "detail": error.code,
            ]
            return try await list(request, context, message: message, status: error.status)
        }
    }

    /// **Laporan setelmen** (`/console/settlements/{id}?category=&page=`).
    func report(
        _ request: Request, _ context: LunasRequestContext, message: [String: Any]? = nil,
        outcome: [String: Any]? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        guard let staff = context.staff else { return ConsoleView.redirect("/console/login") }
        let importer = try importer()
        let id = context.parameters.get("id") ?? ""
        guard SettlementArchive.isValidID(id), let record = try await importer.archive.record(id: id),
            let bytes = try await importer.archive.report(id: id, format: .json)
        else { throw APIError.notFound("settlement \(id.prefix(40))") }
        let report = try ConsoleSettlementReport.decode(bytes)
        let application = try await services.store.settlementApplication(id: id)
        let replacement = SettlementArchive.replacement(of: id, in: try await importer.archive.records())
        let state = SettlementSummary.Status.of(application, replaced: replacement != nil)
        let query = request.uri.queryParameters
        let category = query.get("category").flatMap(SettlementCategory.init(rawValue:))
            .map(\.rawValue)
        let pageNumber = query.get("page").flatMap { Int($0) } ?? 1
        let (rows, page, pages) = report.page(pageNumber, category: category)
        func label(_ key: String) -> String { view.text("stl_cat_\(key)") }
        func money(_ value: Int64?) -> String { value.map { view.money(Rupiah($0)) } ?? "—" }
        let categories: [[String: Any]] = ConsoleSettlementReport.categoryOrder.map { item in
            let count = report.counts[item.rawValue] ?? 0
            var entry: [String: Any] = [
                "key": item.rawValue, "label": label(item.rawValue), "count": "\(count)",
                "todo": view.text("stl_do_\(item.rawValue)"),
                "linkable": item.isException && count > 0,
            ]
            if item.isException, count > 0 {
                entry["exceptionsLink"] = "/console/exceptions?category=\(item.rawValue)&state=open"
            }
            return entry
        }
        func pageLink(_ number: Int) -> String {
            "/console/settlements/\(id)?" + (category.map { "category=\($0)&" } ?? "") + "page=\(number)"
        }
        let filters: [[String: Any]] = ConsoleSettlementReport.categoryOrder.filter(\.isException).map { item in
            ["key": item.rawValue, "label": label(item.rawValue), "selected": item.rawValue == category]
        }
        let rowList: [[String: Any]] = rows.map { row in
            let line: String = row.line.map { "\($0)" } ?? "—"
            return [
                "label": label(row.category), "line": line, "rrn": row.rrn ?? "—",
                "bill": row.billNumber ?? "—", "invoice": row.invoiceId ?? "—",
                "expected": money(row.expectedAmount), "settled": money(row.settledAmount),
                "time": row.transactionTime ?? "—", "zone": row.zone ?? "—", "reason": row.reason ?? "",
            ]
        }
        var names: [String: String] = [:]
        let uploader = await uploaderName(record.uploadedBy, names: &names)
        let profile: String = record.profileName ?? report.file.profile ?? "—"
        let rowCount: Int = report.file.rows ?? record.entry.rows
        let gross: Int64 = report.totals?.gross ?? record.entry.gross
        let warnings: [String] = report.warnings ?? []
        let period = ConsoleSettlementReport.period(report.file.firstSettlementDate, report.file.lastSettlementDate)
        var values: [String: Any] = [
            "stackStyle": ConsoleSettlementTemplates.stackStyle, "id": id, "fileName": record.fileName ?? id,
            "profile": profile, "period": period,
            "status": view.text(
                application?.isWithdrawn == true ? "stl_status_withdrawn" : "stl_status_\(state.rawValue)"),
        ]
        values["rows"] = "\(rowCount)"
        values["gross"] = money(gross)
        values["mdr"] = money(report.totals?.mdr)
        values["net"] = money(report.totals?.net)
        values["invoices"] = "\(report.invoices ?? 0)"
        values["invoiceAmount"] = money(report.invoiceAmount)
        values["size"] = ConsoleSettlementReport.size(record.byteCount)
        values["uploadedAt"] = Self.localTime(record.entry.importedAt, view)
        values["uploadedBy"] = uploader
        values["warnings"] = warnings
        values["hasWarnings"] = !warnings.isEmpty
        values["canApply"] = Self.writers.contains(staff.role) && state == .imported
        values["categories"] = categories
        values["filters"] = filters
        values["hasRows"] = !rows.isEmpty
        values["page"] = "\(page)"
        values["pages"] = "\(pages)"
        values["rowList"] = rowList
        if let replacement { values["replacedBy"] = replacement.id }
        if page > 1 { values["prev"] = pageLink(page - 1) }
        if page < pages { values["next"] = pageLink(page + 1) }
        if let message { values["message"] = message }
        if let outcome { values["outcome"] = outcome }
        return view.page("settlementReport", title: view.text("stl_reportTitle"), values: values, status: status)
    }

    /// `POST /console/settlements/{id}/apply` (finance, admin): applies the file to the ledger as the
    /// API does, the chain events naming the staff member; the report page shows the outcome, or the
    /// refusal (a superseded file: 409 with the reason).
    func apply(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        if let refusal = view.refusal(unless: Self.writers) { return refusal }
        guard let staff = context.staff else { return ConsoleView.redirect("/console/login") }
        let id = context.parameters.get("id") ?? ""
        let result: SettlementApplier.Outcome
        do {
            result = try await importer().apply(
                id: id, actor: staff.actor, store: services.store, now: services.now(), logger: context.logger)
        } catch let error as APIError where error.status == .conflict {
            let message: [String: Any] = [
                "kind": "bad", "text": view.text("stl_applyRefused") + " " + error.message, "detail": error.code,
            ]
            return try await report(request, context, message: message, status: .conflict)
        }
        let application = result.application
        let outcome: [String: Any] = [
            "heading": view.text(result.alreadyApplied ? "stl_alreadyApplied" : "stl_applied"),
            "settled": "\(application.settled)", "payments": "\(application.paymentsRecorded)",
            "exceptions": "\(application.exceptionsOpened)", "reversals": "\(application.reversalsRecorded)",
            "rows": "\(application.appliedRows) / \(application.rowCount)",
        ]
        return try await report(request, context, outcome: outcome)
    }

    /// `GET /console/settlements/{id}/report.csv|report.json|report.html`: the stored report's bytes,
    /// as the API serves them, as a download.
    func download(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = ConsoleView(request: request, context: context, city: services.configuration)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let id = context.parameters.get("id") ?? ""
        let name = context.parameters.get("download") ?? ""
        let formats: [String: (ReconciliationReport.Format, String)] = [
            "report.csv": (.csv, "text/csv; charset=utf-8"), "report.json": (.json, "application/json; charset=utf-8"),
            "report.html": (.html, "text/html; charset=utf-8"),
        ]
        guard let entry = formats[name] else {
            throw APIError.notFound("settlement \(id.prefix(40)) \(name.prefix(20))")
        }
        let (format, mediaType) = entry
        guard SettlementArchive.isValidID(id), let bytes = try await importer().archive.report(id: id, format: format)
        else { throw APIError.notFound("settlement \(id.prefix(40)) \(name.prefix(20))") }
        var response = APIResponse.bytes(bytes, mediaType: mediaType)
        let fileName = format == .csv ? "\(id)-exceptions.csv" : "\(id)-report.\(format.rawValue)"
        response.headers[.contentDisposition] =
            (format == .html ? "inline" : "attachment") + "; filename=\"\(fileName)\""
        response.headers[.cacheControl] = "no-store"
        if format == .html {
            response.headers[HTTPField.Name("Content-Security-Policy")!] =
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
        }
        return response
    }
}
