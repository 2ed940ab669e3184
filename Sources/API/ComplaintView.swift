import Foundation
import Ledger

/// A complaint as staff read it (`GET /api/v1/complaints/{number}`): everything the chain holds,
/// with its deadline met or not, and — for supervisors and admins — the citizen's words, contact
/// and whether a photo is attached.
struct ComplaintView: Encodable {
    struct Answer: Encodable {
        var message: String
        var at: String
        var byDevice: String?
        var byStaff: String?
    }

    struct Resolution: Encodable {
        var outcome: String
        var note: String
        var laporNumber: String?
        var refundId: String?
        var at: String
        var byDevice: String?
        var byStaff: String?
    }

    var number: String
    var category: String
    var tier: String
    var state: String
    var filedAt: String
    var acknowledgeBy: String
    var deadline: String
    /// The city's first word to the citizen (an answer or the resolution).
    var answeredAt: String?
    /// Resolved by the deadline: true or false once resolved or past it; absent while still in time.
    var deadlineMet: Bool?
    var invoiceId: String?
    var deviceId: String?
    var zone: String?
    var plate: String?
    var occurredAt: String?
    var assignee: String?
    var answers: [Answer]
    var resolution: Resolution?
    var description: String?
    var contact: String?
    var hasPhoto: Bool?

    init(_ complaint: Complaint, content: ComplaintContent?, now: Date) {
        let filing = complaint.filing
        number = filing.number
        category = filing.category.rawValue
        tier = filing.tier
        state = complaint.state.rawValue
        filedAt = APITime.text(filing.filedAt)
        acknowledgeBy = APITime.text(filing.acknowledgeBy)
        deadline = APITime.text(filing.deadline)
        answeredAt = complaint.answeredAt.map(APITime.text)
        deadlineMet = complaint.deadlineMet(now: now)
        invoiceId = filing.invoiceID?.rawValue
        deviceId = filing.deviceID?.rawValue
        zone = filing.zone
        plate = filing.plate
        occurredAt = filing.occurredAt.map(APITime.text)
        assignee = complaint.assignee
        answers = complaint.answers.map {
            Answer(message: $0.message, at: APITime.text($0.at), byDevice: $0.actor.device?.rawValue, byStaff: $0.actor.staff)
        }
        resolution = complaint.resolution.map {
            Resolution(
                outcome: $0.outcome.rawValue, note: $0.note, laporNumber: $0.laporNumber, refundId: $0.refundID?.rawValue,
                at: APITime.text($0.at), byDevice: $0.actor.device?.rawValue, byStaff: $0.actor.staff)
        }
        description = content?.description
        contact = content?.contact
        hasPhoto = content.map { $0.photo != nil }
    }
}

/// What the citizen sees of their complaint (`GET /public/complaints/{number}?code=…`): never the
/// contact, the device or who at the city answered.
struct PublicComplaintView: Encodable {
    struct Answer: Encodable {
        var message: String
        var at: String
    }

    var number: String
    var category: String
    var status: String
    var filedAt: String
    var deadline: String
    var deadlineMet: Bool?
    var zone: String?
    /// The ticket's amount and time, when the complaint names one (what the ticket already shows).
    var amount: Int64?
    var ticketIssuedAt: String?
    var answers: [Answer]
    var outcome: String?
    var outcomeNote: String?
    var laporNumber: String?
    var resolvedAt: String?

    init(_ complaint: Complaint, invoice: Invoice?, now: Date) {
        let filing = complaint.filing
        number = filing.number
        category = filing.category.rawValue
        status = complaint.state.rawValue
        filedAt = APITime.text(filing.filedAt)
        deadline = APITime.text(filing.deadline)
        deadlineMet = complaint.deadlineMet(now: now)
        zone = filing.zone
        amount = invoice?.amount.value
        ticketIssuedAt = invoice.map { APITime.text($0.issuedAt) }
        answers = complaint.answers.map { Answer(message: $0.message, at: APITime.text($0.at)) }
        outcome = complaint.resolution?.outcome.rawValue
        outcomeNote = complaint.resolution?.note
        laporNumber = complaint.resolution?.laporNumber
        resolvedAt = complaint.resolution.map { APITime.text($0.at) }
    }
}
