import Foundation

extension LedgerFact {
    /// Decodes an event's payload into its fact.
    ///
    /// - Throws: `LedgerError` `event.badPayload` naming the missing or mistyped member.
    public static func decode(kind: LedgerEvent.Kind, entityID: String, payload: CanonicalJSON) throws -> LedgerFact {
        let body = try PayloadReader(payload, path: "payload")
        switch kind {
        case .deviceEnrolled:
            return .deviceEnrolled(
                try body.object("device").device(), try body.object("idempotency").idempotency(),
                actor: try body.actor())
        case .deviceRevoked:
            return .deviceRevoked(Device.ID(entityID), reason: try body.string("reason"), actor: try body.actor())
        case .deviceAttendantChanged:
            guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
            return .deviceAttendantChanged(
                Device.ID(entityID), attendant: try body.optionalString("attendant"), actor: actor)
        case .deviceKeyRegistered:
            guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
            guard let key = try? DevicePublicKey(base64: try body.string("publicKey")) else {
                throw body.bad("publicKey", "is not an Ed25519 public key")
            }
            guard let code = try? DeviceCode(try body.string("code")) else {
                throw body.bad("code", "is not a device code")
            }
            return .deviceKeyRegistered(Device.ID(entityID), publicKey: key, code: code, actor: actor)
        case .offlineBundleIssued:
            guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
            return .offlineBundleIssued(
                Device.ID(entityID), bundleID: try body.string("bundleId"), validFrom: try body.time("validFrom"),
                validUntil: try body.time("validUntil"), actor: actor)
        case .offlineRecorded:
            let recording = try OfflineRecording(canonical: payload)
            guard recording.record.deviceID.rawValue == entityID else {
                throw body.bad("record.deviceId", "is not the event's device \(entityID)")
            }
            return .offlineRecorded(recording)
        case .invoiceIssued:
            let ticket = try body.optionalObject("ticket")?.ticket(exitAt: nil)
            return .invoiceIssued(
                try body.object("invoice").invoice(), ticket: ticket, try body.object("idempotency").idempotency(),
                actor: try body.actor())
        case .ticketOpened:
            return .ticketOpened(
                try body.object("ticket").ticket(exitAt: nil), try body.object("idempotency").idempotency(),
                actor: try body.actor())
        case .ticketClosed:
            return .ticketClosed(
                ParkingTicket.ID(entityID), exitAt: try body.time("exitAt"),
                invoice: try body.object("invoice").invoice(),
                try body.object("idempotency").idempotency(), actor: try body.actor())
        case .ticketClosedFree:
            guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
            return .ticketClosedFree(
                ParkingTicket.ID(entityID), exitAt: try body.time("exitAt"),
                try body.object("idempotency").idempotency(), actor: actor)
        case .ticketVoided:
            guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
            return .ticketVoided(ParkingTicket.ID(entityID), reason: try body.string("reason"), actor: actor)
        case .ticketReprinted:
            guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
            return .ticketReprinted(
                ParkingTicket.ID(entityID), actor: actor,
                idempotency: try body.laterObject("idempotency")?.idempotency())
        case .paymentRecorded:
            return .paymentRecorded(try body.object("payment").payment())
        case .invoiceCancelled:
            return .invoiceCancelled(Invoice.ID(entityID), reason: try body.string("reason"), actor: try body.actor())
        case .invoiceExpired:
            return .invoiceExpired(Invoice.ID(entityID))
        case .invoiceSettled:
            return .invoiceSettled(
                Invoice.ID(entityID), reference: try body.string("reference"), actor: try body.actor(),
                settlement: try body.laterObject("settlement")?.settlementEntry())
        case .invoiceRefunded:
            return .invoiceRefunded(Invoice.ID(entityID), reason: try body.string("reason"), actor: try body.actor())
        case .paymentException:
            return .paymentException(try body.object("exception").paymentException())
        case .settlementImported:
            return .settlementImported(try body.settlementFileRecord(settlementID: entityID))
        case .settlementApplied:
            return .settlementApplied(try body.settlementChunk(settlementID: entityID))
        case .invoiceUnsettled:
            return .invoiceUnsettled(
                Invoice.ID(entityID), settlement: try body.object("settlement").settlementEntry(),
                status: try body.enumValue("status", as: InvoiceStatus.self),
                supersededBy: try body.string("supersededBy"), actor: try body.object("actor").actorParts())
        case .settlementWithdrawn:
            return .settlementWithdrawn(try body.settlementWithdrawal(settlementID: entityID))
        case .exceptionOpened:
            return .exceptionOpened(try body.object("exception").exceptionCase())
        case .exceptionAssigned:
            guard let actor = try body.actor() else { throw body.bad("actor", "is missing") }
            return .exceptionAssigned(ExceptionCase.ID(entityID), to: try body.string("to"), actor: actor)
        case .exceptionResolved:
            return .exceptionResolved(ExceptionCase.ID(entityID), try body.object("resolution").exceptionResolution())
        case .complaintFiled:
            return .complaintFiled(try body.object("complaint").complaintFiling())
        case .complaintAssigned:
            return .complaintAssigned(entityID, to: try body.string("to"), actor: try body.object("actor").actorParts())
        case .complaintAnswered:
            return .complaintAnswered(
                entityID, message: try body.string("message"), actor: try body.object("actor").actorParts())
        case .complaintResolved:
            return .complaintResolved(entityID, try body.object("resolution").complaintResolution())
        case .dayClosed:
            return .dayClosed(try DailyStatement(canonical: try body.value("statement")))
        case .paymentRefunded:
            return .paymentRefunded(
                try body.object("refund").paymentRefund(), try body.object("idempotency").idempotency())
        case .paymentReversed:
            return .paymentReversed(try body.object("reversal").paymentRefund())
        }
    }
}

