import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// `GET /api/v1/invoices/{id}/events`: Server-Sent Events for one invoice.
///
/// Sends `event: status` with the invoice at once, then `event: paid` (or `event: status` for
/// `expired`, `cancelled`) the moment the ledger shows the change, and ends the stream on any
/// final state or after ``maximumDuration``. A comment line keeps idle connections open through
/// proxies. The stream re-reads the invoice when the ledger moves (``APIServices/changes``: on any
/// node) and at least every ``NodeCoordination/rereadInterval``.
struct InvoiceEventsRoute {
    let services: APIServices
    /// The longest a stream stays open.
    static let maximumDuration: Duration = .seconds(300)

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.get("v1/invoices/{id}/events") { _, context in try await events(context) }
    }

    func events(_ context: LunasRequestContext) async throws -> Response {
        _ = try context.requireDevice(Set(Device.Role.allCases))
        let id = try context.parameters.require("id")
        let (changes, reread) = (services.changes, services.nodes.rereadInterval)
        let firstSeen = changes.generation
        guard let first = try await services.store.invoice(id: .init(id)) else {
            throw APIError.notFound("invoice \(id.prefix(40))")
        }
        let store = services.store
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-store"
        let body = ResponseBody { writer in
            var current = first
            try await writer.write(Self.event(current.status.isPaid ? "paid" : "status", current))
            let deadline = ContinuousClock.now.advanced(by: Self.maximumDuration)
            var lastBeat = ContinuousClock.now
            var seen = firstSeen
            while current.status == .issued, ContinuousClock.now < deadline {
                await changes.wait(after: seen, until: min(deadline, .now.advanced(by: reread)))
                try Task.checkCancellation()
                seen = changes.generation
                guard let next = try await store.invoice(id: current.id) else { break }
                if next.status != current.status {
                    current = next
                    try await writer.write(Self.event(next.status.isPaid ? "paid" : "status", next))
                } else if ContinuousClock.now - lastBeat > .seconds(15) {
                    lastBeat = ContinuousClock.now
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    static func event(_ name: String, _ invoice: Invoice) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(["invoice": InvoiceView(invoice)])) ?? Data("{}".utf8)
        return ByteBuffer(string: "event: \(name)\ndata: \(String(decoding: data, as: UTF8.self))\n\n")
    }
}
