import Acquirer
import Foundation
import Ledger
import QRIS

/// Issues parking tickets and fee invoices: prices them from the city's configuration, composes
/// the dynamic QRIS from the city's static one, draws a bill number, signs the receipt code and
/// writes everything to the ledger in one transaction.
///
/// Flat tariffs invoice at entry (``LedgerStore/issueInvoice(_:)`` with the ticket); hourly
/// (progressive) tariffs open a ticket at entry and invoice at exit
/// (``LedgerStore/closeTicket(_:)``). Every create is idempotent on its key: a repeat returns what
/// the first request created.
public struct InvoiceIssuer: Sendable {
    /// The city: merchant, zones, tariffs, fees.
    public let configuration: CityConfiguration
    /// Signs receipt codes with the city's Ed25519 key.
    public let signer: ReceiptSigner
    /// The ledger.
    public let store: any LedgerStore & IdempotencyLookup
    /// How long an invoice's QRIS stays payable.
    public let invoiceLifetime: TimeInterval
    /// The acquirer that generates invoice QRs in `snap` mode; `nil` composes them locally.
    public let qrIssuer: SNAPQRIssuer?
    /// The clock.
    let now: @Sendable () -> Date

    /// Creates an issuer.
    public init(
        configuration: CityConfiguration, signer: ReceiptSigner, store: any LedgerStore & IdempotencyLookup,
        invoiceLifetime: TimeInterval = 3600, qrIssuer: SNAPQRIssuer? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.signer = signer
        self.store = store
        self.invoiceLifetime = invoiceLifetime
        self.qrIssuer = qrIssuer
        self.now = now
    }

    /// What issuing a parking ticket produced: the ticket and, for a flat tariff, its invoice.
    public struct ParkingIssue: Sendable, Hashable {
        /// The ticket.
        public var ticket: ParkingTicket
        /// The invoice (nil for an hourly ticket until exit).
        public var invoice: Invoice?
    }

    /// Issues a parking ticket at entry.
    /// - Throws: `LedgerError` (`tariff.tariffUnknownZone` field `zone`,
    ///   `tariff.tariffUnknownVehicleClass` field `vehicleClass`, `plate` errors, device errors),
    ///   ``IssuingError`` `tariff.free` when the stay costs nothing now.
    ///
    /// A new key costs one ledger write and no read: the write claims the key in its transaction,
    /// with `requestHash`, the fingerprint of the whole request (``IdempotencyFingerprint``). A
    /// repeat with the same fingerprint is answered by the ledger with what the first request
    /// created; when anything fails and the key was used before (a concurrent twin that won, or the
    /// first request took the other tariff path), the answer is the first result when the
    /// fingerprints are equal, and 409 `idempotency.keyReused` when they differ in anything.
    public func issueParkingTicket(
        plate: String, vehicleClass: String, zone: String, device: Device, idempotencyKey: String,
        requestHash: String? = nil
    ) async throws -> ParkingIssue {
        let requestHash =
            requestHash
            ?? Self.fingerprint(
                route: "parking.entry",
                body: .object(["plate": .string(plate), "vehicleClass": .string(vehicleClass), "zone": .string(zone)]))
        return try await orFirstResult(
            of: idempotencyKey, requestHash: requestHash, device: device, replay: replayedParking
        ) {
            try await issueNewParkingTicket(
                plate: plate, vehicleClass: vehicleClass, zone: zone, device: device, idempotencyKey: idempotencyKey,
                requestHash: requestHash)
        }
    }

    /// Runs a create; when it fails and the key was used before, answers with what the key's first
    /// request created (`replay`), after checking that the fingerprints are equal (409 otherwise)
    /// and that the device is still active. A refused device is never answered from a replay.
    private func orFirstResult<Result>(
        of idempotencyKey: String, requestHash: String, device: Device,
        replay: (IdempotencyRecord) async throws -> Result?, create: () async throws -> Result
    ) async throws -> Result {
        do {
            return try await create()
        } catch let error as LedgerError where Self.refusesDevice(error) {
            throw error
        } catch {
            guard let record = try await store.idempotencyRecord(key: idempotencyKey) else { throw error }
            try Self.requireSameRequest(record, requestHash)
            guard let first = try await replay(record) else { throw error }
            try await requireActive(device)
            return first
        }
    }

