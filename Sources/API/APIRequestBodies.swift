// The JSON bodies the API accepts (decoded by APIRequest.decode).

/// `POST /api/v1/parking/tickets` body.
struct TicketRequest: Decodable {
    var plate: String
    var vehicleClass: String
    var zone: String?
}

/// `POST /api/v1/invoices` body.
struct FeeInvoiceRequest: Decodable {
    var fee: String
    var payerReference: String
    var amount: Int64?
}

/// `POST /api/v1/invoices/{id}/cancel` body (optional).
struct CancelRequest: Decodable {
    var reason: String?
}
