import Foundation
import Ledger

package extension LedgerQueries {
    static func complaint(number: String, _ db: some SQLSession) throws -> Complaint? {
        try one(
            LedgerRowCodec.complaintColumns, from: "complaints", where: "number", equals: number, db,
            { try LedgerRowCodec.complaint($0) })
    }
}

package extension LedgerRowCodec {
    static let complaintColumns = "number, state, zone, device_id, filed_ms, record"

    /// A complaints row: its record, whose number, state, zone, device and filing time the row's
    /// query columns must repeat (a column edited alone would hide a complaint from its filters).
    static func complaint(_ row: some PositionalRow) throws -> Complaint {
        let number = try row.text("number")
        let complaint = try Complaint(canonicalRecord: try row.text("record"))
        let filing = complaint.filing
        let columns: [(String, String?, String?)] = [
            ("number", number, filing.number), ("state", try row.text("state"), complaint.state.rawValue),
            ("zone", try row.optionalText("zone"), filing.zone),
            ("device_id", try row.optionalText("device_id"), filing.deviceID?.rawValue),
            ("filed_ms", "\(try row.int64("filed_ms"))", "\(filing.filedAt.ledgerMilliseconds)"),
        ]
        for (column, stored, recorded) in columns where stored != recorded {
            throw LedgerError(
                .storageFailure,
                "complaints.\(column) of \(number) is \(stored ?? "null") but its record says \(recorded ?? "null")")
        }
        return complaint
    }
}
