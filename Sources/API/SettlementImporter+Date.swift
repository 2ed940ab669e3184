import Foundation
import HTTPTypes
import Ledger
import Reconciliation

extension SettlementImporter {
    /// The `date` an upload names (`?date=YYYY-MM-DD`, or the form field `date`), or nil when absent.
    /// - Throws: 400 `request.invalidValue` naming `date` for anything but a real day.
    static func requestedSettlementDate(_ text: String?) throws -> CivilDate? {
        guard let text else { return nil }
        guard let date = CivilDate(iso8601: text) else {
            throw APIError.badRequest(
                "request.invalidValue", "date must be a real day as YYYY-MM-DD, got \"\(text.prefix(40))\"",
                field: "date")
        }
        return date
    }

    /// The settlement date an uploaded file is for: the one it states about itself (a bank statement's
    /// closing balance date), else the one given with the upload, else the last settlement date of its
    /// rows (an acquirer CSV states it on every row). The close rule counts the file for that date even
    /// when it has no rows, so an empty day's file clears its `settlement_file_missing` blocker.
    /// - Throws: 422 `settlement.dateMismatch` (field `date`) when the date given differs from the one the
    ///   file states, or lies outside its rows' settlement dates; 422 `settlement.dateRequired` (field `date`) for a file that states none and has no
    ///   rows, without a date given. Nothing is stored in either case.
    static func settlementDate(of file: SettlementFile, requested: CivilDate?) throws -> CivilDate {
        if let stated = file.statedSettlementDate {
            if let requested, requested != stated {
                throw APIError(
                    .unprocessableContent, "settlement.dateMismatch",
                    "date=\(requested) differs from the settlement date \(stated) the file states (its closing "
                        + "balance); leave date out or send the file for \(requested)", field: "date")
            }
            return stated
        }
        let period = file.rows.settlementPeriod
        if let requested {
            // A file's rows state their settlement dates: the date given must be one of their period,
            // or an uploaded file could stand for a day it does not settle (and clear its blocker).
            if let period, !period.contains(requested) {
                throw APIError(
                    .unprocessableContent, "settlement.dateMismatch",
                    "date=\(requested) is outside the settlement dates \(period.lowerBound) – \(period.upperBound) "
                        + "the file's rows state; leave date out or send the file for \(requested)", field: "date")
            }
            return requested
        }
        guard let last = period?.upperBound else {
            throw APIError(
                .unprocessableContent, "settlement.dateRequired",
                "the file has no rows and states no settlement date of its own; name the settlement date it is "
                    + "for with date=YYYY-MM-DD", field: "date")
        }
        return last
    }

    /// Refuses bytes imported before as the file of another settlement date: a file without rows that states
    /// no date (an acquirer CSV with only its header) is the same file for every day, and one stored file
    /// stands for one settlement date.
    /// - Throws: 409 `settlement.sameFileOtherDate` naming `date`.
    static func requireSameDate(_ date: CivilDate, as earlier: SettlementArchive.Record) throws {
        guard let stored = earlier.entry.settlementDate, stored != date.description else { return }
        throw APIError(
            .conflict, "settlement.sameFileOtherDate",
            "these bytes were imported before as \(earlier.id), the file for settlement date \(stored), not "
                + "\(date); a file that states no date cannot stand for two days: upload the bank's statement "
                + "(camt.053) for \(date), which states its date", field: "date")
    }
}
