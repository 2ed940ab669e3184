import Reconciliation
import Acquirer
import Foundation
import Ledger

extension AcquirerSimulator {
    /// SNAP generate (47): creates a dynamic QR for a known merchant, unless faults say otherwise.
    func generate(_ body: GenerateQRRequest, externalID: String, now: Date) throws(AcquirerError) -> SNAPHTTPResponse {
        try body.validate()
        var failAfterCreating = false
        if faults.failingGenerates > 0 {
            faults.failingGenerates -= 1
            if faults.generateFailure == .beforeCreating {
                return SNAPHTTPResponse(SNAPResult(.generateQR, .internalServerError))
            }
            failAfterCreating = true
        }
        guard let merchant = merchants.first(where: { $0.merchantId == body.merchantId }) else {
            return SNAPHTTPResponse(SNAPResult(.generateQR, .invalidMerchant))
        }
        guard generatedByPartnerReference[body.partnerReferenceNo] == nil else {
            return SNAPHTTPResponse(SNAPResult(.generateQR, .duplicatePartnerReference))
        }
        var expiresAt = now.addingTimeInterval(TimeInterval(profile.validity.defaultMinutes * 60))
        if let validity = body.validityPeriod {
            let requested = try SNAPTimestamp(validity).date
            let minutes = requested.timeIntervalSince(now) / 60
            guard minutes >= Double(profile.validity.minMinutes), minutes <= Double(profile.validity.maxMinutes) else {
                throw AcquirerError(
                    .invalidField,
                    "validityPeriod must be \(profile.validity.minMinutes) to \(profile.validity.maxMinutes) min ahead",
                    field: "validityPeriod")
            }
            expiresAt = requested
        }
        let referenceNo = nextReference(now: now)
        let content = SimulatedQRContent.compose(
            merchant: merchant, amount: body.amount.rupiah, billNumber: body.partnerReferenceNo,
            terminalID: body.terminalId)
        transactions[referenceNo] = SimulatedTransaction(
            kind: .generated, referenceNo: referenceNo, partnerReferenceNo: body.partnerReferenceNo,
            merchantId: merchant.merchantId, amount: body.amount.rupiah, terminalID: body.terminalId,
            pointOfInitiation: "12", qrContent: content,
            createdAt: now, expiresAt: expiresAt, externalID: externalID, callbackURL: body.additionalInfo?.callbackUrl,
            status: .initiated, payment: nil, refunds: [], cancelledAt: nil)
        generatedByPartnerReference[body.partnerReferenceNo] = referenceNo
        order.append(referenceNo)
        if failAfterCreating { return SNAPHTTPResponse(SNAPResult(.generateQR, .internalServerError)) }
        return SNAPHTTPResponse(
            status: 200,
            message: GenerateQRResponse(
                responseCode: SNAPResponseCode(.generateQR, .successful), responseMessage: "Successful",
                referenceNo: referenceNo, partnerReferenceNo: body.partnerReferenceNo, qrContent: content,
                terminalId: body.terminalId, merchantName: merchant.name,
                additionalInfo: GenerateQRResponseInfo(
                    expiredAt: SNAPTimestamp(date: expiresAt, offset: profile.timestampZone).text)))
    }

    /// SNAP query (51): the latest status; an unpaid QR past its validity reports `07`.
    func query(_ body: QueryRequest, now: Date) throws(AcquirerError) -> SNAPHTTPResponse {
        guard
            let transaction = find(
                partnerReference: body.originalPartnerReferenceNo, referenceNo: body.originalReferenceNo)
        else {
            return SNAPHTTPResponse(SNAPResult(.queryQR, .transactionNotFound))
        }
        let status: TransactionStatus = transaction.isExpired(at: now) ? .notFound : transaction.status
        let zone = profile.timestampZone
        var fee: SNAPAmount?
        if let schedule = mdrSchedule, let payment = transaction.payment,
            let merchant = merchants.first(where: { $0.merchantId == transaction.merchantId })
        {
            let day = CivilDate(containing: payment.paidAt, offset: .jakarta)
            fee = SNAPAmount(
                schedule.mdr(category: merchant.category, mcc: merchant.mcc, on: day, gross: transaction.amount))
        }
        return SNAPHTTPResponse(
            status: 200,
            message: QueryResponse(
                responseCode: SNAPResponseCode(.queryQR, .successful), responseMessage: "Successful",
                originalReferenceNo: transaction.referenceNo,
                originalPartnerReferenceNo: transaction.partnerReferenceNo,
                originalExternalId: transaction.externalID, serviceCode: SNAPService.generateQR.code,
                latestTransactionStatus: status, transactionStatusDesc: status.statusDescription,
                paidTime: transaction.payment.map { SNAPTimestamp(date: $0.paidAt, offset: zone).text },
                amount: SNAPAmount(transaction.amount), feeAmount: fee, terminalId: transaction.terminalID,
                additionalInfo: paymentInfo(transaction)))
    }

