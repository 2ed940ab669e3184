import Foundation

extension LedgerReplay {
    /// Complaints are filed by citizens (no actor) and worked by supervisors or admins (devices or
    /// signed-in staff) or the server operator; a resolved complaint takes no further step.
    mutating func applyComplaint(_ fact: LedgerFact, at: Date, sequence: Int64) throws {
        switch fact {
        case .complaintFiled(let filing):
            guard complaints[filing.number] == nil else { throw broken("complaint \(filing.number) filed twice") }
            if let invoiceID = filing.invoiceID, invoices[invoiceID] == nil {
                throw broken("complaint \(filing.number) names unknown invoice \(invoiceID)")
            }
            if let deviceID = filing.deviceID, devices[deviceID] == nil {
                throw broken("complaint \(filing.number) names unknown device \(deviceID)")
            }
            complaints[filing.number] = Complaint(filing: filing)
            createdBy[filing.number] = sequence
        case .complaintAssigned(let number, let assignee, let actor):
            var complaint = try workable(number, actor, "assigning")
            complaint.assignee = assignee
            complaint.assignedAt = at
            complaints[number] = complaint
        case .complaintAnswered(let number, let message, let actor):
            var complaint = try workable(number, actor, "answering")
            complaint.answers.append(Complaint.Answer(message: message, actor: actor, at: at))
            complaints[number] = complaint
        case .complaintResolved(let number, let resolution):
            var complaint = try workable(number, resolution.actor, "resolving")
            if let refundID = resolution.refundID {
                guard let refund = refunds[refundID], refund.invoiceID == complaint.filing.invoiceID else {
                    throw broken("complaint \(number) resolved with refund \(refundID), unknown or of another invoice")
                }
                guard complaintRefunds.insert(refundID).inserted else {
                    throw broken("complaint \(number) resolved with refund \(refundID), which settled another complaint")
                }
            }
            complaint.resolution = resolution
            complaints[number] = complaint
        default:
            preconditionFailure("applyComplaint called with \(fact.kind)")
        }
    }

    private func workable(_ number: String, _ actor: LedgerActor, _ what: String) throws -> Complaint {
        if let device = try actingDevice(actor, "\(what) complaint \(number)"), !device.role.canWorkComplaints {
            throw broken("\(what) complaint \(number) by device \(device.id), which has role \(device.role.rawValue)")
        }
        guard let complaint = complaints[number], complaint.state != .resolved else {
            throw broken("\(what) complaint \(number), which is unknown or already resolved")
        }
        return complaint
    }
}
