import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// Public, no token: `GET /public/tariffs`, `GET /public/receipts/{code}`, `GET /public/receipt-keys`.
/// JSON, or an HTML page when the client asks for `text/html`: Indonesian, English with `?lang=en`.
struct PublicRoutes {
    let services: APIServices

    func register(on router: Router<LunasRequestContext>) {
        // The city's configuration is fixed while the server runs: the JSON and the start page are
        // made once; the tariff page per request (which tariff is in force depends on the day).
        let publication = TariffPublication(services.configuration)
        let tariffsJSON = Result { try APIResponse.jsonBytes(publication) }
        let home = Array(PublicPages.home(publication).utf8)
        let homeEnglish = Array(PublicPages.home(publication, language: .en).utf8)
        let zone = services.configuration.city.timeZone
        router.get("public/tariffs") { request, _ in
            APIResponse.wantsHTML(request)
                ? APIResponse.html(
                    PublicPages.tariffs(
                        publication, today: zone.local(services.now()).date, language: PublicLanguage.of(request)))
                : APIResponse.bytes(try tariffsJSON.get(), mediaType: APIResponse.jsonMediaType)
        }
        router.get("/") { request, _ in
            APIResponse.bytes(
                PublicLanguage.of(request) == .en ? homeEnglish : home, mediaType: APIResponse.htmlMediaType)
        }
        // The start page's receipt check: `/cek?code=…` opens the receipt page of that code, the long
        // signed one or the short one from the ticket (``ReceiptShortCode``); `/cek` alone is the form.
        router.get("cek") { request, _ in try await check(request) }
        router.get("public/receipts/{code}") { request, context in try await receipt(request, context) }
        router.get("public/receipt-keys") { _, _ in try APIResponse.json(services.receiptKeys.live.ring) }
    }

    /// `GET /cek`: the form without a code; a short code that reads (any case, spaces, hyphens,
    /// `I`/`L`/`O`) redirects to its receipt page, one with a wrong check character or of no invoice
    /// gets the form again with the reason; anything else goes to `/public/receipts/{code}`.
    func check(_ request: Request) async throws -> Response {
        // A form sends spaces as `+` (receipt codes have none).
        let code = (request.uri.queryParameters.get("code").map { String($0) } ?? "")
            .replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        let language = PublicLanguage.of(request)
        if code.isEmpty { return APIResponse.html(PublicPages.check(code: "", problem: nil, language: language)) }
        var target = "/public/receipts/" + code.urlComponentEncoded
        if ReceiptShortCode.hasShape(code) {
            guard let short = ReceiptShortCode(parsing: code) else {
                let problem = ReceiptText.text("mistyped", language, ["code": code])
                return APIResponse.html(
                    PublicPages.check(code: code, problem: problem, language: language), status: .badRequest)
            }
            guard let invoice = try await services.store.invoice(shortCode: short) else {
                let problem = ReceiptText.text("unknown", language, ["code": short.grouped])
                return APIResponse.html(
                    PublicPages.check(code: code, problem: problem, language: language), status: .notFound)
            }
            target = "/public/receipts/" + invoice.receiptCode.urlComponentEncoded
        }
        var headers = HTTPFields()
        headers[.location] = target + PublicLanguage.query(language)
        return Response(status: .seeOther, headers: headers)
    }