    /// SNAP cancel (77): an unpaid QR can be cancelled (again without harm); a paid one cannot.
    func cancel(_ body: CancelRequest, now: Date) throws(AcquirerError) -> SNAPHTTPResponse {
        if let reason = body.reason { try FieldRules.length(reason, field: "reason", maxLength: 256) }
        guard
            var transaction = find(
                partnerReference: body.originalPartnerReferenceNo, referenceNo: body.originalReferenceNo)
        else {
            return SNAPHTTPResponse(SNAPResult(.cancelQR, .transactionNotFound))
        }
        guard transaction.payment == nil else {
            return SNAPHTTPResponse(
                SNAPResult(.cancelQR, .operationNotAllowed, message: "Requested Operation Is Not Allowed. Paid"))
        }
        if transaction.cancelledAt == nil {
            transaction.cancelledAt = now
            transaction.status = .canceled
            transactions[transaction.referenceNo] = transaction
        }
        return SNAPHTTPResponse(
            status: 200,
            message: CancelResponse(
                responseCode: SNAPResponseCode(.cancelQR, .successful), responseMessage: "Successful",
                originalReferenceNo: transaction.referenceNo,
                originalPartnerReferenceNo: transaction.partnerReferenceNo,
                cancelTime: SNAPTimestamp(date: transaction.cancelledAt ?? now, offset: profile.timestampZone).text))
    }

    /// SNAP refund (78): full or partial, several times, never more than was paid and not yet refunded.
    /// A repeated `partnerRefundNo` with the same amount answers the first refund again.
    /// `additionalInfo.retrievalReferenceNo` names the payment when the reference was paid twice.
    func refund(_ body: RefundRequest, now: Date) throws(AcquirerError) -> SNAPHTTPResponse {
        try FieldRules.alphanumeric(body.partnerRefundNo, field: "partnerRefundNo", maxLength: 64)
        let found: SimulatedTransaction?
        if let rrn = body.additionalInfo?.retrievalReferenceNo {
            found = order.lazy.compactMap { self.transactions[$0] }.first {
                $0.partnerReferenceNo == body.originalPartnerReferenceNo && $0.payment?.rrn == rrn
                    && (body.originalReferenceNo == nil || body.originalReferenceNo == $0.referenceNo)
            }
        } else {
            found = find(partnerReference: body.originalPartnerReferenceNo, referenceNo: body.originalReferenceNo)
        }
        guard var transaction = found else {
            return SNAPHTTPResponse(SNAPResult(.refundQR, .transactionNotFound))
        }
        guard transaction.payment != nil else {
            return SNAPHTTPResponse(
                SNAPResult(.refundQR, .operationNotAllowed, message: "Requested Operation Is Not Allowed. Unpaid"))
        }
        if let earlier = transaction.refunds.first(where: { $0.partnerRefundNo == body.partnerRefundNo }) {
            guard earlier.amount == body.refundAmount.rupiah else {
                return SNAPHTTPResponse(SNAPResult(.refundQR, .conflict, message: "Conflict. partnerRefundNo reused"))
            }
            return refundResponse(transaction, earlier)
        }
        guard body.refundAmount.rupiah > .zero else {
            throw AcquirerError(.invalidAmount, "refundAmount must be more than 0", field: "refundAmount.value")
        }
        let refundable = transaction.amount - transaction.refundedAmount
        guard body.refundAmount.rupiah <= refundable else {
            return SNAPHTTPResponse(
                SNAPResult(
                    .refundQR, .invalidAmount, message: "Invalid Amount. Refundable \(SNAPAmount(refundable).value)"))
        }
        let record = SimulatedTransaction.Refund(
            refundNo: "RF" + nextReference(now: now), partnerRefundNo: body.partnerRefundNo,
            amount: body.refundAmount.rupiah, refundedAt: now)
        transaction.refunds.append(record)
        if transaction.refundedAmount == transaction.amount { transaction.status = .refunded }
        transactions[transaction.referenceNo] = transaction
        return refundResponse(transaction, record)
    }

    private func refundResponse(
        _ transaction: SimulatedTransaction, _ record: SimulatedTransaction.Refund
    ) -> SNAPHTTPResponse {
        SNAPHTTPResponse(
            status: 200,
            message: RefundResponse(
                responseCode: SNAPResponseCode(.refundQR, .successful), responseMessage: "Successful",
                originalPartnerReferenceNo: transaction.partnerReferenceNo,
                originalReferenceNo: transaction.referenceNo,
                refundNo: record.refundNo, partnerRefundNo: record.partnerRefundNo,
                refundAmount: SNAPAmount(record.amount),
                refundTime: SNAPTimestamp(date: record.refundedAt, offset: profile.timestampZone).text))
    }

    func find(partnerReference: String, referenceNo: String?) -> SimulatedTransaction? {
        guard let transaction = transaction(partnerReference: partnerReference) else { return nil }
        if let referenceNo, referenceNo != transaction.referenceNo { return nil }
        return transaction
    }

    func paymentInfo(_ transaction: SimulatedTransaction) -> PaymentAdditionalInfo {
        PaymentAdditionalInfo(
            merchantId: transaction.merchantId, issuer: transaction.payment?.issuer,
            retrievalReferenceNo: transaction.payment?.rrn, invoiceNo: transaction.partnerReferenceNo,
            customerName: transaction.payment == nil ? nil : "SIMULATED PAYER",
            customerNumber: transaction.payment == nil ? nil : "9360******1234")
    }
}
