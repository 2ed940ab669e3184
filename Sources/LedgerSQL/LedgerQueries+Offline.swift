import Foundation
import Ledger

package extension LedgerRowCodec {
    static func offlineRecording(_ row: some PositionalRow) throws -> OfflineRecording {
        try OfflineRecording(canonical: try CanonicalJSON.parse((try row.get("recording"))))
    }
}
