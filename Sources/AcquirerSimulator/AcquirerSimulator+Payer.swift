import Reconciliation
import Acquirer
import Foundation
import Ledger

/// What the simulated e-wallet did: the transaction it paid and the payment's identifiers.
public struct SimulatedPayment: Sendable, Hashable {
    /// The simulator's `referenceNo`.
    public var referenceNo: String
    /// The bill number (partner reference).
    public var billNumber: String
    /// Retrieval Reference Number (12 digits).
    public var rrn: String
    /// The paying e-wallet or bank.
    public var issuer: String
    /// The amount, in whole rupiah.
    public var amount: Rupiah
    /// When it was paid.
    public var paidAt: Date
    /// The callback URL given at generate time, if any (else the simulator's `--notify-url`).
    public var callbackURL: String?
}

extension AcquirerSimulator {
    /// Pays a QRIS payload as an e-wallet would.
    ///
    /// A QR the simulator generated is paid once, before it expires and unless cancelled. A QR the
    /// merchant composed from its static QRIS (Lunas `local` mode) is paid by its bill number (tag
    /// 62-01) and amount (tag 54), with `amount` standing in for the amount the payer types when the
    /// QR has none; like a real acquirer, the simulator cannot tell that such a bill was paid before.
    /// - Throws: ``AcquirerError`` `qris.malformed`, `sim.unknownMerchant`, `sim.notPayable` naming why.
    public func pay(
        qris: String, issuer: String? = nil, amount typedAmount: Rupiah? = nil, now: Date
    ) throws(AcquirerError)
        -> SimulatedPayment
    {
        let fields = try PayloadFields(payload: qris)
        let generated = order.lazy.compactMap { self.transactions[$0] }.first {
            $0.kind == .generated && ($0.qrContent == qris)
        }
        var transaction: SimulatedTransaction
        if let generated {
            transaction = generated
            guard transaction.cancelledAt == nil else {
                throw notPayable("QR \(transaction.partnerReferenceNo) was cancelled")
            }
            guard transaction.payment == nil else {
                throw notPayable("QR \(transaction.partnerReferenceNo) is already paid")
            }
            guard !transaction.isExpired(at: now) else {
                throw notPayable("QR \(transaction.partnerReferenceNo) has expired")
            }
        } else {
            guard
                let merchant = merchants.first(where: {
                    $0.acceptsStaticBills && fields.merchantIdentifiers.contains($0.nmid)
                })
            else {
                throw AcquirerError(
                    .simulatorUnknownMerchant,
                    "no merchant of this acquirer has NMID among \(fields.merchantIdentifiers) and accepts its own QRs")
            }
            guard let bill = fields.billNumber, !bill.isEmpty else {
                throw notPayable("the QR has no bill number (tag 62-01); a static QR needs one to be matched")
            }
            guard let amount = fields.amount ?? typedAmount, amount > .zero else {
                throw notPayable("the QR has no amount (tag 54) and none was typed")
            }
            let referenceNo = nextReference(now: now)
            transaction = SimulatedTransaction(
                kind: .merchantComposed, referenceNo: referenceNo, partnerReferenceNo: bill,
                merchantId: merchant.merchantId,
                amount: amount, terminalID: fields.terminalLabel,
                pointOfInitiation: fields.pointOfInitiation ?? "11", qrContent: nil, createdAt: now, expiresAt: nil,
                externalID: nil, callbackURL: nil, status: .initiated, payment: nil, refunds: [], cancelledAt: nil)
            order.append(referenceNo)
        }
        let issuers = profile.simulator?.issuers.flatMap { $0.isEmpty ? nil : $0 } ?? ["GoPay"]
        let chosenIssuer = issuer ?? issuers[Int.random(in: 0..<issuers.count, using: &random)]
        let payment = SimulatedTransaction.Payment(rrn: nextRRN(), issuer: chosenIssuer, paidAt: now)
        transaction.payment = payment
        transaction.status = .success
        transactions[transaction.referenceNo] = transaction
        return SimulatedPayment(
            referenceNo: transaction.referenceNo, billNumber: transaction.partnerReferenceNo, rrn: payment.rrn,
            issuer: payment.issuer, amount: transaction.amount, paidAt: payment.paidAt,
            callbackURL: transaction.callbackURL)
    }

    /// The signed notify for a paid transaction, signed at `now` (each retry is signed afresh).
    /// - Parameter path: the path of the notify URL (the profile's notify path when `nil`).
    /// - Throws: ``AcquirerError`` `sim.notPayable` for an unpaid transaction, or a missing signing key.
    public func notifyRequest(
        referenceNo: String, path: String? = nil, now: Date
    ) throws(AcquirerError) -> SNAPHTTPRequest {
        guard let transaction = transactions[referenceNo], let payment = transaction.payment else {
            throw notPayable("transaction \(referenceNo) is not paid; there is nothing to notify")
        }
        let zone = profile.timestampZone
        let body = SNAPCoding.encode(
            NotifyRequest(
                originalReferenceNo: transaction.referenceNo,
                originalPartnerReferenceNo: transaction.partnerReferenceNo,
                latestTransactionStatus: .success, transactionStatusDesc: TransactionStatus.success.statusDescription,
                amount: SNAPAmount(transaction.amount),
                paidTime: SNAPTimestamp(date: payment.paidAt, offset: zone).text,
                additionalInfo: paymentInfo(transaction)))
        notifySequence += 1
        let target = path ?? profile.notifyPath
        let externalID = CivilDate(containing: now, offset: .jakarta).compact + CivilDate.pad(notifySequence, 12)
        let headers = try NotifySigner(profile: profile, credentials: credentials).headers(
            body: body, path: target, timestamp: Self.notifyTimestamp(now, zone: zone, sequence: notifySequence),
            externalID: externalID,
            accessToken: profile.notify.scheme == .hmacSHA512 ? "simulator-notify-token" : nil)
        return SNAPHTTPRequest(path: target, headers: headers, body: body)
    }

    /// A notify's X-TIMESTAMP: `now` with the notify's number (mod 1000) as milliseconds, so two
    /// notifies in one second never share a timestamp. Under `rsa-client-timestamp` the signature
    /// covers only `clientId|X-TIMESTAMP`, and Lunas refuses a header pair it has seen
    /// (``NotifyReplayCache``).
    static func notifyTimestamp(_ now: Date, zone: UTCOffset, sequence: Int) -> SNAPTimestamp {
        let whole = SNAPTimestamp(date: now, offset: zone)
        let suffix = "\(zone)"
        let text = String(whole.text.dropLast(suffix.count)) + "." + CivilDate.pad(sequence % 1000, 3) + suffix
        return (try? SNAPTimestamp(text)) ?? whole
    }

    /// Plans the delivery of notifies with the current fault settings; each call uses the next seed.
    public func planNotifies(references: [String]) -> NotifyDeliveryPlan {
        planSequence += 1
        return NotifyDeliveryPlanner.plan(references: references, faults: faults.notify, seed: seed &+ planSequence)
    }

    private func notPayable(_ why: String) -> AcquirerError {
        AcquirerError(.simulatorNotPayable, "the simulated e-wallet refuses to pay: \(why)")
    }
}

extension AcquirerError.Code {
    /// The simulated payer refuses a QR (cancelled, paid, expired, no bill number, no amount).
    public static let simulatorNotPayable = Self("sim.notPayable")
    /// No merchant of the simulator matches the QR.
    public static let simulatorUnknownMerchant = Self("sim.unknownMerchant")
}
