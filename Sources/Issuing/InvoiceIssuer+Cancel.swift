import Foundation
import Ledger

extension InvoiceIssuer {
    /// Cancels an issued invoice for `device`: an attendant or kiosk cancels only what it issued, a
    /// supervisor anything in its zones (all of them when enrolled without zones), an admin
    /// anything; finance nothing (``Device/cancelRefusal(issuer:invoiceZones:)``). The event names
    /// the acting device. A repeat returns the cancelled invoice and writes nothing.
    /// - Throws: ``IssuingError`` `.forbidden` `auth.notInvoiceIssuer` / `auth.zoneNotCovered` /
    ///   `auth.forbidden` / `ledger.cancelNotAllowed`, and ledger errors (an invoice no longer
    ///   issued is `ledger.invalidTransition`).
    public func cancel(_ invoice: Invoice, by device: Device, reason: String) async throws -> Invoice {
        try await requireMayCancel(device, invoice)
        do {
            return try await store.cancelInvoice(invoice.id, reason: reason, actor: .device(device.id), at: now())
        } catch let error as LedgerError where error.code == .cancelNotAllowed {
            throw IssuingError(.forbidden, error.code.rawValue, error.message)  // the ledger's own check
        }
    }

    private func requireMayCancel(_ device: Device, _ invoice: Invoice) async throws {
        var ticketZone: String?
        var issuer: Device?
        if let ticketID = invoice.ticketID { ticketZone = try await store.ticket(id: ticketID)?.zone }
        if ticketZone == nil { issuer = try await store.device(id: invoice.deviceID) }
        let zones = Device.invoiceZones(ticketZone: ticketZone, issuer: issuer)
        switch device.cancelRefusal(issuer: invoice.deviceID, invoiceZones: zones) {
        case nil: return
        case .notIssuer(let issuer):
            throw IssuingError(
                .forbidden, "auth.notInvoiceIssuer",
                "device \(device.id) (\(device.role.rawValue)) may cancel only invoices it issued; invoice "
                    + "\(invoice.id) was issued by device \(issuer). Nothing was changed")
        case .zoneNotCovered:
            let place = zones.isEmpty ? "no zone" : "zone \(zones.joined(separator: ", "))"
            throw IssuingError(
                .forbidden, "auth.zoneNotCovered",
                "supervisor \(device.id) covers zones \(device.zones.joined(separator: ", ")); invoice \(invoice.id) "
                    + "is in \(place). Nothing was changed")
        case .zoneNotEnrolled, .role:
            throw IssuingError(
                .forbidden, "auth.forbidden",
                "device \(device.id) has role \(device.role.rawValue) and may not cancel invoice \(invoice.id)")
        }
    }
}
