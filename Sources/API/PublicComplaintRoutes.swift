import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger

/// Citizens' complaints, no token: `GET /aduan` (the form), `POST /public/complaints` (the form as
/// `multipart/form-data` or `application/x-www-form-urlencoded`, answered with a page; or JSON with
/// the photo in base64 and the form token in `Idempotency-Key`, answered with JSON) and
/// `GET /public/complaints/{number}?code=…` (the status, JSON or a page); and `GET /standar-pelayanan`,
/// the service standard whose handling times the deadlines come from. The pages are Indonesian,
/// English with `?lang=en` (a filed form's hidden `lang` field or its address's `?lang=en`).
///
/// Bounded in cost: at most `complaints.perAddressPerHour` filings per client address (the address
/// from `X-Forwarded-For` only behind a trusted proxy), counted before the body is read; a body of
/// at most 3 MiB; the photo is cleaned byte-wise. A wrong access code and an unknown number get the
/// same 404.
struct PublicComplaintRoutes {
    let services: APIServices

    static let maximumBodyBytes = 3 << 20
    static let jsonFields: Set<String> = [
        "category", "receiptCode", "billNumber", "plate", "zone", "occurredAt", "description", "contact", "photo",
    ]

    func register(on router: Router<LunasRequestContext>) {
        router.get("aduan") { request, _ in
            APIResponse.html(
                ComplaintPages.form(
                    services.configuration, formToken: SecretToken.make(bytes: 18), language: PublicLanguage.of(request)))
        }
        router.get("standar-pelayanan") { request, _ in
            let today = services.configuration.city.timeZone.local(services.now()).date
            return APIResponse.html(
                ServiceStandardPage.render(services.configuration, today: today, language: PublicLanguage.of(request)))
        }
        router.post("public/complaints") { request, context in try await file(request, context) }
        router.get("public/complaints/{number}") { request, context in try await status(request, context) }
    }

    private var desk: ComplaintDesk { get throws { try services.complaintDesk } }

    func file(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let desk = try desk
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        let isJSON = contentType == "application/json" || contentType.hasPrefix("application/json;")
        var language = PublicLanguage.of(request)
        let address = services.web.trustedProxies.clientAddress(
            peer: context.channel?.remoteAddress?.ipAddress, headers: request.headers)
        let limit = services.web.complaintsPerAddressPerHour
        if let retryAfter = services.complaintLimiter.admit(address, limit: limit, now: services.now()) {
            var headers = HTTPFields()
            headers[.retryAfter] = String(retryAfter)
            if isJSON {
                var response = try APIResponse.json(
                    APIError.Body(
                        error: APIError.Body.Detail(
                            code: "complaint.rateLimited",
                            message: "at most \(limit) complaints an hour from one address; try again in \(retryAfter) s",
                            field: nil)),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(retryAfter)
                return response
            }
            var response = APIResponse.html(
                ComplaintPages.limited(limit: limit, retryAfter: retryAfter, language: language),
                status: .tooManyRequests)
            response.headers[.retryAfter] = String(retryAfter)
            return response
        }
        let body = try await request.body.collect(upTo: Self.maximumBodyBytes)
        var complaint = ComplaintRequest()
        var formToken: String?
        do {
            if isJSON {
                complaint = try Self.jsonRequest(Array(body.readableBytesView))
                formToken = try request.headers[APIRequest.idempotencyKeyField].map(Self.checkedKey)
            } else if MultipartForm.isFormData(contentType: contentType) {
                let form = try MultipartForm(bytes: Array(body.readableBytesView), contentType: request.headers[.contentType] ?? "")
                func text(_ name: String) -> String? { form.part(named: name).map { String(decoding: $0.body, as: UTF8.self) } }
                complaint = ComplaintRequest(
                    category: text("category"), receiptCode: text("receiptCode"), billNumber: text("billNumber"),
                    plate: text("plate"), zone: text("zone"), occurredAt: text("occurredAt"),
                    description: text("description"), contact: text("contact"),
                    photo: form.part(named: "photo").map { Data($0.body) })
                formToken = text("formToken").flatMap { $0.isEmpty ? nil : $0 }
                if let lang = text("lang") { language = PublicLanguage.of(lang) }
            } else if contentType.hasPrefix("application/x-www-form-urlencoded") {
                let form = ConsoleForm(buffer: body)
                complaint = ComplaintRequest(
                    category: form["category"], receiptCode: form["receiptCode"], billNumber: form["billNumber"],
                    plate: form["plate"], zone: form["zone"], occurredAt: form["occurredAt"],
                    description: form["description"], contact: form["contact"])
                formToken = form.trimmed("formToken")
                if let lang = form["lang"] { language = PublicLanguage.of(lang) }
            } else {
                throw APIError(
                    .unsupportedMediaType, "request.unsupportedMediaType",
                    "send application/json, multipart/form-data or application/x-www-form-urlencoded", field: "Content-Type")
            }
        } catch let error as APIError where !isJSON && error.status != .unsupportedMediaType {
            return refusedForm(
                complaint, formToken: nil, message: ComplaintText.text("unreadable", language), language: language)
        }
        let filed: FiledComplaint
        do {
            filed = try await desk.file(complaint, formToken: formToken)
        } catch let error as IssuingError where !isJSON {
            let token = error.field == "formToken" ? nil : formToken
            return refusedForm(
                complaint, formToken: token, message: ComplaintText.refusal(error, language), language: language)
        } catch let error as LedgerError where !isJSON && error.code == .idempotencyKeyReused {
            return refusedForm(
                complaint, formToken: nil, message: ComplaintText.text("tokenReused", language), language: language)
        }
        let status: HTTPResponse.Status = filed.created ? .created : .ok
        if !isJSON {
            return APIResponse.html(
                ComplaintPages.filed(filed, zone: services.configuration.city.timeZone, language: language),
                status: status)
        }
        return try APIResponse.json(["complaint": FiledView(filed, now: services.now())], status: status)
    }

    /// The form again with what was typed (not the photo) and why it was refused (400); a fresh
    /// form token when `formToken` is nil.
    private func refusedForm(
        _ complaint: ComplaintRequest, formToken: String?, message: String, language: ConsoleText.Language
    ) -> Response {
        var kept = complaint
        kept.photo = nil
        let page = ComplaintPages.form(
            services.configuration, formToken: formToken ?? SecretToken.make(bytes: 18), request: kept, error: message,
            language: language)
        return APIResponse.html(page, status: .badRequest)
    }

    /// An `Idempotency-Key` as a form token: 16–128 printable ASCII characters.
    static func checkedKey(_ key: String) throws -> String {
        guard (16...128).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIError.badRequest(
                "request.invalidValue", "Idempotency-Key must be 16–128 printable ASCII characters",
                field: "Idempotency-Key")
        }
        return key
    }

