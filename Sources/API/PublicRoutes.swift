import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// Public, no token: `GET /public/tariffs`, `GET /public/receipts/{code}`, `GET /public/receipt-keys`.
/// JSON, or an Indonesian HTML page when the client asks for `text/html`.
struct PublicRoutes {
    let services: APIServices

    func register(on router: Router<LunasRequestContext>) {
        // The city's configuration is fixed while the server runs: both tariff pages are rendered once.
        let publication = TariffPublication(services.configuration)
        let tariffsJSON = Result { try APIResponse.jsonBytes(publication) }
        let tariffsHTML = Array(PublicPages.tariffs(publication).utf8)
        router.get("public/tariffs") { request, _ in
            APIResponse.wantsHTML(request)
                ? APIResponse.bytes(tariffsHTML, mediaType: APIResponse.htmlMediaType)
                : APIResponse.bytes(try tariffsJSON.get(), mediaType: APIResponse.jsonMediaType)
        }
        router.get("public/receipts/{code}") { request, context in try await receipt(request, context) }
        router.get("public/receipt-keys") { _, _ in try APIResponse.json(services.verifier.keyRing) }
    }

    /// The receipt's verdict. JSON: 200 `{"genuine":true,"paid":…}` for a genuine receipt, 400
    /// for a malformed code, 404 for a forged code or an unknown invoice.
    func receipt(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        let html = APIResponse.wantsHTML(request)
        let verified: VerifiedReceipt
        do {
            verified = try services.verifier.verify(code)
        } catch let error as LedgerError {
            if html { return APIResponse.html(PublicPages.receiptRejected(reason: error.message), status: .notFound) }
            let status: HTTPResponse.Status = error.code.rawValue == "receipt.malformed" ? .badRequest : .notFound
            throw APIError(status, error.code.rawValue, error.message, field: "code")
        }
        guard let billNumber = try? BillNumber(verified.invoiceID),
            let invoice = try await services.store.invoice(billNumber: billNumber)
        else {
            let message = "the signature is valid but no invoice \(verified.invoiceID) is in this ledger"
            if html { return APIResponse.html(PublicPages.receiptRejected(reason: message), status: .notFound) }
            throw APIError(.notFound, "receipt.unknownInvoice", message, field: "code")
        }
        let view = ReceiptView(invoice: invoice, configuration: services.configuration)
        if html { return APIResponse.html(PublicPages.receipt(view, configuration: services.configuration)) }
        return try APIResponse.json(view)
    }
}

/// The JSON verdict on a receipt code.
struct ReceiptView: Codable, Sendable {
    var genuine: Bool
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

    init(invoice: Invoice, configuration: CityConfiguration) {
        genuine = true
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
