import Foundation
import Ledger

/// The one-row record of the chain's last event, rewritten by every commit.
///
/// It lets `verify` notice a log cut short at its end (the events table alone cannot).
package enum ChainHeadTable {
    package static func read(_ db: some SQLSession) throws -> ChainHead {
        guard let row = try db.row("SELECT seq, hash FROM chain_head WHERE id = 1") else { return .empty }
        return ChainHead(sequence: try row.int64("seq"), hash: try row.blob("hash"))
    }

    package static func write(_ head: ChainHead, _ db: some SQLSession) throws {
        guard head.sequence > 0 else { return }
        try db.execute(
            "INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            [head.sequence, head.hash])
    }
}
