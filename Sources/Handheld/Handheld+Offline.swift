import Foundation
import Ledger

/// Offline actions: done from the signed bundle with the same idempotency key the online attempt
/// used, signed with the device's key and queued for sync.
extension Handheld {
    /// What an offline action needs: the bundle, the device's key, identity and next sequence.
    struct OfflineContext {
        var bundle: OfflineBundle
        var key: DeviceSigningKey
        var lastSequence: Int64
        var attendant: String?
        var shiftID: Int64?
    }

    /// The bundle and key for an offline action, after checking the bundle's validity and the
    /// offline limits (`maxHours` since the handheld went offline, `maxTickets` records queued).
    ///
    /// - Throws: ``HandheldError/Code/bundleUnusable``, ``HandheldError/Code/offlineLimit``.
    func offlineContext(at date: Date) async throws -> OfflineContext {
        guard let bundle = try await storedBundle() else {
            throw HandheldError(
                .bundleUnusable,
                "the server is unreachable and this handheld has no offline bundle: nothing was issued",
                indonesian: "Server tidak terjangkau dan perangkat belum punya paket luring: tidak ada yang diterbitkan"
            )
        }
        guard bundle.isValid(at: date) else {
            throw HandheldError(
                .bundleUnusable,
                "the offline bundle is valid from \(Self.timeText(bundle.validFrom)) until \(Self.timeText(bundle.validUntil)), "
                    + "not now: sync when the server is back; nothing was issued",
                indonesian:
                    "Paket luring berlaku \(Self.timeText(bundle.validFrom)) s.d. \(Self.timeText(bundle.validUntil)), "
                    + "tidak sekarang: sinkronkan saat server kembali; tidak ada yang diterbitkan")
        }
        let since = try await queue.meta(.offlineSince).flatMap(Int64.init).map(Date.init(ledgerMilliseconds:)) ?? date
        if date.timeIntervalSince(since) > Double(bundle.maxHours) * 3600 {
            throw HandheldError(
                .offlineLimit, "offline for more than \(bundle.maxHours) hours (offline.maxHours): nothing was issued",
                indonesian:
                    "Sudah luring lebih dari \(bundle.maxHours) jam (batas offline.maxHours): tidak ada yang diterbitkan"
            )
        }
        if try await queue.queuedCount() >= bundle.maxTickets {
            throw HandheldError(
                .offlineLimit,
                "\(bundle.maxTickets) offline records wait for sync (offline.maxTickets): nothing was issued",
                indonesian: "Sudah \(bundle.maxTickets) catatan luring menunggu sinkron (batas offline.maxTickets): "
                    + "tidak ada yang diterbitkan")
        }
        let last = max(Int64(try await queue.meta(.lastSequence) ?? "0") ?? 0, bundle.lastSequence)
        return OfflineContext(
            bundle: bundle, key: try signingKey(), lastSequence: last,
            attendant: try await queue.meta(.attendant) ?? bundle.attendant, shiftID: try await queue.currentShift()?.id
        )
    }

    /// `issue` offline: a flat ticket with an offline bill and its QRIS, or an hourly ticket opened.
    func issueOffline(plate: String, vehicleClass: String, zone: String?, key: String) async throws -> HandheldOutput {
        let at = now().ledgerRounded
        let context = try await offlineContext(at: at)
        let bundle = context.bundle
        let zone = try zone ?? Self.onlyZone(bundle.deviceZones)
        guard bundle.deviceZones.contains(zone) else {
            throw HandheldError(
                .refused,
                "this handheld is not enrolled for zone \(zone) (its zones: \(bundle.deviceZones.joined(separator: ", ")))",
                indonesian: "Perangkat ini tidak terdaftar untuk zona \(zone)", field: "--zone")
        }
        let sequence = context.lastSequence + 1
        var ticket = LocalTicket(
            localID: "\(bundle.deviceCode.rawValue)-\(sequence)", serverID: nil, plate: plate,
            vehicleClass: vehicleClass,
            zone: zone, entryAt: at, exitAt: nil, state: .open, sequence: sequence, amount: nil, billNumber: nil,
            qrisPayload: nil, invoiceID: nil, source: "offline", reprints: 0, voidReason: nil, paid: nil,
            attendant: context.attendant)
        var record = OfflineRecord(
            deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .open, idempotencyKey: key,
            sequence: sequence, plate: plate, vehicleClass: vehicleClass, zone: zone, entryAt: at, at: at,
            bundleID: bundle.bundleID)
        if let amount = try Self.price(bundle, vehicleClass: vehicleClass, zone: zone, entry: at, exit: nil) {
            try Self.bill(.issue, bundle, sequence: sequence, amount: amount, record: &record, ticket: &ticket)
        }
        return try await commitOffline(record, ticket: ticket, context: context, sequence: sequence)
    }

    /// `exit` offline: the bill of the stay from the bundle's tariff, or a free exit at Rp0.
    func exitOffline(_ open: LocalTicket, key: String) async throws -> HandheldOutput {
        let at = now().ledgerRounded
        let context = try await offlineContext(at: at)
        let bundle = context.bundle
        var ticket = open
        ticket.exitAt = at
        var record = OfflineRecord(
            deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .exitFree, idempotencyKey: key,
            ticket: try Self.reference(open), exitAt: at, at: at, bundleID: bundle.bundleID)
        let amount =
            try Self.price(bundle, vehicleClass: open.vehicleClass, zone: open.zone, entry: open.entryAt, exit: at) ?? 0
        var sequence: Int64?
        if amount > 0 {
            let next = context.lastSequence + 1
            try Self.bill(.exit, bundle, sequence: next, amount: amount, record: &record, ticket: &ticket)
            record.sequence = next
            sequence = next
        } else {
            ticket.state = .free
            ticket.amount = 0
        }
        return try await commitOffline(record, ticket: ticket, context: context, sequence: sequence)
    }

