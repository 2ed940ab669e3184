import Foundation
import HTTPTypes
import Ledger
import Logging
import Reconciliation

/// Imports an uploaded settlement file: reads it with a profile from `Config/settlement-profiles/`,
/// reconciles it against the ledger, stores the reports and the compressed original in the
/// ``SettlementArchive``, and records the file's SHA-256, size and profile in the ledger's event chain
/// (`settlement.imported`).
///
/// An upload reaches the disk only after ``DiskSpaceGuard`` promised room for it (507 otherwise). One
/// upload is processed at a time (``SerialGate``); the parsing, matching and rendering run on a
/// dedicated dispatch queue, so a million-row file never occupies the cooperative thread pool.
public struct SettlementImporter: Sendable {
    /// The largest settlement file accepted by default: 256 MiB (a day of a million QRIS payments is about
    /// 175 MB as CSV). `deploy/nginx-lunas.conf` allows the same on `/api/v1/settlements` only.
    public static let defaultMaximumBytes = 256 << 20
    /// The free disk space every admitted upload must leave by default: 64 MiB (``DiskSpaceGuard``).
    public static let defaultDiskReserveBytes: Int64 = 64 << 20

    /// `CONFIG_DIR/settlement-profiles`.
    let profileDirectory: URL
    /// `CONFIG_DIR` (the MDR schedule `mdr.json` and `holidays/`).
    let configDirectory: URL
    let archive: SettlementStorage
    /// The largest upload accepted, in bytes (413 above).
    public let maximumBytes: Int
    /// The merchant's MDR category and MCC, for invoices that carry none.
    let merchantCategory: String?
    let mcc: String?
    /// The configuration's MDR schedule, read once at start (nil when `mdr.json` is absent: uploads
    /// then answer 500 `settlement.configInvalid`).
    let schedule: MDRSchedule?
    /// Admits uploads to disk only with room for them.
    let space: DiskSpaceGuard
    let gate = SerialGate()
    private static let queue = DispatchQueue(label: "lunas.settlements", qos: .utility)

    /// A settlement processed (or found) by an upload: the answer `POST /api/v1/settlements` gives.
    public struct Outcome: Sendable {
        /// The settlement's id (`stl-` and 32 hex digits of the file's SHA-256).
        public var id: String
        /// False when the same bytes had been imported before: `body` is the earlier result.
        public var created: Bool
        /// The reconciliation as JSON (``responseJSON(_:id:resendOf:)``).
        public var body: [UInt8]
    }

    /// Creates the importer for a server.
    /// - Parameters:
    ///   - configDirectory: the city configuration directory (`settlement-profiles/`, `mdr.json`, `holidays/`).
    ///   - dataDirectory: the data directory (`settlements/` is created in it).
    ///   - merchant: the city's merchant (its MDR category and MCC apply to every invoice).
    ///   - maximumBytes: the upload limit.
    ///   - diskReserveBytes: free space every admitted upload must leave (``DiskSpaceGuard``).
    ///   - shared: the archive every node shares (PostgreSQL); nil keeps the files in
    ///     `dataDirectory/settlements` (uploads are then received in `dataDirectory/settlement-uploads`).
    /// - Throws: when the archive folder cannot be created, or `mdr.json` of the configuration does
    ///   not load (``LedgerError`` `mdr.invalid`: refused at start, not at the first upload).
    public init(
        configDirectory: URL, dataDirectory: URL, merchant: CityMerchant, maximumBytes: Int = defaultMaximumBytes,
        diskReserveBytes: Int64 = defaultDiskReserveBytes, shared: (any SettlementArchiveStore)? = nil
    ) throws {
        self.configDirectory = configDirectory
        profileDirectory = configDirectory.appendingPathComponent("settlement-profiles", isDirectory: true)
        archive =
            if let shared {
                try SettlementStorage(
                    shared: shared, incomingDirectory: dataDirectory.appendingPathComponent("settlement-uploads"))
            } else {
                SettlementStorage(files: try SettlementArchive(dataDirectory: dataDirectory))
            }
        space = DiskSpaceGuard(path: archive.incomingDirectory.path, reserveBytes: diskReserveBytes)
        self.maximumBytes = maximumBytes
        merchantCategory = merchant.mdrCategory.scheduleCategory
        mcc = merchant.mcc
        let schedulePath = configDirectory.appendingPathComponent("mdr.json")
        schedule =
            FileManager.default.fileExists(atPath: schedulePath.path)
            ? try MDRSchedule.load(contentsOf: schedulePath) : nil
    }

