import Foundation
import Ledger
import QRIS

extension OfflineDesk {
    /// What the checks of a record that may be recorded found.
    struct Checked {
        var invoice: InvoiceTerms?
        var findings: [OfflineSubmission.Finding]
    }

    /// Refuses a record that is not this device's own, not signed by its key, whose bill number
    /// does not name it, or whose QRIS would pay someone other than the city; each opens an
    /// exception (`offline_forged` for a bad signature or QRIS, `offline_refused` otherwise).
    func refuseIfForeign(
        _ record: OfflineRecord, device: Device, publicKey: DevicePublicKey, receivedAt: Date
    )
        async throws
    {
        func refuse(
            _ category: ExceptionCase.Category, _ code: LedgerError.Code, _ message: String, field: String
        )
            async throws -> Never
        {
            let exception = try await openException(
                category, record: record, sender: device.id, receivedAt: receivedAt,
                detail: "offline record \(record.idempotencyKey) sent by device \(device.id) refused: \(message)")
            throw Refusal(error: LedgerError(code, message, field: field), exception: exception)
        }
        guard record.deviceID == device.id, record.deviceCode == device.code else {
            try await refuse(
                .offlineRefused, .offlineForeignRecord,
                "the record names device \(record.deviceID) (\(record.deviceCode)); a device syncs only its own records",
                field: "deviceId")
        }
        guard record.hasValidSignature(publicKey: publicKey) else {
            try await refuse(
                .offlineForged, .offlineBadSignature,
                "the signature does not verify with the device's registered key: altered or forged", field: "signature")
        }
        guard record.operation.makesInvoice, let text = record.billNumber, let sequence = record.sequence,
            let amount = record.amount
        else { return }
        let prefix = configuration.city.billNumberPrefix
        guard let parsed = OfflineBillNumber.parse(text, prefix: prefix), parsed.deviceCode == device.code,
            parsed.sequence == sequence, let billNumber = try? BillNumber(text)
        else {
            try await refuse(
                .offlineRefused, .offlineBadBillNumber,
                "billNumber \(text.prefix(25)) is not the offline bill number of this device's sequence \(sequence)",
                field: "billNumber")
        }
        let expected = try? qrisPayload(billNumber: billNumber, amount: amount, device: device.id)
        guard record.qrisPayload == expected else {
            try await refuse(
                .offlineForged, .offlineBadQRIS,
                "the printed QRIS is not the city's for this bill number and amount (it could pay someone else)",
                field: "qrisPayload")
        }
    }

    /// The QRIS a handheld prints for an offline bill (``OfflineBundle/qrisPayload(billNumber:amount:)``).
    func qrisPayload(billNumber: BillNumber, amount: Int64, device: Device.ID) throws -> String {
        let staticQRIS = configuration.city.merchant.staticQRIS
        guard acceptsStaticBills else { return staticQRIS }
        return try QRISPayload.makeDynamic(
            fromStatic: staticQRIS, amount: amount, billNumber: billNumber.rawValue,
            referenceLabel: billNumber.rawValue, terminalLabel: device.rawValue)
    }