extension LedgerError.Code {
    /// An event's payload lacks a member or has one of the wrong type.
    public static let eventBadPayload = Self("event.badPayload")
}

/// Typed access to a canonical JSON object, with errors that name the member's path.
struct PayloadReader {
    let members: [String: CanonicalJSON]
    let path: String

    init(_ value: CanonicalJSON, path: String) throws {
        guard case .object(let members) = value else {
            throw LedgerError(.eventBadPayload, "\(path) is not an object")
        }
        self.members = members
        self.path = path
    }

    func bad(_ key: String, _ what: String) -> LedgerError {
        LedgerError(.eventBadPayload, "\(path).\(key) \(what)")
    }

    func value(_ key: String) throws -> CanonicalJSON {
        guard let value = members[key] else { throw bad(key, "is missing") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard case .string(let text) = try value(key) else { throw bad(key, "is not a string") }
        return text
    }

    func optionalString(_ key: String) throws -> String? {
        if case .null = try value(key) { return nil }
        return try string(key)
    }

    func int(_ key: String) throws -> Int64 {
        guard case .int(let number) = try value(key) else { throw bad(key, "is not an integer") }
        return number
    }

    func time(_ key: String) throws -> Date { Date(ledgerMilliseconds: try int(key)) }

    func object(_ key: String) throws -> PayloadReader { try PayloadReader(try value(key), path: "\(path).\(key)") }

    /// A member added after `v1-ledger`: absent in older events (and then `nil`), never `null`.
    func laterObject(_ key: String) throws -> PayloadReader? {
        guard members[key] != nil else { return nil }
        return try object(key)
    }

    /// A string member added after `v1-ledger`: absent in older events (and then `nil`).
    func laterString(_ key: String) throws -> String? {
        guard members[key] != nil else { return nil }
        return try string(key)
    }

    func optionalObject(_ key: String) throws -> PayloadReader? {
        if case .null = try value(key) { return nil }
        return try object(key)
    }

    func enumValue<T: RawRepresentable>(_ key: String, as type: T.Type) throws -> T where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else { throw bad(key, "has unknown value \"\(text)\"") }
        return value
    }

    func billNumber(_ key: String) throws -> BillNumber {
        do { return try BillNumber(try string(key)) } catch { throw bad(key, "is not a valid bill number") }
    }

    func idempotency() throws -> LedgerFact.Idempotency {
        LedgerFact.Idempotency(key: try string("key"), requestHash: try string("requestHash"))
    }