    /// 409 `idempotency.keyReused` unless the key's first request has this fingerprint.
    static func requireSameRequest(_ record: IdempotencyRecord, _ requestHash: String) throws {
        guard record.requestHash == requestHash else {
            throw IssuingError(
                .conflict, "idempotency.keyReused",
                "Idempotency-Key was already used for a different request (\(record.operation.rawValue) "
                    + "\(record.entityID)); a repeat must send the same body. Nothing was written",
                field: "Idempotency-Key")
        }
    }

    /// Whether the ledger refused the device itself (revoked or unknown): never answered from a
    /// replay, so a revoked device gets nothing.
    public static func refusesDevice(_ error: LedgerError) -> Bool {
        error.code == .deviceRevoked || error.code == .unknownDevice
    }

    /// A replay goes to a device that is still enrolled and active (the ledger checks the key
    /// before the device, and the device may come from the credential cache).
    private func requireActive(_ device: Device) async throws {
        guard let current = try await store.device(id: device.id) else {
            throw LedgerError(.unknownDevice, "device \(device.id) is not enrolled", field: "deviceID")
        }
        guard !current.isRevoked else {
            throw LedgerError(.deviceRevoked, "device \(device.id) was revoked", field: "deviceID")
        }
    }

    private func issueNewParkingTicket(
        plate: String, vehicleClass: String, zone: String, device: Device, idempotencyKey: String, requestHash: String
    ) async throws -> ParkingIssue {
        let entry = now()
        let details = ParkingDetails(plate: plate, vehicleClass: vehicleClass, zone: zone, entryAt: entry)
        try details.validate()
        let quote: TariffQuote
        do {
            quote = try configuration.quote(
                vehicleClass: .init(vehicleClass), zone: .init(zone), entry: entry, exit: nil)
        } catch let error as LedgerError where error.code == .tariffExitRequired {
            let ticket = try await store.openTicket(
                TicketDraft(
                    details: details, deviceID: device.id, idempotencyKey: idempotencyKey, requestHash: requestHash))
            return ParkingIssue(ticket: ticket, invoice: nil)
        }
        try Self.requirePositive(quote.amount)
        let issued = try await issue(
            amount: quote.amount, device: device, referenceLabel: nil, idempotencyKey: idempotencyKey,
            requestHash: requestHash, issuedAt: entry, purpose: .parking(details))
        guard let ticket = issued.ticket else {
            throw LedgerError(.storageFailure, "parking invoice \(issued.invoice.id) has no ticket")
        }
        return ParkingIssue(ticket: ticket, invoice: issued.invoice)
    }

    /// Closes an open hourly ticket now and issues its invoice; a closed ticket returns its invoice.
    /// A stay that costs nothing (within the grace period, in a free window) closes the ticket
    /// without an invoice (`ticket.closedFree`); the answer then has no invoice. A voided ticket is
    /// 409 `ticket.alreadyClosed`.
    /// `requestHash` fingerprints the exit request (route and ticket id): the same key sent for
    /// another ticket is 409 `idempotency.keyReused`.
    /// - Throws: 404 for an unknown ticket, tariff and ledger errors.
    public func closeTicket(
        id: ParkingTicket.ID, device: Device, idempotencyKey: String, requestHash: String? = nil
    ) async throws
        -> ParkingIssue
    {
        let requestHash =
            requestHash ?? Self.fingerprint(route: "parking.exit", target: ["ticketID": id.rawValue])
        if let record = try await store.idempotencyRecord(key: idempotencyKey) {
            try Self.requireSameRequest(record, requestHash)
        }
        guard let ticket = try await store.ticket(id: id) else {
            throw IssuingError(.notFound, "resource.notFound", "ticket \(id) not found")
        }
        if let invoiceID = ticket.invoiceID {
            guard let invoice = try await store.invoice(id: invoiceID) else {
                throw LedgerError(.storageFailure, "ticket \(id) points at missing invoice \(invoiceID)")
            }
            return ParkingIssue(ticket: ticket, invoice: invoice)
        }
        switch ticket.closure {
        case .free: return ParkingIssue(ticket: ticket, invoice: nil)
        case .void: throw LedgerError(.ticketAlreadyClosed, "ticket \(id) was voided", field: "ticketID")
        case nil: break
        }
        let exit = max(now(), ticket.entryAt)
        let quote = try configuration.quote(
            vehicleClass: .init(ticket.vehicleClass), zone: .init(ticket.zone), entry: ticket.entryAt, exit: exit)
        if quote.amount == .zero {
            let closed = try await store.closeTicketFree(
                id, exitAt: exit, idempotencyKey: idempotencyKey, requestHash: requestHash, actor: .device(device.id))
            return ParkingIssue(ticket: closed, invoice: nil)
        }
        try Self.requirePositive(quote.amount)
        return try await withFreshBillNumber(
            amount: quote.amount, device: device, referenceLabel: nil, issuedAt: exit
        ) { terms in
            do {
                let closed = try await store.closeTicket(
                    TicketClosure(
                        ticketID: id, exitAt: exit, terms: terms, idempotencyKey: idempotencyKey,
                        requestHash: requestHash))
                return ParkingIssue(ticket: closed.ticket, invoice: closed.invoice)
            } catch let error as LedgerError where error.code == .ticketAlreadyClosed {
                // Another exit request closed it first: answer with that invoice.
                guard let closed = try await store.ticket(id: id), let invoiceID = closed.invoiceID,
                    let invoice = try await store.invoice(id: invoiceID)
                else { throw error }
                return ParkingIssue(ticket: closed, invoice: invoice)
            }
        }
    }

