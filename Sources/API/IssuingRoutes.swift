import Issuing
import Foundation
import HTTPTypes
import Hummingbird
import Ledger
import Logging

/// `POST /api/v1/parking/tickets`, `POST /api/v1/parking/tickets/{id}/exit`,
/// `POST /api/v1/parking/tickets/{id}/void`, `POST /api/v1/invoices`.
struct IssuingRoutes {
    let services: APIServices

    func register(on group: RouterGroup<LunasRequestContext>) {
        group.post("v1/parking/tickets") { request, context in try await openTicket(request, context) }
        group.post("v1/parking/tickets/{id}/exit") { request, context in try await exit(request, context) }
        group.post("v1/parking/tickets/{id}/void") { request, context in try await void(request, context) }
        group.post("v1/parking/tickets/{id}/reprint") { request, context in try await reprint(request, context) }
        group.post("v1/invoices") { request, context in try await issueFee(request, context) }
    }

    /// Validates the body, then issues: 201 with ticket, invoice and links (invoice null for hourly).
    /// An attendant issues only in the zones it is enrolled for (403 `auth.zoneNotEnrolled`); one
    /// enrolled for a single zone may leave `zone` out.
    func openTicket(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice([.attendant])
        let key = try APIRequest.idempotencyKey(request, deviceID: device.id.rawValue)
        let (body, requestHash) = try await APIRequest.decodeFingerprinted(
            TicketRequest.self, from: request, route: "parking.entry")
        let zone = try body.zone ?? Self.onlyZone(of: device)
        let configuration = services.configuration
        guard configuration.vehicleClasses.contains(where: { $0.id.rawValue == body.vehicleClass }) else {
            throw APIError.badRequest(
                "request.unknownVehicleClass",
                "unknown vehicleClass \"\(body.vehicleClass.prefix(40))\"; known: "
                    + configuration.vehicleClasses.map(\.id.rawValue).joined(separator: ", "),
                field: "vehicleClass")
        }
        guard configuration.zones.contains(where: { $0.id.rawValue == zone }) else {
            let origin = body.zone == nil ? " (the device's zone; send \"zone\")" : ""
            throw APIError.badRequest(
                "request.unknownZone", "unknown zone \"\(zone.prefix(40))\"\(origin)", field: "zone")
        }
        try Self.requireEnrolled(device, zone: zone, what: "a parking ticket")
        let issue = try await refusingRevoked(device) {
            try await services.issuer.issueParkingTicket(
                plate: body.plate, vehicleClass: body.vehicleClass, zone: zone, device: device, idempotencyKey: key,
                requestHash: requestHash)
        }
        if let invoice = issue.invoice {
            services.metrics.invoiceIssued(invoice)
        } else {
            services.metrics.ticketOpened()
        }
        context.logger.info(
            "parking ticket issued",
            metadata: ["ticket": "\(issue.ticket.id)", "invoice": "\(issue.invoice?.id.rawValue ?? "-")"])
        return APIResponse.issue(IssueResponse(ticket: issue.ticket, invoice: issue.invoice), status: .created)
    }

    /// Closes an hourly ticket and issues its invoice (201); a closed ticket returns its invoice (200).
    func exit(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice([.attendant])
        let id = try context.parameters.require("id")
        let supplied = request.headers[APIRequest.idempotencyKeyField]
        let key =
            supplied == nil
            ? "\(device.id.rawValue):exit:\(id)" : try APIRequest.idempotencyKey(request, deviceID: device.id.rawValue)
        let ticket = try await services.store.ticket(id: .init(id))
        if let ticket { try Self.requireEnrolled(device, zone: ticket.zone, what: "the exit of ticket \(ticket.id)") }
        let wasOpen = ticket?.isOpen ?? false
        let requestHash = APIRequest.fingerprint(route: "parking.exit", target: ["ticketID": id])
        let issue = try await services.issuer.closeTicket(
            id: .init(id), device: device, idempotencyKey: key, requestHash: requestHash)
        if wasOpen, let invoice = issue.invoice { services.metrics.invoiceIssued(invoice) }
        return APIResponse.issue(
            IssueResponse(ticket: issue.ticket, invoice: issue.invoice), status: wasOpen ? .created : .ok)
    }

    /// Voids an open ticket (200 with the ticket and its print links): the device that opened it or
    /// a supervisor covering its zone (403 `ticket.voidNotAllowed` otherwise); the
    /// `ticket.voided` event names the acting device. A voided ticket answers 200 again and writes
    /// nothing; a ticket with its invoice or closed free is 409 `ticket.alreadyClosed`.
    func void(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice([.attendant, .supervisor])
        let id = try context.parameters.require("id")
        let body = try await APIRequest.decode(VoidRequest.self, from: request)
        let reason = body.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(reason.count) else {
            throw APIError.badRequest("request.invalidField", "reason must be 1–200 characters", field: "reason")
        }
        guard try await services.store.ticket(id: .init(id)) != nil else {
            throw APIError.notFound("ticket \(id.prefix(40))")
        }
        let ticket = try await services.store.voidTicket(
            .init(id), reason: reason, actor: .device(device.id), at: services.now())
        context.logger.info("parking ticket voided", metadata: ["ticket": "\(ticket.id)", "by": "\(device.id)"])
        return APIResponse.issue(IssueResponse(ticket: ticket, invoice: nil))
    }