    /// `void` offline.
    func voidOffline(_ open: LocalTicket, reason: String, key: String) async throws -> HandheldOutput {
        let at = now().ledgerRounded
        let context = try await offlineContext(at: at)
        let bundle = context.bundle
        var ticket = open
        ticket.state = .void
        ticket.voidReason = reason
        ticket.exitAt = at
        let record = OfflineRecord(
            deviceID: bundle.deviceID, deviceCode: bundle.deviceCode, operation: .void, idempotencyKey: key,
            ticket: try Self.reference(open), reason: reason, at: at, bundleID: bundle.bundleID)
        return try await commitOffline(record, ticket: ticket, context: context, sequence: nil)
    }

    /// `reprint` offline: the copy from what the handheld knows, counted here only.
    func reprintOffline(ticket id: String) async throws -> HandheldOutput {
        guard var ticket = try await queue.ticket(id) else {
            throw HandheldError(
                .ticketNotFound, "ticket \(id) is not known on this handheld (offline)",
                indonesian: "Karcis \(id) tidak dikenal di perangkat ini (luring)", field: "--ticket")
        }
        ticket.reprints += 1
        let job = try await localJob(ticket)
        try await queue.commit(ticket: ticket, action: nil)
        try printJob(job)
        return describe(ticket, operation: nil, offline: true)
    }

    /// Signs the record, stores it with the ticket and the new sequence in one transaction, then
    /// prints the ticket.
    private func commitOffline(
        _ record: OfflineRecord, ticket: LocalTicket, context: OfflineContext, sequence: Int64?
    ) async throws -> HandheldOutput {
        let signed = try record.signed(with: context.key)
        let action = LocalAction(
            id: 0, idempotencyKey: record.idempotencyKey,
            // The two enums name the same five operations (LocalQueueTests compares them).
            operation: LocalAction.Operation(rawValue: record.operation.rawValue) ?? .void,
            ticketLocalID: ticket.localID, offline: true, at: record.at, sequence: sequence, amount: record.amount,
            shiftID: context.shiftID, record: signed.canonical.text, syncState: .queued, syncResult: nil)
        let job = try await localJob(ticket)
        try await queue.commit(
            ticket: ticket, action: action, meta: sequence.map { [.lastSequence: String($0)] } ?? [:])
        try printJob(job)
        return describe(ticket, operation: action.operation, offline: true)
    }

    /// The amount of a stay by the bundle's tariff; nil when the tariff is hourly and the stay has
    /// no exit yet (an entry ticket).
    static func price(
        _ bundle: OfflineBundle, vehicleClass: String, zone: String, entry: Date, exit: Date?
    ) throws -> Int64? {
        do {
            return try bundle.quote(vehicleClass: .init(vehicleClass), zone: .init(zone), entry: entry, exit: exit)
                .amount.value
        } catch let error as LedgerError where error.code == .tariffExitRequired && exit == nil {
            return nil
        } catch let error as LedgerError {
            throw HandheldError(
                .refused, "the offline tariff refuses this ticket: \(error.message)",
                indonesian: "Tarif luring menolak karcis ini: \(error.message)", field: error.field, cause: error)
        }
    }

    /// The offline bill number of a sequence and the QRIS to print, exactly as the server makes it
    /// again at sync (``OfflineBundle/qrisPayload(billNumber:amount:)``: dynamic from the city's
    /// static QRIS where the acquirer accepts merchant-made codes, the static QRIS otherwise).
    static func bill(_ bundle: OfflineBundle, sequence: Int64, amount: Int64) throws -> (number: String, qris: String) {
        let number = try OfflineBillNumber.make(
            prefix: bundle.city.billNumberPrefix, deviceCode: bundle.deviceCode, sequence: sequence)
        return (number.rawValue, try bundle.qrisPayload(billNumber: number, amount: Rupiah(amount)))
    }

    /// Makes `record` the bill `operation` (issue at entry, exit) of `amount` on `sequence`, and
    /// `ticket` the billed ticket it prints.
    static func bill(
        _ operation: OfflineRecord.Operation, _ bundle: OfflineBundle, sequence: Int64, amount: Int64,
        record: inout OfflineRecord, ticket: inout LocalTicket
    ) throws {
        let bill = try bill(bundle, sequence: sequence, amount: amount)
        record.operation = operation
        record.amount = amount
        record.billNumber = bill.number
        record.qrisPayload = bill.qris
        ticket.state = .billed
        ticket.amount = amount
        ticket.billNumber = bill.number
        ticket.qrisPayload = bill.qris
    }

    /// How an offline record names a ticket: the server's id, or the sequence of its offline open.
    static func reference(_ ticket: LocalTicket) throws -> OfflineRecord.TicketReference {
        if let serverID = ticket.serverID { return .id(serverID) }
        guard let sequence = ticket.sequence else {
            throw HandheldError(
                .ticketNotFound, "ticket \(ticket.localID) has no server id and no offline sequence",
                indonesian: "Karcis \(ticket.localID) tidak dapat dirujuk")
        }
        return .sequence(sequence)
    }

    /// The device's only zone, as the server picks it for a request without `zone`.
    static func onlyZone(_ zones: [String]) throws -> String {
        guard zones.count == 1 else {
            throw HandheldError(
                .invalidArgument, "this handheld works in zones \(zones.joined(separator: ", ")): give --zone",
                indonesian: "Perangkat ini bekerja di beberapa zona (\(zones.joined(separator: ", "))): isi --zone",
                field: "--zone")
        }
        return zones[0]
    }
}