    /// Loads the profile called `name` (a file `NAME.json` in the profiles folder).
    /// - Throws: 400 naming `profile` for a malformed or unknown name, or a profile that does not load.
    func profile(named name: String) throws -> SettlementProfile {
        let allowed = name.utf8.allSatisfy {
            (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed, !name.hasPrefix(".") else {
            throw APIError.badRequest(
                "settlement.unknownProfile",
                "profile must be the name of a file in settlement-profiles/ (letters, digits, . _ -), got \"\(name.prefix(40))\"",
                field: "profile")
        }
        let url = profileDirectory.appendingPathComponent("\(name).json")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw APIError.badRequest(
                "settlement.unknownProfile", "no settlement profile \"\(name)\" in settlement-profiles/",
                field: "profile")
        }
        do {
            return try SettlementProfile.load(contentsOf: url)
        } catch let error as ReconciliationError {
            throw APIError.badRequest(error.code.rawValue, error.message, field: "profile")
        }
    }

    /// Imports the file at `path` (an upload already on disk) and removes it; its compressed copy stays in
    /// the archive.
    /// - Parameters:
    ///   - profileName: the profile's file name (`NAME` of `settlement-profiles/NAME.json`).
    ///   - fileName: the file name the uploader gave, if any (kept in the archive's record).
    ///   - settlementDate: the settlement date the uploader says the file is for (`?date=`), needed only
    ///     for a file that states none and has no rows (``settlementDate(of:requested:)``).
    /// - Returns: the stored result; `created` is false when the same bytes were imported before.
    /// - Throws: 400 for a malformed file (the message names line, column or XML path and the bad value;
    ///   nothing is stored), 422 `settlement.dateRequired` / `settlement.dateMismatch`, 409
    ///   `settlement.sameFileOtherDate`, ledger errors, disk errors.
    func importFile(
        at path: URL, profile: SettlementProfile, profileName: String, fileName: String? = nil,
        settlementDate requested: CivilDate? = nil, device: Device.ID, store: some LedgerStore, logger: Logger
    ) async throws -> Outcome {
        defer { try? FileManager.default.removeItem(at: path) }
        return try await gate.run {
            let file: SettlementFile = try await Self.offload {
                do {
                    return try SettlementReader(profile: profile).read(path: path.path)
                } catch let error as ReconciliationError {
                    // The readers name the file they read; the uploader knows it as the body, and the
                    // server's own paths are not theirs to see.
                    let message = error.message.replacingOccurrences(of: path.path, with: "the uploaded file")
                    throw APIError.badRequest(error.code.rawValue, message, field: error.field ?? "body")
                }
            }
            let id = SettlementArchive.id(sha256: file.sha256)
            // Bytes stored before answer as before when no date is named; a date named must be theirs.
            let earlierRecord = try await archive.record(id: id)
            let named =
                earlierRecord != nil && requested == nil
                ? nil : try Self.settlementDate(of: file, requested: requested)
            if let earlierRecord, let named { try Self.requireSameDate(named, as: earlierRecord) }
            if let earlier = try await archive.report(id: id, format: .json) {
                // The chain event is written once per file; this also completes one a crash cut off
                // between the archive's rename and the ledger write.
                if let record = try await archive.record(id: id), record.original != nil {
                    _ = try await store.recordSettlementFile(
                        Self.chainRecord(record, byteCount: file.byteCount, profileName: profileName))
                }
                logger.info("settlement already imported", metadata: ["settlement": "\(id)"])
                return Outcome(id: id, created: false, body: earlier)
            }
            let records = try await archive.records()
            let registry = InMemoryImportRegistry()
            for record in records { try registry.record(record.entry) }
            let decision = try registry.decide(for: file)
            let resendOf = records.filter { record in
                guard case .correctedResend(let previous) = decision else { return false }
                return previous.contains { $0.sha256 == record.entry.sha256 }
            }.map(\.id)
            let source = try await LedgerInvoiceSource.load(
                from: store, for: file, utcOffsetSeconds: profile.utcOffsetSeconds)
            let options = try reconcilerOptions(profile)
            let settlementDate = try named ?? Self.settlementDate(of: file, requested: requested)
            let entry = SettlementImport(file: file, settlementDate: settlementDate)
            let (record, reports) = try await Self.offload { () -> (SettlementArchive.Record, [ReconciliationReport.Format: [UInt8]]) in
                let invoices = source.table
                let result = Reconciler(options: options).reconcile(file, against: invoices)
                let report = ReconciliationReport(result: result, importDecision: decision)
                let body = Self.responseJSON(report.render(.json), id: id, resendOf: resendOf)
                let record = SettlementArchive.Record(
                    id: id, importStatus: decision.status, resendOf: resendOf, uploadedBy: device.rawValue,
                    entry: entry, original: SettlementArchive.originalFileName, profileName: profileName,
                    fileName: fileName, byteCount: Int64(file.byteCount),
                    counts: Dictionary(uniqueKeysWithValues: result.counts.map { ($0.key.rawValue, $0.value) }))
                return (record, [.json: body, .csv: report.render(.csv), .html: report.render(.html)])
            }
            let stored = try await archive.commit(record, reports: reports, original: path)
            if let record = try await archive.record(id: id), record.original != nil {
                _ = try await store.recordSettlementFile(
                    Self.chainRecord(record, byteCount: file.byteCount, profileName: profileName))
            }
            guard let body = try await archive.report(id: id, format: .json) else {
                throw ReconciliationError(.io, "settlement archive: \(id) vanished after commit")
            }
            logger.info(
                "settlement imported",
                metadata: [
                    "settlement": "\(id)", "rows": "\(file.rows.count)", "import": "\(decision.status)",
                    "resendOf": "\(resendOf.joined(separator: ","))",
                ])
            return Outcome(id: id, created: stored, body: body)
        }
    }

    /// The `settlement.imported` event's content for a stored settlement.
    static func chainRecord(
        _ record: SettlementArchive.Record, byteCount: Int, profileName: String
    ) -> SettlementFileRecord {
        let importedAt = ISO8601DateFormatter().date(from: record.entry.importedAt) ?? Date()
        return SettlementFileRecord(
            settlementID: record.id, sha256: record.entry.sha256, byteCount: Int64(byteCount), profile: profileName,
            archivedAs: SettlementArchive.originalPath(id: record.id), importedAt: importedAt,
            actor: uploaderActor(record.uploadedBy),
            settlementDate: record.entry.settlementDate.flatMap { CivilDate(iso8601: $0) })
    }

    /// The uploader an upload from the staff console records: the staff member's id (`stf_` and 20
    /// symbols), which fits a device id's format, so the archive's `uploadedBy` and the importer's
    /// `device` parameter carry it unchanged. Devices never have that prefix (the server generates
    /// `dev-…` ids), so ``uploaderActor(_:)`` tells the two apart without a migration.
    static func uploader(_ staff: StaffMember) -> Device.ID { Device.ID(staff.id.rawValue) }

    /// Whether an archive's `uploadedBy` names a staff member (``uploader(_:)``) rather than a device.
    static func isStaffUploader(_ uploadedBy: String) -> Bool {
        uploadedBy.hasPrefix(StaffMember.ID.prefix + "_")
    }

    /// The actor of the `settlement.imported` event for an upload by `uploadedBy`: the staff member
    /// for a console upload, else the device.
    static func uploaderActor(_ uploadedBy: String) -> LedgerActor {
        isStaffUploader(uploadedBy) ? LedgerActor(device: nil, staff: uploadedBy) : .device(Device.ID(uploadedBy))
    }

    /// The matcher's options: the profile's T+N and time zone, the MDR schedule and holiday calendar
    /// of the configuration directory, the merchant's MDR category.
    func reconcilerOptions(_ profile: SettlementProfile) throws -> Reconciler.Options {
        let manager = FileManager.default
        let holidays = configDirectory.appendingPathComponent("holidays")
        guard let schedule else {
            throw APIError(
                .internalServerError, "settlement.configInvalid",
                "no MDR schedule: \(configDirectory.appendingPathComponent("mdr.json").path) does not exist")
        }
        do {
            let calendar =
                manager.fileExists(atPath: holidays.path)
                ? try HolidayCalendar.load(path: holidays.path) : HolidayCalendar()
            return Reconciler.Options(
                schedule: schedule, calendar: calendar, settlementDays: profile.settlementDays,
                utcOffsetSeconds: profile.utcOffsetSeconds, defaultMerchantCategory: merchantCategory,
                defaultMCC: mcc)
        } catch let error as ReconciliationError {
            // The server's own configuration is at fault, not the request.
            throw APIError(.internalServerError, "settlement.configInvalid", error.message)
        }
    }

    /// `lunas reconcile --format json`'s object with the settlement's `id`, its report `links` and the ids
    /// it is a corrected re-send of (`resendOf`) in front.
    static func responseJSON(_ report: [UInt8], id: String, resendOf: [String]) -> [UInt8] {
        let base = "/api/v1/settlements/\(id)/report?format="
        let resend = resendOf.map { "\"\($0)\"" }.joined(separator: ",")
        let head =
            "{\"id\":\"\(id)\",\"links\":{\"json\":\"\(base)json\",\"csv\":\"\(base)csv\",\"html\":\"\(base)html\"},"
            + "\"resendOf\":[\(resend)],"
        var bytes = Array(head.utf8)
        bytes.reserveCapacity(bytes.count + report.count)
        bytes.append(contentsOf: report.dropFirst())  // the report's own opening brace
        return bytes
    }

    /// Runs CPU-bound work on the settlement queue, off the cooperative pool.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
