import Issuing
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging
import QRImage
import Tickets

/// `GET /api/v1/invoices/{id}` (with `?wait=` long-poll), its QR images and printable ticket, and
/// `POST /api/v1/invoices/{id}/cancel`.
struct InvoiceRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("v1/invoices/{id}") { request, context in try await show(request, context) }
        for format in QRImageFormat.allCases {
            let name = format == .text ? "qr.txt" : "qr.\(format.rawValue)"
            group.get("v1/invoices/{id}/\(name)") { _, context in try await qr(format, context) }
        }
        group.get("v1/invoices/{id}/ticket.escpos") { _, context in try await ticket(png: false, context) }
        group.get("v1/invoices/{id}/ticket.png") { _, context in try await ticket(png: true, context) }
        group.post("v1/invoices/{id}/cancel") { request, context in try await cancel(request, context) }
    }

    private func invoice(_ context: LunasRequestContext) async throws -> Invoice {
        _ = try context.requireDevice(Set(Device.Role.allCases))
        let id = try context.parameters.require("id")
        guard let invoice = try await services.store.invoice(id: .init(id)) else {
            throw APIError.notFound("invoice \(id.prefix(40))")
        }
        return invoice
    }

    /// The invoice; with `?wait=N` (1–60 s) waits until it is no longer `issued` or N seconds pass.
    func show(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        // Taken before the read: a change committed after it wakes the wait below.
        let seen = services.changes.generation
        var current = try await invoice(context)
        if let text = request.uri.queryParameters.get("wait") {
            guard let seconds = Int(text), (0...60).contains(seconds) else {
                throw APIError.badRequest(
                    "request.invalidWait", "wait must be 0–60 seconds, got \"\(text.prefix(20))\"", field: "wait")
            }
            let deadline = ContinuousClock.now.advanced(by: .seconds(seconds))
            if current.status == .issued, seconds > 0 {
                // Held: counted by `lunas_http_long_polls_waiting` until it answers, times out or is cancelled.
                current = try await services.metrics.holdingLongPoll { [current, seen] in
                    var current = current
                    var seen = seen
                    while current.status == .issued, ContinuousClock.now < deadline {
                        // Woken when the ledger moves (on any node), or re-read at the fallback interval.
                        await services.changes.wait(
                            after: seen, until: min(deadline, .now.advanced(by: services.nodes.rereadInterval)))
                        try Task.checkCancellation()
                        seen = services.changes.generation
                        current = try await services.store.invoice(id: current.id) ?? current
                    }
                    return current
                }
            }
        }
        return try APIResponse.json(["invoice": InvoiceView(current)])
    }

    /// The invoice's QR image, rendered once and then served from ``RenderedImageCache`` (an
    /// invoice's payload never changes).
    func qr(_ format: QRImageFormat, _ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice(Set(Device.Role.allCases))
        let key = RenderedImageCache.Key(invoiceID: try context.parameters.require("id"), format: format.rawValue)
        if let bytes = services.imageCache.image(key) {
            return APIResponse.bytes(bytes, mediaType: format.mediaType)
        }
        let invoice = try await invoice(context)
        let bytes = try QRMatrix(payload: invoice.qrisPayload).render(format)
        services.imageCache.store(bytes, for: key)
        return APIResponse.bytes(bytes, mediaType: format.mediaType)
    }

    func ticket(png: Bool, _ context: LunasRequestContext) async throws -> Response {
        let invoice = try await invoice(context)
        let content = try await TicketPrinter(services: services).content(invoice: invoice, store: services.store)
        if png { return APIResponse.bytes(try content.pngImage(), mediaType: "image/png") }
        return APIResponse.bytes(try content.escposJob(), mediaType: "application/octet-stream")
    }

    /// Cancels an `issued` invoice (200); 409 when it is paid or otherwise closed. Attendants,
    /// kiosks and admins cancel only invoices they issued (403 `auth.notInvoiceIssuer`); a
    /// supervisor cancels any invoice in its zones, all of them when enrolled without zones (403
    /// `auth.zoneNotCovered`); finance cancels nothing. The event names the acting device.
    ///
    /// Cancelling is idempotent without a key: a repeat returns the cancelled invoice and writes
    /// nothing.
    func cancel(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice([.attendant, .kiosk, .admin, .supervisor])
        var reason = "cancelled by device \(device.id.rawValue)"
        if request.headers[.contentType] != nil {
            let body = try await APIRequest.decode(CancelReasonBody.self, from: request)
            if let given = body.reason, !given.isEmpty { reason = String(given.prefix(200)) }
        }
        let invoice = try await invoice(context)
        let cancellation = try await services.issuer.cancel(invoice, by: device, reason: reason)
        services.changes.ledgerMoved()
        context.logger.info("invoice cancelled", metadata: ["invoice": "\(invoice.id)", "by": "\(device.id)"])
        if let outcome = cancellation.acquirer, outcome != .cancelled {
            // The ledger's cancel stands; a repeat of the request tries the acquirer again.
            context.logger.warning(
                "acquirer did not cancel the QR",
                metadata: [
                    "invoice": "\(invoice.id)", "outcome": "\(outcome.status)", "detail": "\(outcome.message ?? "")",
                ])
        }
        return try APIResponse.json(
            CancelAnswer(
                invoice: InvoiceView(cancellation.invoice),
                acquirerCancel: cancellation.acquirer.map { AcquirerCancelView(status: $0.status, message: $0.message) }
            ))
    }

    /// The cancel answer: the invoice and, in `snap` mode, what the acquirer said to the SNAP cancel.
    struct CancelAnswer: Encodable {
        var invoice: InvoiceView
        var acquirerCancel: AcquirerCancelView?
    }

    /// `cancelled`, `unavailable` (repeat the cancel to try again) or `refused`, with the reason.
    struct AcquirerCancelView: Encodable {
        var status: String
        var message: String?
    }
}
