import Foundation
import Ledger

/// Checks that a QR an acquirer generated is the invoice's: reference, amount and merchant.
///
/// In `snap` issuing mode Lunas shows the acquirer's `qrContent` to the citizen, so it must be sure
/// that the payload pays the right merchant the right amount for the right bill. Anything else is
/// refused with a specific error and the invoice keeps no QR.
public struct GeneratedQR: Sendable, Hashable {
    /// The acquirer's reference.
    public var referenceNo: String
    /// The QRIS payload to render.
    public var qrContent: String
    /// When the acquirer says it expires, if it says.
    public var expiresAt: Date?

    /// Verifies a successful generate response against the invoice.
    /// - Parameters:
    ///   - reference: the invoice's bill number.
    ///   - amount: the invoice's amount.
    ///   - merchantIdentifiers: the city's NMID and merchant ids; the payload must carry one of them.
    /// - Throws: ``AcquirerError`` `generate.mismatch` naming what differs, or `qris.malformed`.
    public init(
        verifying response: GenerateQRResponse, reference: String, amount: Rupiah, merchantIdentifiers: [String]
    ) throws(AcquirerError) {
        guard response.responseCode.isSuccess else {
            throw AcquirerError(
                .generateMismatch, "generate answered \(response.responseCode) \(response.responseMessage)")
        }
        guard let referenceNo = response.referenceNo, !referenceNo.isEmpty else {
            throw AcquirerError(.generateMismatch, "generate response has no referenceNo", field: "referenceNo")
        }
        guard let content = response.qrContent, !content.isEmpty else {
            throw AcquirerError(.generateMismatch, "generate response has no qrContent", field: "qrContent")
        }
        if let echoed = response.partnerReferenceNo, echoed != reference {
            throw AcquirerError(
                .generateMismatch, "generate response is for partnerReferenceNo '\(echoed)', not '\(reference)'",
                field: "partnerReferenceNo")
        }
        let fields = try PayloadFields(payload: content)
        guard fields.amount == amount else {
            throw AcquirerError(
                .generateMismatch,
                "generated QR amount (tag 54) is \(fields.amount.map(\.description) ?? "absent"), invoice is \(amount)",
                field: "qrContent")
        }
        if let bill = fields.billNumber, bill != reference, bill != referenceNo {
            throw AcquirerError(
                .generateMismatch, "generated QR bill number (tag 62-01) is '\(bill)', invoice is '\(reference)'",
                field: "qrContent")
        }
        guard fields.merchantIdentifiers.contains(where: merchantIdentifiers.contains) else {
            throw AcquirerError(
                .generateMismatch,
                "generated QR pays merchant \(fields.merchantIdentifiers), not one of the city's \(merchantIdentifiers)",
                field: "qrContent")
        }
        self.referenceNo = referenceNo
        self.qrContent = content
        self.expiresAt = try response.additionalInfo?.expiredAt.map { text throws(AcquirerError) in
            try SNAPTimestamp(text).date
        }
    }
}

extension AcquirerError.Code {
    /// A generated QR does not match the invoice (reference, amount or merchant).
    public static let generateMismatch = Self("generate.mismatch")
}