    /// The acting device and staff member of an event written since actors are recorded; nil for
    /// an older event without the member.
    func actor() throws -> LedgerActor? {
        guard let reader = try laterObject("actor") else { return nil }
        return LedgerActor(
            device: try reader.optionalString("device").map(Device.ID.init), staff: try reader.optionalString("staff"))
    }

    /// A device: `zones` when it has several, else the single-zone `zone` (`-` for none).
    func device() throws -> Device {
        var zones = Device.zones(legacy: try string("zone"))
        if members["zones"] != nil {
            guard case .array(let items) = try value("zones") else { throw bad("zones", "is not an array") }
            zones = try items.map { item in
                guard case .string(let zone) = item else { throw bad("zones", "holds a value that is not a string") }
                return zone
            }
        }
        return Device(
            id: Device.ID(try string("id")), name: try string("name"),
            role: try enumValue("role", as: Device.Role.self),
            zones: zones, credentialHash: try string("credentialHash"), enrolledAt: try time("enrolledAt"),
            attendant: members["attendant"] == nil ? nil : try string("attendant"),
            code: try laterString("code").map { text in
                guard let code = try? DeviceCode(text) else { throw bad("code", "is not a device code") }
                return code
            })
    }

    func invoice() throws -> Invoice {
        let issuedAt = try time("issuedAt")
        return Invoice(
            id: Invoice.ID(try string("id")), billNumber: try billNumber("billNumber"),
            kind: try enumValue("kind", as: Invoice.Kind.self), amount: Rupiah(try int("amount")),
            qrisPayload: try string("qrisPayload"), receiptCode: try string("receiptCode"), status: .issued,
            issuedAt: issuedAt, expiresAt: try time("expiresAt"), deviceID: Device.ID(try string("deviceID")),
            sequence: try int("sequence"), feeCode: try optionalString("feeCode"),
            ticketID: try optionalString("ticketID").map(ParkingTicket.ID.init), paidAt: nil,
            statusChangedAt: issuedAt, idempotencyKey: try string("idempotencyKey"))
    }

    func ticket(exitAt: Date?) throws -> ParkingTicket {
        ParkingTicket(
            id: ParkingTicket.ID(try string("id")), plate: try string("plate"),
            vehicleClass: try string("vehicleClass"),
            zone: try string("zone"), entryAt: try time("entryAt"), exitAt: exitAt,
            deviceID: Device.ID(try string("deviceID")), sequence: try int("sequence"),
            invoiceID: try optionalString("invoiceID").map(Invoice.ID.init),
            idempotencyKey: try string("idempotencyKey"))
    }

    func source() throws -> Payment.Source {
        let reader = try object("source")
        let code = try reader.string("code")
        guard let source = Payment.Source(code: code, reason: try reader.optionalString("reason")) else {
            throw bad("source", "has unknown code \"\(code)\" or a reason that does not fit it")
        }
        return source
    }

    func verification() throws -> PaymentVerification? {
        guard let reader = try laterObject("verifiedBy") else { return nil }
        return PaymentVerification(profileID: try reader.string("profileID"), keyID: try reader.string("keyID"))
    }

    func payment() throws -> Payment {
        Payment(
            id: Payment.ID(try string("id")), invoiceID: Invoice.ID(try string("invoiceID")),
            billNumber: try billNumber("billNumber"), rrn: try string("rrn"), issuer: try string("issuer"),
            amount: Rupiah(try int("amount")), paidAt: try time("paidAt"), recordedAt: try time("recordedAt"),
            source: try source(), effect: try enumValue("effect", as: Payment.Effect.self),
            verifiedBy: try verification())
    }

    func paymentException() throws -> PaymentException {
        let amount: Rupiah?
        if case .null = try value("amount") { amount = nil } else { amount = Rupiah(try int("amount")) }
        return PaymentException(
            id: PaymentException.ID(try string("id")), billNumber: try string("billNumber"), rrn: try string("rrn"),
            issuer: try string("issuer"), amount: amount, paidAt: try time("paidAt"),
            recordedAt: try time("recordedAt"), source: try source(),
            reason: try enumValue("reason", as: PaymentException.Reason.self), detail: try string("detail"),
            amountText: try laterString("amountText"), bodySHA256: try laterString("bodySHA256"),
            verifiedBy: try verification())
    }
}
