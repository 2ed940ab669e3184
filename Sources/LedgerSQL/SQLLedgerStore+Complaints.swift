import Foundation
import Ledger

extension SQLLedgerStore {
    public func fileComplaint(
        _ filing: Complaint.Filing, content: ComplaintContent, accessCode: String, formToken: String?
    ) async throws -> FiledComplaint {
        var filing = filing
        for keyPath in [\Complaint.Filing.filedAt, \.acknowledgeBy, \.deadline] {
            filing[keyPath: keyPath] = filing[keyPath: keyPath].ledgerRounded
        }
        filing.occurredAt = filing.occurredAt?.ledgerRounded
        try filing.validate()
        guard filing.contentSHA256 == content.digest else {
            throw LedgerError(.invalidField, "contentSHA256 is not the digest of the content", field: "contentSHA256")
        }
        let stored = filing
        return try await write { db, state in
            if let formToken,
                let earlier = try db.row(
                    "SELECT number, access_code FROM complaint_contents WHERE form_token = ?", [formToken])
            {
                let number: String = (try earlier.get("number"))
                guard let complaint = try LedgerQueries.complaint(number: number, db) else {
                    throw LedgerQueries.internalError("complaint_contents names complaint \(number), which has no row")
                }
                // The same form sent again (a double submit) answers the first complaint; another
                // complaint under the token does not learn the first one's access code.
                let first = complaint.filing
                guard first.contentSHA256 == stored.contentSHA256, first.category == stored.category,
                    first.invoiceID == stored.invoiceID, first.zone == stored.zone, first.plate == stored.plate,
                    first.occurredAt == stored.occurredAt
                else {
                    throw LedgerError(
                        .idempotencyKeyReused, "this form token was used for another complaint; reload the form",
                        field: "formToken")
                }
                return FiledComplaint(
                    complaint: complaint, accessCode: (try earlier.get("access_code")), created: false)
            }
            if try LedgerQueries.complaint(number: stored.number, db) != nil {
                throw LedgerError(.complaintNumberTaken, "complaint number \(stored.number) exists", field: "number")
            }
            if let invoiceID = stored.invoiceID,
                try LedgerQueries.invoice(where: "id", equals: invoiceID.rawValue, db) == nil
            {
                throw LedgerError(.unknownInvoice, "invoice \(invoiceID) does not exist", field: "invoiceId")
            }
            if let deviceID = stored.deviceID, try LedgerQueries.device(id: deviceID, db) == nil {
                throw LedgerError(.unknownDevice, "device \(deviceID) does not exist", field: "deviceId")
            }
            let complaint = Complaint(filing: stored)
            try LedgerQueries.saveComplaint(complaint, insert: true, db)
            try db.execute(
                """
                INSERT INTO complaint_contents (number, access_code, form_token, description, contact, photo, photo_type)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    stored.number, accessCode, formToken, content.description, content.contact, content.photo,
                    content.photoType,
                ])
            try LedgerRowCodec.append(.complaintFiled(stored), at: stored.filedAt, db, state: &state)
            return FiledComplaint(complaint: complaint, accessCode: accessCode, created: true)
        }
    }

    public func complaint(number: String) async throws -> Complaint? {
        try await read { db in try LedgerQueries.complaint(number: number, db) }
    }

    public func complaintContent(number: String) async throws -> ComplaintContent? {
        try await read { db in
            try db.row(
                "SELECT description, contact, photo, photo_type FROM complaint_contents WHERE number = ?", [number]
            ).map { row in
                ComplaintContent(
                    description: (try row.get("description")), contact: (try row.get("contact")),
                    photo: (try row.get("photo")),
                    photoType: (try row.get("photo_type")))
            }
        }
    }

    public func complaintAccessMatches(number: String, code: String) async throws -> Bool {
        let stored: String? = try await read { db in
            try db.string("SELECT access_code FROM complaint_contents WHERE number = ?", [number])
        }
        guard let stored else { return false }
        let given = Array(code.utf8)
        let expected = Array(stored.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    public func complaints(_ query: ComplaintQuery) async throws -> [Complaint] {
        var filter = SQLFilter()
        if let state = query.state { filter.add("state = ?", state.rawValue) }
        if let from = query.filedFrom { filter.add("filed_ms >= ?", from.ledgerMilliseconds) }
        if let before = query.filedBefore { filter.add("filed_ms < ?", before.ledgerMilliseconds) }
        if let zone = query.zone { filter.add("zone = ?", zone) }
        if let zones = query.zones {
            let placeholders = Array(repeating: "?", count: zones.count).joined(separator: ", ")
            filter.add("zone IN (\(placeholders))", values: zones)
            if zones.isEmpty { filter.add("0") }
        }
        if let deviceID = query.deviceID { filter.add("device_id = ?", deviceID.rawValue) }
        let sql =
            "SELECT \(LedgerRowCodec.complaintColumns) FROM complaints \(filter.clause) ORDER BY filed_ms DESC, number LIMIT \(query.limit)"
        let values = filter.arguments
        return try await read { db in
            try db.rows(sql, values).map { try LedgerRowCodec.complaint($0) }
        }
    }

    public func assignComplaint(
        number: String, to assignee: String, actor: LedgerActor, at: Date
    ) async throws
        -> Complaint
    {
        try LedgerValidationBridge.text(assignee, field: "to", actor: actor, maximum: 100)
        return try await change(number, actor: actor, "assign complaints") { complaint, db, state in
            if complaint.assignee == assignee { return false }
            complaint.assignee = assignee
            complaint.assignedAt = at.ledgerRounded
            try LedgerRowCodec.append(.complaintAssigned(number, to: assignee, actor: actor), at: at, db, state: &state)
            return true
        }
    }

    public func answerComplaint(
        number: String, message: String, actor: LedgerActor, at: Date
    ) async throws
        -> Complaint
    {
        try Complaint.validateMessage(message, field: "message")
        try actor.validate()
        return try await change(number, actor: actor, "answer complaints") { complaint, db, state in
            complaint.answers.append(Complaint.Answer(message: message, actor: actor, at: at.ledgerRounded))
            try LedgerRowCodec.append(
                .complaintAnswered(number, message: message, actor: actor), at: at, db, state: &state)
            return true
        }
    }

    public func resolveComplaint(number: String, _ resolution: Complaint.Resolution) async throws -> Complaint {
        var resolution = resolution
        resolution.at = resolution.at.ledgerRounded
        try resolution.validate()
        let checked = resolution
        return try await change(number, actor: checked.actor, "resolve complaints") { complaint, db, state in
            if let refundID = checked.refundID {
                let invoice = try db.string("SELECT invoice_id FROM payment_refunds WHERE id = ?", [refundID.rawValue])
                guard let invoice else {
                    throw LedgerError(.invalidField, "refund \(refundID) does not exist", field: "refundId")
                }
                guard invoice == complaint.filing.invoiceID?.rawValue else {
                    throw LedgerError(
                        .invalidField, "refund \(refundID) is not of the invoice complaint \(number) is about",
                        field: "refundId")
                }
                let other = try db.string(
                    "SELECT number FROM complaints WHERE \(db.dialect.jsonText("record", "resolution", "refundID")) = ?",
                    [refundID.rawValue])
                if let other {
                    throw LedgerError(
                        .invalidField, "refund \(refundID) already settled complaint \(other)", field: "refundId")
                }
            }
            complaint.resolution = checked
            try LedgerRowCodec.append(.complaintResolved(number, checked), at: checked.at, db, state: &state)
            return true
        }
    }

    /// Reads an unresolved complaint, lets `step` change it and append its event (or return false
    /// for a step that changes nothing), and saves it, in one write.
    private func change(
        _ number: String, actor: LedgerActor, _ what: String,
        _ step: @escaping @Sendable (inout Complaint, Session, inout WriteState) throws -> Bool
    ) async throws -> Complaint {
        try await write { db, state in
            if let device = try LedgerQueries.actingDevice(actor, db), !device.role.canWorkComplaints {
                throw LedgerError(
                    .actorNotAllowed,
                    "device \(device.id) has role \(device.role.rawValue); only supervisor and admin devices \(what)",
                    field: "actor.device")
            }
            guard var complaint = try LedgerQueries.complaint(number: number, db) else {
                throw LedgerError(.unknownComplaint, "complaint \(number) does not exist", field: "number")
            }
            guard complaint.state != .resolved else {
                throw LedgerError(.complaintAlreadyResolved, "complaint \(number) is already resolved", field: "number")
            }
            if try step(&complaint, db, &state) { try LedgerQueries.saveComplaint(complaint, insert: false, db) }
            return complaint
        }
    }

}

extension LedgerQueries {
    package static func saveComplaint(_ complaint: Complaint, insert: Bool, _ db: some SQLSession) throws {
        let filing = complaint.filing
        let record = complaint.canonicalRecord.text
        if insert {
            try db.execute(
                """
                INSERT INTO complaints (number, state, zone, device_id, filed_ms, record)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
                [
                    filing.number, complaint.state.rawValue, filing.zone, filing.deviceID?.rawValue,
                    filing.filedAt.ledgerMilliseconds, record,
                ])
        } else {
            try db.execute(
                "UPDATE complaints SET state = ?, record = ? WHERE number = ?",
                [complaint.state.rawValue, record, filing.number])
        }
    }
}
