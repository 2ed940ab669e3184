import Foundation

/// What every invoice needs, whether it charges a fee, a flat parking ticket or a closed hourly one.
public struct InvoiceTerms: Sendable, Hashable {
    /// The bill number (see ``BillNumber/generate(prefix:date:timeZone:length:)``); must be new.
    public var billNumber: BillNumber
    /// The amount due (positive).
    public var amount: Rupiah
    /// The QRIS payload the caller built for this bill number and amount.
    public var qrisPayload: String
    /// The signed receipt code the caller made for this invoice; must be new.
    public var receiptCode: String
    /// When the invoice is issued.
    public var issuedAt: Date
    /// When the QRIS code stops being payable; after `issuedAt`.
    public var expiresAt: Date
    /// The issuing device; active and allowed to issue. The store assigns its next sequence number.
    public var deviceID: Device.ID

    /// Creates a value from its parts.
    public init(
        billNumber: BillNumber, amount: Rupiah, qrisPayload: String, receiptCode: String, issuedAt: Date,
        expiresAt: Date, deviceID: Device.ID
    ) {
        self.billNumber = billNumber
        self.amount = amount
        self.qrisPayload = qrisPayload
        self.receiptCode = receiptCode
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.deviceID = deviceID
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try LedgerValidation.positive(amount, field: "amount")
        try LedgerValidation.text(qrisPayload, field: "qrisPayload", maximum: 512)  // QRIS names have spaces (tag 59)
        try LedgerValidation.token(receiptCode, field: "receiptCode", maximum: 512)
        try LedgerValidation.deviceID(deviceID)
        try checkReceiptCodeNamesBillNumber()
        guard expiresAt.ledgerMilliseconds > issuedAt.ledgerMilliseconds else {
            throw LedgerError(
                .invalidField, "expiresAt \(expiresAt) must be after issuedAt \(issuedAt)", field: "expiresAt")
        }
    }
}

extension InvoiceTerms {
    /// A receipt code in the signed form (`LR1-…`, as ``ReceiptCode/text`` writes it) must name this
    /// invoice's bill number: then no two invoices can hold the same code (bill numbers are unique),
    /// and a store can find the invoice of a code by its bill number instead of keeping an index of
    /// the codes. Other text is taken as an opaque code (stores keep those unique by index).
    ///
    /// - Throws: `input.invalidField` (field `receiptCode`) when an `LR1-` code does not parse or
    ///   names another invoice.
    func checkReceiptCodeNamesBillNumber() throws {
        guard receiptCode.utf8.starts(with: ReceiptCode.textPrefix.utf8) else { return }
        let code: ReceiptCode
        do {
            code = try ReceiptCode(parsing: receiptCode)
        } catch let error as LedgerError {
            throw LedgerError(
                .invalidField, "receiptCode starts with LR1- but is not a receipt code: \(error.message)",
                field: "receiptCode")
        }
        guard code.invoiceID == billNumber.rawValue else {
            throw LedgerError(
                .invalidField,
                "receiptCode names invoice \(code.invoiceID), not this invoice's bill number \(billNumber.rawValue)",
                field: "receiptCode")
        }
    }
}

/// A fully formed request to issue an invoice (``LedgerStore/issueInvoice(_:)``).
public struct InvoiceDraft: Sendable, Hashable {
    /// What the invoice charges for.
    public enum Purpose: Sendable, Hashable {
        /// A public fee: the code from the fee schedule.
        case fee(code: String)
        /// A flat-tariff parking ticket issued together with its invoice.
        case parking(ParkingDetails)
    }

    /// The invoice's bill number, amount, payload, receipt code, times and device.
    public var terms: InvoiceTerms
    /// What the invoice charges for.
    public var purpose: Purpose
    /// The caller's idempotency key: a repeat with the same key returns the first invoice and
    /// creates nothing; the same key with a different request is refused.
    public var idempotencyKey: String
    /// Who issues: the issuing device (and, later, the staff member signed in on it).
    public var actor: LedgerActor
    /// The fingerprint of the caller's request (``IdempotencyFingerprint/of(request:)``, over the
    /// whole canonical request body); nil: the fingerprint of this draft. A caller that draws a new
    /// bill number, receipt code and time for every attempt must give it, or a repeat would never
    /// match the first request.
    public var requestHash: String?

    /// Creates a value from its parts (the actor defaults to the issuing device).
    public init(
        terms: InvoiceTerms, purpose: Purpose, idempotencyKey: String, actor: LedgerActor? = nil,
        requestHash: String? = nil
    ) {
        self.terms = terms
        self.purpose = purpose
        self.idempotencyKey = idempotencyKey
        self.actor = actor ?? .device(terms.deviceID)
        self.requestHash = requestHash
    }

    /// The invoice kind the purpose implies.
    public var kind: Invoice.Kind {
        switch purpose {
        case .fee: .fee
        case .parking: .parking
        }
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        try terms.validate()
        try LedgerValidation.issuance(
            idempotencyKey: idempotencyKey, actor: actor, issuer: terms.deviceID, requestHash: requestHash)
        switch purpose {
        case .fee(let code): try LedgerValidation.token(code, field: "feeCode", maximum: 64)
        case .parking(let details): try details.validate()
        }
    }
}

/// The vehicle part of a parking ticket.
public struct ParkingDetails: Sendable, Hashable {
    /// The plate as typed or read; the store keeps its normalised form.
    public var plate: String
    /// The vehicle class code from the tariff table.
    public var vehicleClass: String
    /// The zone code.
    public var zone: String
    /// When the vehicle arrived.
    public var entryAt: Date

    /// Creates a value from its parts.
    public init(plate: String, vehicleClass: String, zone: String, entryAt: Date) {
        self.plate = plate
        self.vehicleClass = vehicleClass
        self.zone = zone
        self.entryAt = entryAt
    }

    /// Checks every field; throws the first problem with its field name.
    public func validate() throws {
        _ = try LicensePlate.normalise(plate)
        try LedgerValidation.token(vehicleClass, field: "vehicleClass", maximum: 32)
        try LedgerValidation.token(zone, field: "zone", maximum: 32)
    }
}
