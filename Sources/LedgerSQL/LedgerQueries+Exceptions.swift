import Foundation
import Ledger

package extension LedgerQueries {
    static func settlementApplication(id: String, _ db: some SQLSession) throws -> SettlementApplication? {
        try one(
            LedgerRowCodec.settlementApplicationColumns, from: "settlement_applications", where: "settlement_id",
            equals: id, db
        ) { try LedgerRowCodec.settlementApplication($0) }
    }

    static func exceptionCase(id: ExceptionCase.ID, _ db: some SQLSession) throws -> ExceptionCase? {
        try one(
            LedgerRowCodec.exceptionCaseColumns, from: "exception_cases", equals: id.rawValue, db,
            { try LedgerRowCodec.exceptionCase($0) })
    }
}
