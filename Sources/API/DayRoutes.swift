import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger
import Reconciliation

/// Closing the city day: `GET /api/v1/days/{date}` (finance, supervisor, auditor, admin: what still
/// blocks it, or its statement), `POST /api/v1/days/{date}/close` (admin, or a supervisor enrolled
/// without zones: 200 with the signed statement, 409 `day.notClosable` listing the blockers), and the
/// public statement `GET /public/days/{date}` (JSON, or an Indonesian page for `text/html`; 404
/// while the day is open).
struct DayRoutes {
    let services: APIServices

    static let readers: Set<Device.Role> = [.finance, .supervisor, .auditor, .admin]
    static let closers: Set<Device.Role> = [.supervisor, .admin]

    func register(api group: RouterGroup<LunasRequestContext>, public router: Router<LunasRequestContext>) {
        group.get("v1/days/:date") { request, context in try await show(request, context) }
        group.post("v1/days/:date/close") { request, context in try await close(request, context) }
        group.get("v1/days/:date/journal") { request, context in try await journal(request, context) }
        router.get("public/days/:date") { request, context in try await publicStatement(request, context) }
    }

    struct BlockerView: Encodable {
        /// Words in Indonesian (`id`) and English (`en`), as the console's day page shows them.
        struct Words: Encodable {
            var id: String
            var en: String

            init(_ key: String) {
                id = ConsoleText.text(key, .id)
                en = ConsoleText.text(key, .en)
            }
        }

        var kind: String
        var count: Int64
        var examples: [String]
        /// What blocks, and what to do about it.
        var label: Words
        var todo: Words

        init(_ blocker: DayBlocker) {
            kind = blocker.kind.rawValue
            count = blocker.count
            examples = blocker.examples
            label = Words("day.blocker.\(kind)")
            todo = Words("day.todo.\(kind)")
        }
    }

    struct StatusView: Encodable {
        var date: String
        var closed: Bool
        var blockers: [BlockerView]
        /// The statement's URL once closed.
        var statement: String?
    }

    func show(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice(Self.readers)
        let date = try Self.date(context)
        if try await services.store.closedDay(date) != nil {
            return try APIResponse.json(
                StatusView(date: "\(date)", closed: true, blockers: [], statement: "/public/days/\(date)"))
        }
        let blockers = try await services.days.blockers(of: date)
        return try APIResponse.json(
            StatusView(date: "\(date)", closed: false, blockers: blockers.map(BlockerView.init), statement: nil))
    }

    /// The API's error body (``APIError/Body``) with the blockers beside it; the input at fault is
    /// the day (`date`, the path's date).
    struct RefusalBody: Encodable {
        var error: APIError.Body.Detail
        var blockers: [BlockerView]
    }

    func close(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice(Self.closers)
        guard device.mayCloseDays else {
            throw APIError(
                .forbidden, LedgerError.Code.actorNotAllowed.rawValue,
                "device \(device.id) is a supervisor of some zones; only admins and supervisors enrolled without "
                    + "zones (the whole city) close days", field: "actor.device")
        }
        let date = try Self.date(context)
        switch try await services.days.close(date, actor: .device(device.id)) {
        case .closed(let statement), .alreadyClosed(let statement):
            return APIResponse.bytes(statement.canonical.bytes, mediaType: APIResponse.jsonMediaType)
        case .blocked(let blockers):
            let summary = blockers.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
            return try APIResponse.json(
                RefusalBody(
                    error: .init(
                        code: "day.notClosable", message: "day \(date) cannot close yet: \(summary)", field: "date"),
                    blockers: blockers.map(BlockerView.init)),
                status: .conflict)
        }
    }

    func publicStatement(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let date = try Self.date(context)
        guard let statement = try await services.store.closedDay(date) else {
            if APIResponse.wantsHTML(request) {
                let page = DayPages.notClosed(
                    date, city: services.configuration.city, language: PublicLanguage.of(request))
                return APIResponse.html(page, status: .notFound)
            }
            throw APIError(.notFound, "day.notClosed", "day \(date) has not been closed", field: "date")
        }
        if APIResponse.wantsHTML(request) {
            return APIResponse.html(
                DayPages.statement(statement, city: services.configuration.city, language: PublicLanguage.of(request)))
        }
        return APIResponse.bytes(statement.canonical.bytes, mediaType: APIResponse.jsonMediaType)
    }

    struct JournalView: Encodable {
        struct Line: Encodable {
            var account: String
            var name: String
            var debit: Int64
            var credit: Int64
            var memo: String
        }
        var date: String
        var statementKeyId: String
        var chainHead: Int64
        var lines: [Line]
        var totalDebit: Int64
        var totalCredit: Int64
    }

    /// `GET /api/v1/days/{date}/journal?format=json|csv` (finance, auditor, admin): the closed day's
    /// double-entry journal (``DayJournal``); 404 `day.notClosed` while the day is open, 503
    /// `journal.notConfigured` without `accounts.json`.
    func journal(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice([.finance, .auditor, .admin])
        return try await Self.journal(
            try Self.date(context), format: request.uri.queryParameters.get("format") ?? "json", services: services)
    }

    /// The closed day's journal as `format` (`json` or `csv`): the body of the API's journal route
    /// and of the console's downloads.
    /// - Throws: 400 `request.invalidValue` (`format`), 503 `journal.notConfigured`, 404 `day.notClosed`.
    static func journal(_ date: CivilDate, format: String, services: APIServices) async throws -> Response {
        guard format == "json" || format == "csv" else {
            throw APIError.badRequest(
                "request.invalidValue", "format must be json or csv, got \"\(format.prefix(20))\"", field: "format")
        }
        guard let accounts = services.accounts else {
            throw APIError(
                .serviceUnavailable, "journal.notConfigured",
                "this server has no chart of accounts: add accounts.json to the configuration directory")
        }
        guard let statement = try await services.store.closedDay(date) else {
            throw APIError(.notFound, "day.notClosed", "day \(date) has not been closed", field: "date")
        }
        let journal = try DayJournal(statement: statement, accounts: accounts)
        if format == "csv" {
            var bytes = Array("date,account,name,debit,credit,memo\r\n".utf8)
            for line in journal.lines {
                let cells: [CSVCell] = [
                    .text("\(date)"), .text(line.account.code), .text(line.account.name), .number(line.debit.value),
                    .number(line.credit.value), .text(line.memo),
                ]
                for (index, cell) in cells.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")) }
                    cell.append(to: &bytes)
                }
                bytes.append(contentsOf: "\r\n".utf8)
            }
            var response = APIResponse.bytes(bytes, mediaType: "text/csv; charset=utf-8")
            response.headers[.contentDisposition] = "attachment; filename=\"jurnal-\(date).csv\""
            return response
        }
        return try APIResponse.json(
            JournalView(
                date: "\(date)", statementKeyId: statement.keyID, chainHead: statement.chainHead.sequence,
                lines: journal.lines.map {
                    .init(
                        account: $0.account.code, name: $0.account.name, debit: $0.debit.value,
                        credit: $0.credit.value, memo: $0.memo)
                }, totalDebit: journal.totalDebit.value, totalCredit: journal.totalCredit.value))
    }

    static func date(_ context: LunasRequestContext) throws -> CivilDate {
        let text = context.parameters.get("date") ?? ""
        guard let date = CivilDate(iso8601: text) else {
            throw APIError.badRequest(
                "request.invalidValue", "date must be a city date YYYY-MM-DD, got \"\(text.prefix(20))\"",
                field: "date")
        }
        return date
    }
}
