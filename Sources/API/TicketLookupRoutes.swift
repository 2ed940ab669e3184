import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import QRImage
import Tickets

/// `GET /api/v1/parking/tickets/{id}` (a ticket and its invoice),
/// `GET /api/v1/parking/tickets?plate=P` (the plate's open hourly tickets, for the exit) and
/// `GET /api/v1/parking/tickets/{id}/ticket.escpos|png` (the printable ticket: the entry ticket of
/// an open hourly ticket, its invoice's bill, the Rp0 ticket of a free exit or the void slip).
struct TicketLookupRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("v1/parking/tickets/{id}") { _, context in
            _ = try context.requireDevice([.attendant, .admin, .finance])
            let id = try context.parameters.require("id")
            guard let ticket = try await services.store.ticket(id: .init(id)) else {
                throw APIError.notFound("ticket \(id.prefix(40))")
            }
            var invoice: Invoice?
            if let invoiceID = ticket.invoiceID { invoice = try await services.store.invoice(id: invoiceID) }
            return APIResponse.issue(IssueResponse(ticket: ticket, invoice: invoice))
        }
        group.get("v1/parking/tickets/{id}/ticket.escpos") { _, context in try await printed(png: false, context) }
        group.get("v1/parking/tickets/{id}/ticket.png") { _, context in try await printed(png: true, context) }
        group.get("v1/parking/tickets") { request, context in
            _ = try context.requireDevice([.attendant, .admin, .finance])
            guard let plate = request.uri.queryParameters.get("plate") else {
                throw APIError.badRequest("request.missingField", "plate is required", field: "plate")
            }
            // A query string is form-encoded: `+` stands for a space (which a plate may hold).
            let normalised = try LicensePlate.normalise(plate.replacingOccurrences(of: "+", with: " "))
            let tickets = try await services.store.openTickets(plate: normalised)
            return try APIResponse.json(["tickets": tickets.map(TicketView.init)])
        }
    }

    /// The printable ticket (any device role, as the invoice's ticket).
    func printed(png: Bool, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice(Set(Device.Role.allCases))
        let id = try context.parameters.require("id")
        guard let ticket = try await services.store.ticket(id: .init(id)) else {
            throw APIError.notFound("ticket \(id.prefix(40))")
        }
        let content = try await TicketPrinter(services: services).content(ticket: ticket, store: services.store)
        if png { return APIResponse.bytes(try content.pngImage(), mediaType: "image/png") }
        return APIResponse.bytes(try content.escposJob(), mediaType: "application/octet-stream")
    }
}