    struct FiledView: Encodable {
        var number: String
        var accessCode: String
        var status: String
        var category: String
        var filedAt: String
        var acknowledgeBy: String
        var deadline: String
        var statusPath: String

        init(_ filed: FiledComplaint, now: Date) {
            number = filed.complaint.number
            accessCode = filed.accessCode
            status = filed.complaint.state.rawValue
            category = filed.complaint.filing.category.rawValue
            filedAt = APITime.text(filed.complaint.filing.filedAt)
            acknowledgeBy = APITime.text(filed.complaint.filing.acknowledgeBy)
            deadline = APITime.text(filed.complaint.filing.deadline)
            statusPath = ComplaintPages.statusPath(number, code: accessCode)
        }
    }

    func status(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let desk = try desk
        let number = context.parameters.get("number") ?? ""
        let code = request.uri.queryParameters.get("code").map { String($0) } ?? ""
        let html = APIResponse.wantsHTML(request)
        guard Complaint.isNumber(number), !code.isEmpty, code.utf8.count <= 64,
            try await desk.book.complaintAccessMatches(number: number, code: code),
            let complaint = try await desk.book.complaint(number: number)
        else {
            if html {
                return APIResponse.html(
                    ComplaintPages.notFound(
                        path: "/public/complaints/" + number.urlComponentEncoded, code: String(code.prefix(64)),
                        language: PublicLanguage.of(request)),
                    status: .notFound)
            }
            throw APIError(
                .notFound, "complaint.notFound", "no complaint has this number and access code", field: "code")
        }
        var invoice: Invoice?
        if let invoiceID = complaint.filing.invoiceID { invoice = try await services.store.invoice(id: invoiceID) }
        let now = services.now()
        if html {
            return APIResponse.html(
                ComplaintPages.status(
                    complaint, code: code, invoice: invoice, configuration: services.configuration, now: now,
                    language: PublicLanguage.of(request)))
        }
        return try APIResponse.json(["complaint": PublicComplaintView(complaint, invoice: invoice, now: now)])
    }

    /// A JSON complaint: known members only, strings, the photo in base64.
    static func jsonRequest(_ bytes: [UInt8]) throws -> ComplaintRequest {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw APIError.badRequest("request.invalidJSON", "the body is not a JSON object", field: "body")
            }
            object = parsed
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError.badRequest(
                "request.invalidJSON", "the body is not JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error)",
                field: "body")
        }
        if let unknown = object.keys.sorted().first(where: { !jsonFields.contains($0) }) {
            throw APIError.badRequest(
                "request.unknownField", "unknown field \"\(unknown.prefix(40))\"", field: String(unknown.prefix(40)))
        }
        func text(_ name: String) throws -> String? {
            guard let value = object[name], !(value is NSNull) else { return nil }
            guard let string = value as? String else {
                throw APIError.badRequest("request.invalidField", "\(name) must be a string", field: name)
            }
            return string
        }
        var photo: Data?
        if let encoded = try text("photo") {
            guard let data = Data(base64Encoded: encoded) else {
                throw APIError.badRequest("request.invalidField", "photo must be base64 (RFC 4648)", field: "photo")
            }
            photo = data
        }
        return ComplaintRequest(
            category: try text("category"), receiptCode: try text("receiptCode"), billNumber: try text("billNumber"),
            plate: try text("plate"), zone: try text("zone"), occurredAt: try text("occurredAt"),
            description: try text("description"), contact: try text("contact"), photo: photo)
    }
}
