import Foundation
import HTTPTypes
import Hummingbird
import Issuing
import Ledger

/// **Tutup hari** (`/console/days/{date}`; `/console/days` opens the city's today): what still
/// blocks closing the day (``DayCloser/blockers(of:)``, each with a link to the exceptions that
/// explain it), the close button (admins and supervisors without zones, as `POST
/// /api/v1/days/{date}/close`), the signed statement once closed, and the journal downloads
/// `/console/days/{date}/journal.csv` and `.json` (finance, auditors, admins; the same journal as
/// `GET /api/v1/days/{date}/journal`), and the late events booked against the day or, once it is
/// closed, about it (``lateEventValues(_:closed:_:)``).
struct ConsoleDayRoutes {
    let services: APIServices

    /// Who may open the page.
    static let readers: Set<StaffMember.Role> = [.finance, .supervisor, .auditor, .admin]
    /// Who may download the journal.
    static let journalReaders: Set<StaffMember.Role> = [.finance, .auditor, .admin]

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("days") { request, context in today(request, context) }
        group.get("days/:date") { request, context in try await page(request, context) }
        group.post("days/:date/close") { request, context in try await close(request, context) }
        group.get("days/:date/journal.csv") { request, context in try await journal(request, context, format: "csv") }
        group.get("days/:date/journal.json") { request, context in try await journal(request, context, format: "json") }
    }

    private func view(_ request: Request, _ context: LunasRequestContext) -> ConsoleView {
        ConsoleView(request: request, context: context, city: services.configuration)
    }

    /// Whether `staff` may close days: an admin, or a supervisor of the whole city
    /// (``Device/mayCloseDays`` of their ``StaffMember/authority``, as the API checks a device).
    static func mayClose(_ staff: StaffMember?) -> Bool {
        guard let staff, [.admin, .supervisor].contains(staff.role) else { return false }
        return staff.authority.mayCloseDays
    }

    /// 303 to `?date=` (the page's date picker) or to the city's today.
    func today(_ request: Request, _ context: LunasRequestContext) -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let picked = request.uri.queryParameters.get("date").flatMap { CivilDate(iso8601: $0) }
        let date = picked ?? services.configuration.city.timeZone.local(services.now()).date
        return ConsoleView.redirect("/console/days/\(date)" + (view.language == .en ? "?lang=en" : ""))
    }

    func page(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.readers) { return refusal }
        let date = try DayRoutes.date(context)
        var message: (String, String)?
        if request.uri.queryParameters.get("done") == "closed" { message = ("ok", view.text("day.closedNow")) }
        return try await page(date, view, message: message, blockers: nil, status: .ok)
    }

    /// The page of `date`: its statement once closed, else its blockers (`blockers` when the close
    /// button just found them).
    func page(
        _ date: CivilDate, _ view: ConsoleView, message: (String, String)?, blockers given: [DayBlocker]?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        var values: [String: Any] = [
            "date": date.description, "previous": date.adding(days: -1).description,
            "next": date.adding(days: 1).description, "langQuery": view.language == .en ? "?lang=en" : "",
        ]
        if let message { values["message"] = ["kind": message.0, "text": message.1] }
        let statement = try await services.store.closedDay(date)
        values["late"] = try await lateEventValues(date, closed: statement != nil, view)
        if let statement {
            var shown = statementValues(statement, view)
            shown["closedBy"] = try await ConsoleExceptionRoutes.name(of: statement.closedBy, services)
            values["statement"] = shown
            if let staff = view.staff, Self.journalReaders.contains(staff.role) {
                values["journal"] = [
                    "csv": "/console/days/\(date)/journal.csv", "json": "/console/days/\(date)/journal.json",
                ]
            }
        } else {
            var blockers = given ?? []
            if given == nil { blockers = try await services.days.blockers(of: date) }
            values["blockers"] = blockers.map { blockerValues($0, date: date, view) }
            values["clear"] = blockers.isEmpty
            values["open"] = true
            values["mayClose"] = Self.mayClose(view.staff)
        }
        return view.page("day", title: "\(view.text("days")) \(date)", values: values, status: status)
    }

    /// One blocker: its words, count, examples and, where the exceptions list explains it, a link there.
    func blockerValues(_ blocker: DayBlocker, date: CivilDate, _ view: ConsoleView) -> [String: Any] {
        var values: [String: Any] = [
            "label": view.text("day.blocker.\(blocker.kind.rawValue)"),
            "todo": view.text("day.todo.\(blocker.kind.rawValue)"), "count": "\(blocker.count)",
            "examples": blocker.examples.joined(separator: ", "),
        ]
        let english = view.language == .en ? "&lang=en" : ""
        switch blocker.kind {
        case .exceptionOpen:
            values["href"] = "/console/exceptions?state=open&to=\(date)" + english
        case .paidNotSettled:
            values["href"] = "/console/exceptions?state=all&category=paid_not_settled" + english
        case .settlementIncomplete, .settlementFileMissing:
            values["href"] = "/console/settlements" + (view.language == .en ? "?lang=en" : "")
        case .dayNotOver, .invoiceNotFinal:
            break
        }
        return values
    }

    /// The statement's figures, key and signature.
    func statementValues(_ statement: DailyStatement, _ view: ConsoleView) -> [String: Any] {
        let figures = statement.figures
        func amount(_ value: CanonicalJSON?) -> String {
            guard case .int(let number)? = value else { return "—" }
            return view.money(Rupiah(number))
        }
        let invoices = figures["invoices"]
        let revenue = figures["revenue"]
        var count = "—"
        if case .int(let number)? = invoices?["issued"] { count = "\(number)" }
        let rows: [(String, String)] = [
            ("day.issued", "\(count) (\(amount(invoices?["issuedAmount"])))"), ("day.gross", amount(revenue?["gross"])),
            ("day.mdr", amount(revenue?["mdr"])), ("day.net", amount(revenue?["net"])),
            ("day.outstanding", amount(revenue?["outstanding"])), ("day.refunded", amount(revenue?["refunded"])),
        ]
        return [
            "figures": rows.map { ["label": view.text($0.0), "value": $0.1] },
            "closedAt": view.time(statement.closedAt),
            "keyId": statement.keyID, "signature": statement.signature,
            "chainHead": "\(statement.chainHead.sequence)", "public": "/public/days/\(statement.date)",
        ]
    }

    func close(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let view = view(request, context)
        guard let staff = context.staff, Self.mayClose(staff) else {
            return view.message(
                heading: view.text("forbiddenTitle"), text: view.text("day.closeRefused"), status: .forbidden)
        }
        let date = try DayRoutes.date(context)
        switch try await services.days.close(date, actor: staff.actor) {
        case .closed, .alreadyClosed:
            return ConsoleView.redirect("/console/days/\(date)?done=closed" + (view.language == .en ? "&lang=en" : ""))
        case .blocked(let blockers):
            return try await page(
                date, view, message: ("bad", view.text("day.blocked")), blockers: blockers, status: .conflict)
        }
    }

    func journal(_ request: Request, _ context: LunasRequestContext, format: String) async throws -> Response {
        let view = view(request, context)
        if let refusal = view.refusal(unless: Self.journalReaders) { return refusal }
        let date = try DayRoutes.date(context)
        var response = try await DayRoutes.journal(date, format: format, services: services)
        if format == "json" {
            response.headers[.contentDisposition] = "attachment; filename=\"jurnal-\(date).json\""
        }
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
