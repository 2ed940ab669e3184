import Foundation

/// Replaying the withdrawal of a settlement file that a corrected re-send replaced.
extension LedgerReplay {
    /// `invoice.unsettled` and `settlement.withdrawn`: checked as the store writes them.
    mutating func applyWithdrawal(_ fact: LedgerFact, at: Date) throws {
        switch fact {
        case .invoiceUnsettled(let id, let entry, let status, let supersededBy, let actor):
            let file = entry.reference.settlementID
            try requireFinance(actor, "withdrawing the settlement of invoice \(id)")
            guard var invoice = invoices[id], invoice.status == .settled, status == .paid || status == .paidLate,
                var settlement = invoiceSettlements[id], settlement.entry == entry, settlement.withdrawnBy == nil
            else {
                throw broken("invoice \(id) unsettled from \(entry.reference), but that row does not settle it")
            }
            guard let application = settlementApplications[file], !application.isWithdrawn,
                settlementFiles.keys.contains(supersededBy), supersededBy != file
            else {
                throw broken(
                    "invoice \(id) unsettled from \(file), which is not an applied file \(supersededBy) replaced")
            }
            invoice.status = status
            invoice.statusChangedAt = at
            invoices[id] = invoice
            settlement.withdrawnBy = supersededBy
            invoiceSettlements[id] = settlement
        case .settlementWithdrawn(let withdrawal):
            let file = withdrawal.settlementID
            try requireFinance(withdrawal.actor, "withdrawing settlement \(file)")
            guard var application = settlementApplications[file], !application.isWithdrawn,
                settlementFiles.keys.contains(withdrawal.supersededBy), withdrawal.supersededBy != file
            else {
                throw broken(
                    "settlement \(file) withdrawn for \(withdrawal.supersededBy), but it is not an applied file "
                        + "that an imported re-send replaced")
            }
            if withdrawal.complete {
                application.supersededBy = withdrawal.supersededBy
                application.withdrawnAt = at
                settlementApplications[file] = application
            }
        default:
            break
        }
    }
}
