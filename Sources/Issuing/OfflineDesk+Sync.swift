import Foundation
import Ledger

extension OfflineDesk {
    /// What became of one record of a sync.
    public struct Result: Sendable {
        /// `recorded`, `duplicate`, `refused` (not recorded) or `exception` (recorded, with an
        /// exception opened about it).
        public enum Status: String, Sendable, Hashable {
            case recorded, duplicate, refused, exception
        }

        public var index: Int
        public var idempotencyKey: String?
        public var status: Status
        public var ticketID: String?
        public var invoiceID: String?
        public var sequence: Int64?
        /// The first exception opened about the record (all of them are in the ledger).
        public var exception: ExceptionCase?
        /// Why it was refused.
        public var error: LedgerError?
    }

    /// Checks and records a batch of offline records of `device`, in order, each in its own
    /// transaction. The batch is at most `offline.maxTickets` records (the route checks).
    public func sync(device authenticated: Device, deviceClock: Date, records: [CanonicalJSON]) async throws -> [Result]
    {
        guard let device = try await store.device(id: authenticated.id), device.publicKey != nil else {
            throw LedgerError(
                .deviceKeyMissing, "device \(authenticated.id) must register its key before it syncs",
                field: "publicKey")
        }
        return try await accept(records, of: device, sender: .device(device.id), deviceClock: deviceClock)
    }

    /// Records a batch of offline records of device `id` that an admin collected from the handheld
    /// (`POST /api/v1/devices/{id}/offline-tickets`, from `lunas handheld export`): the same checks as a
    /// sync against that device's registered key, for an active or a revoked device; the
    /// `offline.recorded` events name the admin. A record dated after the device's revocation is
    /// refused `offline.tooLate` with an `offline_refused` exception. `deviceClock` is when the
    /// queue was exported, so the handheld's clock is not compared with the server's.
    /// - Throws: `device.unknown` (404), `device.cannotIssue` (not an issuing device),
    ///   `device.noKey` (it never registered a key).
    public func collect(
        device id: Device.ID, admin: Device, deviceClock: Date, records: [CanonicalJSON]
    )
        async throws -> [Result]
    {
        guard let device = try await store.device(id: id) else {
            throw LedgerError(.unknownDevice, "device \(id) is not enrolled", field: "id")
        }
        guard device.role.canIssue else {
            throw LedgerError(
                .deviceCannotIssue, "device \(id) has role \(device.role.rawValue); it makes no offline records",
                field: "id")
        }
        guard device.publicKey != nil else {
            throw LedgerError(
                .deviceKeyMissing, "device \(id) never registered a key, so none of its records can be checked",
                field: "publicKey")
        }
        return try await accept(
            records, of: device, sender: .device(admin.id), deviceClock: deviceClock, comparesClock: false)
    }