    /// Issues a fee invoice; a repeated key is answered as for a parking ticket (one write, no read,
    /// for a new key).
    /// - Throws: `fee.unknown` (field `fee`), `fee.amountRequired` / `fee.amountOutOfBounds` /
    ///   `fee.amountFixed` (field `amount`), 400 for a bad `payerReference`, ledger errors.
    ///
    /// `requestHash` fingerprints the whole request body (fee, payer reference, amount and anything
    /// else sent; for a caller without a request body, these arguments): the same key with any
    /// difference is 409 `idempotency.keyReused`, and nothing is written.
    public func issueFee(
        code: String, payerReference: String, amount: Int64?, device: Device, idempotencyKey: String,
        requestHash: String? = nil
    ) async throws -> Invoice {
        let requestHash =
            requestHash
            ?? Self.fingerprint(
                route: "invoice.fee",
                body: .object([
                    "fee": .string(code), "payerReference": .string(payerReference),
                    "amount": amount.map(CanonicalJSON.int) ?? .null,
                ]))
        return try await orFirstResult(
            of: idempotencyKey, requestHash: requestHash, device: device,
            replay: { record in
                guard record.operation == .issueInvoice else { return nil }
                return try await store.invoice(id: .init(record.entityID))
            }
        ) {
            try await issueNewFee(
                code: code, payerReference: payerReference, amount: amount, device: device,
                idempotencyKey: idempotencyKey, requestHash: requestHash)
        }
    }