    /// Counts a reprint of a ticket (200 with the ticket, its invoice and the same links, which
    /// now print "CETAK ULANG ke-N"): an attendant of the ticket's zone or a supervisor covering it;
    /// the `ticket.reprinted` event names the device. Every call counts one, except a repeat of an
    /// `Idempotency-Key` already used for this reprint (it answers the ticket, counting nothing).
    func reprint(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice([.attendant, .supervisor])
        let id = try context.parameters.require("id")
        guard let found = try await services.store.ticket(id: .init(id)) else {
            throw APIError.notFound("ticket \(id.prefix(40))")
        }
        let allowed =
            device.role == .attendant ? device.parkingRefusal(zone: found.zone) == nil : device.covers(zone: found.zone)
        guard allowed else {
            throw APIError(
                .forbidden, "auth.zoneNotEnrolled",
                "device \(device.id) does not work in zone \(found.zone) and may not reprint its tickets", field: "zone")
        }
        let key =
            request.headers[APIRequest.idempotencyKeyField] == nil
            ? nil : try APIRequest.idempotencyKey(request, deviceID: device.id.rawValue)
        let ticket = try await services.store.reprintTicket(
            found.id, idempotencyKey: key,
            requestHash: APIRequest.fingerprint(route: "parking.reprint", target: ["ticketID": found.id.rawValue]),
            actor: .device(device.id), at: services.now())
        var invoice: Invoice?
        if let invoiceID = ticket.invoiceID { invoice = try await services.store.invoice(id: invoiceID) }
        context.logger.info("parking ticket reprinted", metadata: ["ticket": "\(ticket.id)", "by": "\(device.id)"])
        return APIResponse.issue(IssueResponse(ticket: ticket, invoice: invoice))
    }

    /// Issues a fee invoice: 201 with invoice and links.
    func issueFee(_ request: Request, _ context: LunasRequestContext) async throws -> Response {
        let device = try context.requireDevice([.kiosk, .admin])
        let key = try APIRequest.idempotencyKey(request, deviceID: device.id.rawValue)
        let (body, requestHash) = try await APIRequest.decodeFingerprinted(
            FeeInvoiceRequest.self, from: request, route: "invoice.fee")
        guard services.configuration.fees.fee(code: body.fee) != nil else {
            throw APIError.badRequest("fee.unknown", "unknown fee \"\(body.fee.prefix(40))\"", field: "fee")
        }
        let invoice = try await refusingRevoked(device) {
            try await services.issuer.issueFee(
                code: body.fee, payerReference: body.payerReference, amount: body.amount, device: device,
                idempotencyKey: key, requestHash: requestHash)
        }
        services.metrics.invoiceIssued(invoice)
        context.logger.info("fee invoice issued", metadata: ["invoice": "\(invoice.id)"])
        return APIResponse.issue(IssueResponse(ticket: nil, invoice: invoice), status: .created)
    }

    /// The zone of an attendant enrolled for exactly one; otherwise the request must name it.
    static func onlyZone(of device: Device) throws -> String {
        switch device.zones.count {
        case 1: return device.zones[0]
        case 0:
            throw APIError(
                .forbidden, "auth.zoneNotEnrolled",
                "device \(device.id) is enrolled for no zone and may not issue parking tickets", field: "zone")
        default:
            throw APIError.badRequest(
                "request.zoneRequired",
                "device \(device.id) is enrolled for zones \(device.zones.joined(separator: ", ")): send \"zone\"",
                field: "zone")
        }
    }

    /// 403 `auth.zoneNotEnrolled` unless the device is enrolled for `zone`; nothing is written.
    static func requireEnrolled(_ device: Device, zone: String, what: String) throws {
        guard device.parkingRefusal(zone: zone) != nil else { return }
        let zones = device.zones.isEmpty ? "none" : device.zones.joined(separator: ", ")
        throw APIError(
            .forbidden, "auth.zoneNotEnrolled",
            "device \(device.id) is not enrolled for zone \(zone) (its zones: \(zones)) and may not issue \(what) "
                + "there; nothing was issued",
            field: "zone")
    }

    /// Runs an issuing call for a device that may have come from the credential cache: when the
    /// ledger refuses the device (revoked since, or gone), the entry is dropped and the answer is
    /// 401 `auth.revoked`, as the authenticator would have given.
    private func refusingRevoked<Value>(_ device: Device, _ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as LedgerError where InvoiceIssuer.refusesDevice(error) {
            services.deviceCache.forget(device.id)
            throw DeviceAuthenticator.revoked(device)
        }
    }
}
