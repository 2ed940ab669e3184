import Acquirer
import Foundation
import Ledger

extension InvoiceIssuer {
    /// Cancels an issued invoice for `device`: an attendant or kiosk cancels only what it issued, a
    /// supervisor anything in its zones (all of them when enrolled without zones), an admin
    /// anything; finance nothing (``Device/cancelRefusal(issuer:invoiceZones:)``). The event names
    /// the acting device. A repeat returns the cancelled invoice and writes nothing.
    ///
    /// In `snap` mode the acquirer generated the invoice's QR, so the QR is cancelled there too (SNAP
    /// cancel, service 77), after the ledger's cancel. The ledger's cancel stands whatever the
    /// acquirer answers: when it is unreachable or refuses, ``InvoiceCancellation/acquirer`` says so
    /// and the caller may repeat the cancel, which tries the acquirer again (cancelling a cancelled QR
    /// again does no harm). A payment the acquirer still takes for the invoice is recorded `paid_late`
    /// and opens a `paid_late` exception for finance to refund or keep.
    /// - Throws: ``IssuingError`` `.forbidden` `auth.notInvoiceIssuer` / `auth.zoneNotCovered` /
    ///   `auth.forbidden` / `ledger.cancelNotAllowed`, and ledger errors (an invoice no longer
    ///   issued is `ledger.invalidTransition`).
    public func cancel(_ invoice: Invoice, by device: Device, reason: String) async throws -> InvoiceCancellation {
        try await requireMayCancel(device, invoice)
        let cancelled: Invoice
        do {
            cancelled = try await store.cancelInvoice(invoice.id, reason: reason, actor: .device(device.id), at: now())
        } catch let error as LedgerError where error.code == .cancelNotAllowed {
            throw IssuingError(.forbidden, error.code.rawValue, error.message)  // the ledger's own check
        }
        guard let qrIssuer, cancelled.status == .cancelled else {
            return InvoiceCancellation(invoice: cancelled, acquirer: nil)
        }
        do throws(AcquirerError) {
            _ = try await qrIssuer.cancel(reference: cancelled.billNumber.rawValue, reason: reason)
            return InvoiceCancellation(invoice: cancelled, acquirer: .cancelled)
        } catch  where error.code == .acquirerUnavailable {
            return InvoiceCancellation(invoice: cancelled, acquirer: .unavailable(error.message))
        } catch {
            return InvoiceCancellation(invoice: cancelled, acquirer: .refused(error.message))
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