    private func issueNewFee(
        code: String, payerReference: String, amount: Int64?, device: Device, idempotencyKey: String,
        requestHash: String
    ) async throws -> Invoice {
        let charge = try configuration.fees.resolve(code: code, amount: amount.map(Rupiah.init))
        guard !payerReference.isEmpty, payerReference.utf8.count <= 25,
            payerReference.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F })
        else {
            throw IssuingError(
                .invalid, "request.invalidField", "payerReference must be 1–25 printable ASCII characters (QRIS tag 62-05)",
                field: "payerReference")
        }
        let issued = try await issue(
            amount: charge, device: device, referenceLabel: payerReference, idempotencyKey: idempotencyKey,
            requestHash: requestHash, issuedAt: now(), purpose: .fee(code: code))
        return issued.invoice
    }

    // MARK: Parts

    private func issue(
        amount: Rupiah, device: Device, referenceLabel: String?, idempotencyKey: String, requestHash: String,
        issuedAt: Date, purpose: InvoiceDraft.Purpose
    ) async throws -> IssuedInvoice {
        // `idempotency.keyReused` (a repeat, or a concurrent twin that won) is answered by the caller.
        try await withFreshBillNumber(
            amount: amount, device: device, referenceLabel: referenceLabel, issuedAt: issuedAt
        ) { terms in
            try await store.issueInvoice(
                InvoiceDraft(terms: terms, purpose: purpose, idempotencyKey: idempotencyKey, requestHash: requestHash))
        }
    }

    /// Draws the terms (bill number, QRIS, receipt code) and runs `write` with them, drawing again
    /// — up to three times in all — when the bill number is already taken or the acquirer abandoned
    /// its QR (``AcquirerError`` `generate.abandoned`): the one retry loop of issuing.
    private func withFreshBillNumber<Result>(
        amount: Rupiah, device: Device, referenceLabel: String?, issuedAt: Date,
        write: (InvoiceTerms) async throws -> Result
    ) async throws -> Result {
        var lastError: (any Error)?
        for _ in 0..<3 {
            let terms: InvoiceTerms
            do {
                terms = try await makeTerms(
                    amount: amount, device: device, referenceLabel: referenceLabel, issuedAt: issuedAt)
            } catch let error as AcquirerError where error.code == .generateAbandoned {
                lastError = Self.acquirerFailure(error)
                continue
            }
            do {
                return try await write(terms)
            } catch let error as LedgerError where error.code == .duplicateBillNumber {
                lastError = error
            }
        }
        throw lastError ?? LedgerError(.storageFailure, "could not draw a new bill number")
    }

    /// Bill number, dynamic QRIS and the signed receipt code. In `local` mode the QRIS is composed
    /// from the city's static one (EMVCo MPM: 54 amount, 62-01 bill number, 62-05 reference label,
    /// 62-07 terminal label); in `snap` mode the acquirer generates it (``snapPayload``). Nothing is
    /// written here: the ledger write follows only once a valid QR is in hand.
    private func makeTerms(
        amount: Rupiah, device: Device, referenceLabel: String?, issuedAt: Date
    ) async throws
        -> InvoiceTerms
    {
        let city = configuration.city
        let billNumber = try BillNumber.generate(
            prefix: city.billNumberPrefix, date: issuedAt, timeZone: city.timeZone.timeZone)
        let expiresAt = issuedAt.addingTimeInterval(invoiceLifetime)
        let payload: String
        if let qrIssuer {
            payload = try await snapPayload(
                qrIssuer, billNumber: billNumber, amount: amount, device: device, expiresAt: expiresAt)
        } else {
            payload = try QRISPayload.makeDynamic(
                fromStatic: city.merchant.staticQRIS, amount: amount.value, billNumber: billNumber.rawValue,
                referenceLabel: referenceLabel ?? billNumber.rawValue, terminalLabel: device.id.rawValue)
        }
        let receipt = try signer.sign(invoiceID: billNumber.rawValue)
        return InvoiceTerms(
            billNumber: billNumber, amount: amount, qrisPayload: payload, receiptCode: receipt.text,
            issuedAt: issuedAt, expiresAt: expiresAt, deviceID: device.id)
    }

    /// The ticket (and invoice) a used idempotency key created (the key's fingerprint already
    /// compared), or nil when its records are gone.
    private func replayedParking(_ record: IdempotencyRecord) async throws -> ParkingIssue? {
        switch record.operation {
        case .issueInvoice:
            guard let invoice = try await store.invoice(id: .init(record.entityID)), let ticketID = invoice.ticketID,
                let ticket = try await store.ticket(id: ticketID)
            else { break }
            return ParkingIssue(ticket: ticket, invoice: invoice)
        case .openTicket:
            guard let ticket = try await store.ticket(id: .init(record.entityID)) else { break }
            return ParkingIssue(ticket: ticket, invoice: nil)
        default: break
        }
        return nil
    }

    /// The fingerprint of a request (``IdempotencyFingerprint``): its route, the ids in its path
    /// and its canonical body.
    public static func fingerprint(route: String, target: [String: String] = [:], body: CanonicalJSON = .null)
        -> String
    {
        IdempotencyFingerprint.of(request: IdempotencyFingerprint.request(route: route, target: target, body: body))
    }

    private static func requirePositive(_ amount: Rupiah) throws {
        guard amount > .zero else {
            throw IssuingError(
                .refused, "tariff.free",
                "parking costs nothing at this time under the tariff; no ticket is needed")
        }
    }
}