    /// The receipt's verdict. JSON: 200 `{"genuine":true,"paid":…}` for a genuine receipt, 400
    /// for a malformed code, 404 for a forged code or an unknown invoice.
    func receipt(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let html = APIResponse.wantsHTML(request)
        let language = PublicLanguage.of(request)
        let verified: VerifiedReceipt
        do {
            verified = try await services.receiptKeys.verify(code)
        } catch let error as LedgerError {
            if html {
                return APIResponse.html(
                    PublicPages.receiptRejected(reason: error.message, code: code, language: language),
                    status: .notFound)
            }
            // The documented pattern is the line between 400 and 404: a code of the right shape
            // that does not decode or verify is simply not a receipt of this city.
            let status: HTTPResponse.Status = Self.hasReceiptShape(code) ? .notFound : .badRequest
            throw APIError(status, error.code.rawValue, error.message, field: "code")
        }
        guard let billNumber = try? BillNumber(verified.invoiceID),
            let invoice = try await services.store.invoice(billNumber: billNumber)
        else {
            let message = "the signature is valid but no invoice \(verified.invoiceID) is in this ledger"
            if html {
                return APIResponse.html(
                    PublicPages.receiptRejected(reason: message, code: code, language: language), status: .notFound)
            }
            throw APIError(.notFound, "receipt.unknownInvoice", message, field: "code")
        }
        let refunds = try await services.store.refunds(invoiceID: invoice.id)
        let view = ReceiptView(invoice: invoice, refunds: refunds, configuration: services.configuration)
        if html {
            let extra = try await services.store.payments(invoiceID: invoice.id).filter { $0.effect == .extra }.count
            return APIResponse.html(
                PublicPages.receipt(
                    view, configuration: services.configuration, extraPayments: extra, language: language))
        }
        return try APIResponse.json(view)
    }
}

extension PublicRoutes {
    /// The shape of a receipt code as `/openapi.yaml` documents it (``receiptCodePattern``).
    static let receiptCodePattern = "^[Ll][Rr]1-[0-9A-TV-Za-tv-z-]{1,296}$"

    /// Whether `code` matches ``receiptCodePattern``: `LR1-` in either case, then 1–296 symbols of
    /// the receipt alphabet (Crockford base32 with `O`, `I`, `L` read as digits, any case; no `U`)
    /// or hyphens.
    static func hasReceiptShape(_ code: String) -> Bool {
        let bytes = Array(code.utf8)
        guard (5...300).contains(bytes.count), bytes[0] | 0x20 == UInt8(ascii: "l"),
            bytes[1] | 0x20 == UInt8(ascii: "r"), bytes[2] == UInt8(ascii: "1"), bytes[3] == UInt8(ascii: "-")
        else { return false }
        return bytes.dropFirst(4).allSatisfy { byte in
            let letter = byte | 0x20
            return byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || ((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(letter) && letter != UInt8(ascii: "u"))
        }
    }
}

/// The JSON verdict on a receipt code.
struct ReceiptView: Codable, Sendable {
    var genuine: Bool
    /// The short code printed on the ticket (``ReceiptShortCode``), grouped `XXXXX-XXXXX`.
    var shortCode: String
    /// The long signed code, for checking without the server.
    var receiptCode: String
    var paid: Bool
    var status: String
    var billNumber: String
    var amount: Int64
    var issuedAt: String
    var paidAt: String?
    var merchantName: String
    var nmid: String
    var kind: String
    var fee: String?
    /// Money given back to the payer: how much and when (the reason stays with finance).
    var refunds: [Refund]

    /// One refund as the public sees it.
    struct Refund: Codable, Sendable {
        var amount: Int64
        var refundedAt: String
        /// `refund`: the city refunded it through the acquirer; `reversal`: the payer's bank took
        /// it back (a reversal row of the bank's settlement file).
        var kind: String
    }

    init(invoice: Invoice, refunds: [PaymentRefund] = [], configuration: CityConfiguration) {
        self.refunds = refunds.map {
            Refund(
                amount: $0.amount.value, refundedAt: APITime.text($0.refundedAt),
                kind: $0.source == .acquirer ? "refund" : "reversal")
        }
        genuine = true
        shortCode = invoice.shortCode.grouped
        receiptCode = invoice.receiptCode
        paid = invoice.status.isPaid
        status = invoice.status.rawValue
        billNumber = invoice.billNumber.rawValue
        amount = invoice.amount.value
        issuedAt = APITime.text(invoice.issuedAt)
        paidAt = invoice.paidAt.map(APITime.text)
        merchantName = configuration.city.merchant.name
        nmid = configuration.city.merchant.nmid
        kind = invoice.kind.rawValue
        fee = invoice.feeCode
    }
}