    /// The checks that flag but do not refuse (tariff, clock, bundle window), those that refuse
    /// (zone, closed day, an unknown class or zone), and the invoice terms of an issue or exit.
    func check(
        _ record: OfflineRecord, device: Device, window: (from: Date, until: Date)?, deviceClock: Date?,
        receivedAt: Date
    ) async throws -> Checked {
        var findings: [OfflineSubmission.Finding] = []
        var clock: [String] = []
        let skew = TimeInterval(limits.maxClockSkewMinutes * 60)
        // nil: collected by an admin, exported earlier; its clock says nothing about the server's.
        if let deviceClock, case let offset = deviceClock.timeIntervalSince(receivedAt), abs(offset) > skew {
            clock.append("the handheld's clock was \(Int(offset / 60)) minutes off the server's at sync")
        }
        let latest = [record.at, record.entryAt, record.exitAt].compactMap { $0 }.max() ?? record.at
        if latest.timeIntervalSince(receivedAt) > skew {
            clock.append("dated \(OfflineTime.format(latest)), after the sync at \(OfflineTime.format(receivedAt))")
        }
        if let window {
            for time in record.times where time < window.from || time > window.until {
                clock.append(
                    "dated \(OfflineTime.format(time)), outside its bundle's validity "
                        + "\(OfflineTime.format(window.from))–\(OfflineTime.format(window.until))")
                break
            }
        } else {
            clock.append("it names bundle \(record.bundleID.prefix(64)), which the server never issued to this device")
        }
        if !clock.isEmpty {
            findings.append(
                .init(
                    category: .offlineClockSkew,
                    detail: Self.detail("offline record \(record.idempotencyKey): " + clock.joined(separator: "; "))))
        }
        let city = configuration.city
        // Every time the record claims (its entry and exit too) must fall on a day still open.
        for (time, member) in [(record.at, "at"), (record.entryAt, "entryAt"), (record.exitAt, "exitAt")] {
            guard let time, try await store.closedDay(city.timeZone.local(time).date) != nil else { continue }
            throw LedgerError(
                .offlineTooLate, "the city day of \(OfflineTime.format(time)) is already closed", field: member)
        }
        if let number = record.sequence, number > device.lastSequence + Int64(limits.maxTickets) {
            // A handheld queues at most offline.maxTickets records past the sequence it last synced.
            throw LedgerError(
                .invalidOfflineRecord,
                "sequence \(number) is more than offline.maxTickets (\(limits.maxTickets)) past the device's last "
                    + "sequence \(device.lastSequence)", field: "sequence")
        }
        // The stay the tariff prices, and what the handheld charged.
        var stay: (vehicleClass: String, zone: String, entry: Date, exit: Date?)?
        switch record.operation {
        case .issue:
            stay = (record.vehicleClass ?? "", record.zone ?? "", record.entryAt ?? record.at, nil)
        case .open:
            // Priced at exit; the quote of a zero-length stay only checks the class, zone and rule.
            let entry = record.entryAt ?? record.at
            stay = (record.vehicleClass ?? "", record.zone ?? "", entry, entry)
        case .exit, .exitFree:
            if let ticket = try await referencedTicket(record) {
                try Self.refuseBeforeEntry(record.exitAt ?? record.at, ticket, member: "exitAt")
                stay = (ticket.vehicleClass, ticket.zone, ticket.entryAt, record.exitAt)
            }
        case .void:
            if let ticket = try await referencedTicket(record) {
                try Self.refuseBeforeEntry(record.at, ticket, member: "at")
            }
        }
        if let zone = stay?.zone, device.parkingRefusal(zone: zone) != nil, record.operation != .void {
            throw LedgerError(
                .offlineZoneNotEnrolled, "device \(device.id) is not enrolled for zone \(zone)", field: "zone")
        }
        if let stay, record.operation != .void {
            let quote = try configuration.quote(
                vehicleClass: VehicleClass.ID(rawValue: stay.vehicleClass), zone: Zone.ID(rawValue: stay.zone),
                entry: stay.entry, exit: stay.exit)
            let charged = record.amount ?? 0
            let due = record.operation == .open ? 0 : quote.amount.value
            if record.operation != .open, charged != due {
                findings.append(
                    .init(
                        category: .offlineTariffMismatch,
                        detail: Self.detail(
                            "offline record \(record.idempotencyKey): the handheld charged Rp\(charged), the tariff "
                                + "\(quote.tariffSetID) at these times says Rp\(due); recorded as charged"),
                        amount: Rupiah(charged).isStorable ? Rupiah(charged) : nil))
            }
        }
        var invoice: InvoiceTerms?
        if record.operation.makesInvoice, let text = record.billNumber, let amount = record.amount {
            guard amount > 0 else {
                throw LedgerError(
                    .invalidOfflineRecord, "an \(record.operation.rawValue) record charges more than Rp0; use exitFree",
                    field: "amount")
            }
            let receipt = try signer.sign(invoiceID: text)
            invoice = InvoiceTerms(
                billNumber: try BillNumber(text), amount: Rupiah(amount), qrisPayload: record.qrisPayload ?? "",
                receiptCode: receipt.text, issuedAt: record.at,
                expiresAt: record.at.addingTimeInterval(invoiceLifetime), deviceID: device.id)
        }
        return Checked(invoice: invoice, findings: findings)
    }

    /// Refuses an exit or void dated before the ticket's entry.
    static func refuseBeforeEntry(_ time: Date, _ ticket: ParkingTicket, member: String) throws {
        guard time < ticket.entryAt else { return }
        throw LedgerError(
            .invalidOfflineRecord,
            "\(member) \(OfflineTime.format(time)) is before ticket \(ticket.id)'s entry at \(OfflineTime.format(ticket.entryAt))",
            field: member)
    }

    /// The ticket an exit or free exit names (nil when it does not exist; the store refuses then).
    func referencedTicket(_ record: OfflineRecord) async throws -> ParkingTicket? {
        switch record.ticket {
        case .id(let id)?: try await store.ticket(id: ParkingTicket.ID(id))
        case .sequence(let number)?: try await store.ticket(device: record.deviceID, sequence: number)
        case nil: nil
        }
    }
}

extension LedgerError.Code {
    /// A device sent a record of another device.
    public static let offlineForeignRecord = LedgerError.Code("offline.foreignRecord")
    /// An offline record's signature does not verify with its device's key.
    public static let offlineBadSignature = LedgerError.Code("offline.badSignature")
    /// An offline record's bill number is not the offline bill number of its device and sequence.
    public static let offlineBadBillNumber = LedgerError.Code("offline.badBillNumber")
    /// An offline record printed a QRIS other than the city's for its bill number and amount.
    public static let offlineBadQRIS = LedgerError.Code("offline.badQRIS")
    /// An offline record is in a zone its device is not enrolled for.
    public static let offlineZoneNotEnrolled = LedgerError.Code("offline.zoneNotEnrolled")
}
