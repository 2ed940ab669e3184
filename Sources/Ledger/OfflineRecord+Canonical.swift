import Foundation

extension OfflineRecord {
    /// The members a record may have.
    static let members: Set<String> = [
        "recordVersion", "deviceId", "deviceCode", "operation", "idempotencyKey", "sequence", "plate",
        "vehicleClass", "zone", "entryAt", "ticket", "exitAt", "amount", "billNumber", "qrisPayload", "reason",
        "at", "bundleId", "signature",
    ]

    /// Reads a record (a request's element or an event's copy) and checks its shape: the version,
    /// the types, no unknown members, and exactly the members its operation needs.
    ///
    /// - Throws: `offline.invalidRecord` naming the member (`field`); `device.invalidCode`.
    public init(canonical value: CanonicalJSON) throws {
        guard case .object(let members) = value else {
            throw LedgerError(.invalidOfflineRecord, "an offline record must be a JSON object")
        }
        if let unknown = members.keys.sorted().first(where: { !Self.members.contains($0) }) {
            throw LedgerError(.invalidOfflineRecord, "\(unknown) is not a member of an offline record", field: unknown)
        }
        let reader = RecordReader(members: members)
        guard try reader.int("recordVersion") == Self.version else {
            throw reader.bad("recordVersion", "must be \(Self.version)")
        }
        let operationText = try reader.string("operation")
        guard let operation = Operation(rawValue: operationText) else {
            throw reader.bad("operation", "must be one of issue, open, exit, exitFree, void; got \"\(operationText)\"")
        }
        let key = try reader.string("idempotencyKey")
        guard (1...96).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw reader.bad(
                "idempotencyKey",
                "must be 1–96 printable ASCII characters without spaces (the Idempotency-Key of the online attempt)")
        }
        let deviceCode = try DeviceCode(try reader.string("deviceCode"))
        self.init(
            deviceID: Device.ID(try reader.string("deviceId")), deviceCode: deviceCode, operation: operation,
            idempotencyKey: key, sequence: try reader.optionalInt("sequence"),
            plate: try reader.optionalString("plate"),
            vehicleClass: try reader.optionalString("vehicleClass"), zone: try reader.optionalString("zone"),
            entryAt: try reader.optionalTime("entryAt"), ticket: try reader.ticket(),
            exitAt: try reader.optionalTime("exitAt"),
            amount: try reader.optionalInt("amount"), billNumber: try reader.optionalString("billNumber"),
            qrisPayload: try reader.optionalString("qrisPayload"), reason: try reader.optionalString("reason"),
            at: try reader.time("at"), bundleID: try reader.string("bundleId"),
            signature: try reader.string("signature"))
        try checkShape()
    }

    /// Checks that the record has exactly the members its operation needs.
    ///
    /// - Throws: `offline.invalidRecord` naming the first missing or extra member.
    public func checkShape() throws {
        func need(_ present: Bool, _ member: String, _ wanted: Bool) throws {
            if wanted && !present {
                throw LedgerError(
                    .invalidOfflineRecord, "\(member) is required for operation \(operation.rawValue)", field: member)
            }
            if !wanted && present {
                throw LedgerError(
                    .invalidOfflineRecord, "\(member) does not belong to operation \(operation.rawValue)", field: member
                )
            }
        }
        try need(sequence != nil, "sequence", operation.takesSequence)
        for (present, member) in [
            (plate != nil, "plate"), (vehicleClass != nil, "vehicleClass"), (zone != nil, "zone"),
            (entryAt != nil, "entryAt"),
        ] {
            try need(present, member, operation.startsTicket)
        }
        try need(ticket != nil, "ticket", operation.needsTicket)
        try need(exitAt != nil, "exitAt", operation == .exit || operation == .exitFree)
        for (present, member) in [
            (amount != nil, "amount"), (billNumber != nil, "billNumber"), (qrisPayload != nil, "qrisPayload"),
        ] {
            try need(present, member, operation.makesInvoice)
        }
        try need(reason != nil, "reason", operation == .void)
        if let sequence, sequence < 1 {
            throw LedgerError(.invalidOfflineRecord, "sequence must be at least 1, got \(sequence)", field: "sequence")
        }
        if let reason { try Self.checkReason(reason) }
        if let amount, amount < 0 {
            throw LedgerError(.invalidOfflineRecord, "amount must not be negative, got \(amount)", field: "amount")
        }
    }
}

/// Reads typed members of a record's object, with errors naming the member.
private struct RecordReader {
    let members: [String: CanonicalJSON]

    func bad(_ key: String, _ what: String) -> LedgerError {
        LedgerError(.invalidOfflineRecord, "\(key) \(what)", field: key)
    }

    func value(_ key: String) throws -> CanonicalJSON {
        guard let value = members[key] else { throw bad(key, "is missing") }
        return value
    }

    func string(_ key: String) throws -> String {
        guard case .string(let text) = try value(key) else { throw bad(key, "must be a string") }
        return text
    }

    func int(_ key: String) throws -> Int64 {
        guard case .int(let number) = try value(key) else { throw bad(key, "must be an integer") }
        return number
    }

    func time(_ key: String) throws -> Date {
        let text = try string(key)
        guard let date = OfflineTime.parse(text) else {
            throw bad(key, "must be RFC 3339 UTC with milliseconds (2026-12-07T01:02:03.456Z), got \"\(text)\"")
        }
        return date
    }

    func optionalString(_ key: String) throws -> String? { members[key] == nil ? nil : try string(key) }
    func optionalInt(_ key: String) throws -> Int64? { members[key] == nil ? nil : try int(key) }
    func optionalTime(_ key: String) throws -> Date? { members[key] == nil ? nil : try time(key) }

    func ticket() throws -> OfflineRecord.TicketReference? {
        guard let value = members["ticket"] else { return nil }
        guard case .object(let inner) = value, inner.count == 1 else {
            throw bad("ticket", "must be {\"id\": \"tkt_…\"} or {\"sequence\": N}")
        }
        switch (inner["id"], inner["sequence"]) {
        case (.string(let id)?, nil): return .id(id)
        case (nil, .int(let sequence)?) where sequence >= 1: return .sequence(sequence)
        default: throw bad("ticket", "must be {\"id\": \"tkt_…\"} or {\"sequence\": N} with N at least 1")
        }
    }
}