    /// Checks and records `records` of `device` (key registered), brought by `sender`.
    private func accept(
        _ records: [CanonicalJSON], of device: Device, sender: LedgerActor, deviceClock: Date,
        comparesClock: Bool = true
    ) async throws -> [Result] {
        let receivedAt = now().ledgerRounded
        guard let publicKey = device.publicKey else { return [] }
        let windows = try await bundleWindows(device: device.id)
        var results: [Result] = []
        for (index, value) in records.enumerated() {
            let record: OfflineRecord
            do {
                record = try OfflineRecord(canonical: value)
            } catch let error as LedgerError {
                results.append(
                    Result(index: index, idempotencyKey: Self.key(of: value), status: .refused, error: error))
                continue
            }
            do {
                try await refuseIfForeign(record, device: device, publicKey: publicKey, receivedAt: receivedAt)
                // Sent again (its answer was lost): the same answer, whatever has changed since.
                if let earlier = try await store.earlierOfflineOutcome(record) {
                    results.append(
                        Result(
                            index: index, idempotencyKey: record.idempotencyKey, status: .duplicate,
                            ticketID: earlier.ticketID?.rawValue, invoiceID: earlier.invoiceID?.rawValue,
                            sequence: earlier.sequence))
                    continue
                }
                if !record.precedesRevocation(of: device), let revokedAt = device.revokedAt {
                    throw LedgerError(
                        .offlineTooLate,
                        "dated \(OfflineTime.format(record.latestTime)), after the device's revocation at "
                            + "\(OfflineTime.format(revokedAt)): nothing made after it is accepted",
                        field: "at")
                }
                let checked = try await check(
                    record, device: device, window: windows[record.bundleID],
                    deviceClock: comparesClock ? deviceClock : nil, receivedAt: receivedAt)
                let outcome = try await store.recordOffline(
                    OfflineSubmission(
                        record: record, receivedAt: receivedAt, deviceClock: deviceClock, invoice: checked.invoice,
                        findings: checked.findings, actor: sender))
                // A pending payment matched is good news, not an exception about the record.
                let flagged = outcome.exceptions.contains { $0.category != .pendingOffline }
                let status: Result.Status =
                    outcome.status == .duplicate ? .duplicate : flagged ? .exception : .recorded
                results.append(
                    Result(
                        index: index, idempotencyKey: record.idempotencyKey, status: status,
                        ticketID: outcome.ticketID?.rawValue, invoiceID: outcome.invoiceID?.rawValue,
                        sequence: outcome.sequence,
                        exception: outcome.exceptions.first { $0.category != .pendingOffline }
                            ?? outcome.exceptions.first))
            } catch let refusal as Refusal {
                results.append(
                    Result(
                        index: index, idempotencyKey: record.idempotencyKey, status: .refused,
                        exception: refusal.exception, error: refusal.error))
            } catch let error as LedgerError {
                var exception: ExceptionCase?
                if Self.refusalsWorthAnException.contains(error.code) {
                    exception = try await openException(
                        .offlineRefused, record: record, sender: device.id, receivedAt: receivedAt,
                        detail:
                            "offline record \(record.idempotencyKey) of device \(device.id) refused: \(error.message)")
                }
                results.append(
                    Result(
                        index: index, idempotencyKey: record.idempotencyKey, status: .refused, exception: exception,
                        error: error))
            }
        }
        return results
    }

    /// Refusals a person should look at (the others are the handheld's own mistakes it is told of).
    static let refusalsWorthAnException: Set<LedgerError.Code> = [
        .offlineSequenceTaken, .offlineKeyConflict, .offlineUnknownTicket, .offlineTooLate,
    ]

    /// A refused record with the exception opened about it.
    struct Refusal: Error {
        var error: LedgerError
        var exception: ExceptionCase?
    }

    /// The idempotency key of a record that did not parse, when it has a string one.
    static func key(of value: CanonicalJSON) -> String? {
        if case .string(let key)? = value["idempotencyKey"] { return String(key.prefix(96)) }
        return nil
    }

    /// Opens (or finds) the exception about a refused record, naming the device that sent it: one
    /// per device, category and hour, so a flood of forged or foreign records costs one exception
    /// (each record's refusal is in the sync answer; the exception names the first).
    func openException(
        _ category: ExceptionCase.Category, record: OfflineRecord, sender: Device.ID, receivedAt: Date, detail: String
    ) async throws -> ExceptionCase {
        try await store.openOfflineException(
            ExceptionCase(
                id: .generate(),
                key: "offline \(category.rawValue) \(sender) \(OfflineTime.format(receivedAt).prefix(13))",
                category: category, origin: .ledger,
                amount: record.amount.map { Rupiah($0) }.flatMap { $0.isStorable ? $0 : nil }, deviceID: sender,
                billNumber: record.billNumber.flatMap { try? BillNumber($0) }?.rawValue, detail: Self.detail(detail),
                openedAt: receivedAt, openedBy: .device(sender)))
    }

    /// An exception's detail from text that may quote what a handheld sent: control characters
    /// become spaces, at most 500 characters.
    static func detail(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars.prefix(500) {
            scalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar)
        }
        return String(scalars)
    }

    /// The validity windows of the bundles the server issued to the device, by bundle id (one read
    /// of the device's events per sync, however many bundles the records name).
    func bundleWindows(device: Device.ID) async throws -> [String: (from: Date, until: Date)] {
        var windows: [String: (from: Date, until: Date)] = [:]
        for event in try await store.events(entityID: device.rawValue) where event.kind == .offlineBundleIssued {
            if case .offlineBundleIssued(_, let id, let from, let until, _) = try event.fact() {
                windows[id] = (from, until)
            }
        }
        return windows
    }
}
