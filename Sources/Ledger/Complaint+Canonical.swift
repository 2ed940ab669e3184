import Foundation

extension Complaint.Filing {
    /// The filing as the `complaint.filed` event holds it; absent optional members are `null`.
    var canonical: CanonicalJSON {
        .object([
            "number": .string(number), "category": .string(category.rawValue), "tier": .string(tier),
            "filedAt": .time(filedAt), "acknowledgeBy": .time(acknowledgeBy), "deadline": .time(deadline),
            "invoiceID": .text(invoiceID?.rawValue), "deviceID": .text(deviceID?.rawValue), "zone": .text(zone),
            "plate": .text(plate), "occurredAt": .time(occurredAt), "contentSHA256": .string(contentSHA256),
        ])
    }
}

extension Complaint.Resolution {
    var canonical: CanonicalJSON {
        .object([
            "outcome": .string(outcome.rawValue), "note": .string(note), "laporNumber": .text(laporNumber),
            "refundID": .text(refundID?.rawValue), "actor": actor.canonical, "at": .time(at),
        ])
    }
}

extension Complaint {
    /// The whole state (filing, assignment, answers, resolution) as the store keeps it in one row;
    /// the replay of the complaint's events rebuilds exactly this.
    public var canonicalRecord: CanonicalJSON {
        .object([
            "filing": filing.canonical, "assignee": .text(assignee), "assignedAt": .time(assignedAt),
            "answers": .array(
                answers.map { .object(["message": .string($0.message), "actor": $0.actor.canonical, "at": .time($0.at)]) }),
            "resolution": resolution?.canonical ?? .null,
        ])
    }

    /// Reads a record written by ``canonicalRecord``.
    /// - Throws: `event.badPayload` naming the member that does not fit.
    public init(canonicalRecord text: String) throws {
        let reader = try PayloadReader(try CanonicalJSON.parse(text), path: "complaint")
        guard case .array(let items) = try reader.value("answers") else {
            throw reader.bad("answers", "is not an array")
        }
        self.init(
            filing: try reader.object("filing").complaintFiling(), assignee: try reader.optionalString("assignee"),
            assignedAt: try reader.optionalTime("assignedAt"),
            answers: try items.enumerated().map { index, item in
                let answer = try PayloadReader(item, path: "complaint.answers[\(index)]")
                return Answer(
                    message: try answer.string("message"), actor: try answer.object("actor").actorParts(),
                    at: try answer.time("at"))
            },
            resolution: try reader.optionalObject("resolution")?.complaintResolution())
    }
}

extension PayloadReader {
    func complaintFiling() throws -> Complaint.Filing {
        Complaint.Filing(
            number: try string("number"), category: try enumValue("category", as: Complaint.Category.self),
            tier: try string("tier"), filedAt: try time("filedAt"), acknowledgeBy: try time("acknowledgeBy"),
            deadline: try time("deadline"), invoiceID: try optionalString("invoiceID").map(Invoice.ID.init),
            deviceID: try optionalString("deviceID").map(Device.ID.init), zone: try optionalString("zone"),
            plate: try optionalString("plate"), occurredAt: try optionalTime("occurredAt"),
            contentSHA256: try string("contentSHA256"))
    }

    func complaintResolution() throws -> Complaint.Resolution {
        Complaint.Resolution(
            outcome: try enumValue("outcome", as: Complaint.Outcome.self), note: try string("note"),
            laporNumber: try optionalString("laporNumber"),
            refundID: try optionalString("refundID").map(PaymentRefund.ID.init),
            actor: try object("actor").actorParts(), at: try time("at"))
    }

    /// A time member that may be `null`.
    func optionalTime(_ key: String) throws -> Date? {
        if case .null = try value(key) { return nil }
        return try time(key)
    }
}
