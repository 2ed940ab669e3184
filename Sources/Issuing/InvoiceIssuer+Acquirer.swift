import Acquirer
import Foundation
import Ledger

extension InvoiceIssuer {
    /// `snap` mode: the acquirer generates the invoice's QR and ``GeneratedQR`` checks that it pays
    /// the city's merchant the invoice's amount for its bill number.
    /// - Throws: the ``AcquirerError`` `generate.abandoned` (the caller draws a new bill number), or
    ///   an ``IssuingError`` `acquirer.unavailable` / `acquirer.refused` / `acquirer.invalidQR`.
    func snapPayload(
        _ qrIssuer: SNAPQRIssuer, billNumber: BillNumber, amount: Rupiah, device: Device, expiresAt: Date
    ) async throws -> String {
        let merchant = configuration.city.merchant
        var identifiers = [merchant.nmid, qrIssuer.client.profile.merchantId]
        if let account = merchant.account?.merchantID { identifiers.append(account) }
        do throws(AcquirerError) {
            let generated = try await qrIssuer.generate(
                reference: billNumber.rawValue, amount: amount, terminalID: String(device.id.rawValue.prefix(16)),
                expiresAt: expiresAt, merchantIdentifiers: identifiers)
            return generated.qrContent
        } catch  where error.code == .generateAbandoned {
            throw error
        } catch {
            throw Self.acquirerFailure(error)
        }
    }

    /// The error for an acquirer that could not give a valid QR; nothing was written.
    static func acquirerFailure(_ error: AcquirerError) -> IssuingError {
        switch error.code {
        case .generateMismatch, .malformedQRIS:
            return IssuingError(
                .acquirerRefused, "acquirer.invalidQR",
                "the acquirer's QR was refused, no invoice was issued: \(error.message)", field: error.field)
        case .acquirerRefused, .unexpectedResponse, .validityOutOfBounds:
            return IssuingError(
                .acquirerRefused, "acquirer.refused", "the acquirer refused to issue the QR: \(error.message)")
        default:
            return IssuingError(
                .acquirerUnavailable, "acquirer.unavailable",
                "the acquirer is unreachable, no invoice was issued; try again: \(error.message)")
        }
    }
}
