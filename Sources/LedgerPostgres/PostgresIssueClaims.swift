import Ledger
import LedgerSQL

/// How the PostgreSQL writer claims a run of invoices of one batch at once (issue #18,
/// ``LedgerSQL/GroupCommitWriter/ClaimAhead``): every idempotency key and every device's numbers in
/// one statement, where each invoice would otherwise wait for its own answer.
///
/// The claims insert the run's keys with their new invoices' ids; a key already taken (by an
/// earlier request, or by an earlier invoice of the same run) is skipped, and only the ids that
/// were inserted come back. Each device then takes as many numbers as it has claimed invoices, in
/// an `UPDATE` (in the same statement, reading the claims' answer) that answers each device's last
/// number, and the numbers go to its invoices in the run's order — the order their events will be appended in, so a device's numbers rise with the
/// chain as when each invoice took its own. An invoice left without a number (its key was taken,
/// its device is unknown, revoked or may not issue) finds out why itself
/// (``LedgerSQL/LedgerWrites/issueInvoice(_:invoiceID:requestHash:_:_:)``). Every invoice claimed
/// ahead must then be issued in this transaction, or it fails: the writer checks.
enum PostgresIssueClaims {
    /// Claims the keys (arrays 1–4: key, operation, entity id, request hash) and takes, for each
    /// device (array 5: each invoice's device), as many numbers as it has claimed invoices: rows of
    /// a claimed invoice's id, then rows of a device and its last number.
    static let claimSQL = """
        WITH claimed AS (
            INSERT INTO idempotency_keys (key, operation, entity_id, request_hash)
            SELECT * FROM unnest(?1::text[], ?2::text[], ?3::text[], ?4::text[])
            ON CONFLICT (key) DO NOTHING
            RETURNING entity_id
        ), wanted AS (
            SELECT run.device, count(*) AS numbers FROM unnest(?3::text[], ?5::text[]) AS run (entity_id, device)
            JOIN claimed USING (entity_id) GROUP BY run.device
        ), taken AS (
            UPDATE devices SET last_sequence = last_sequence + wanted.numbers FROM wanted
            WHERE id = wanted.device AND \(LedgerQueries.mayIssueSQL)
            RETURNING id, last_sequence
        )
        SELECT entity_id, NULL::text AS device, NULL::bigint AS last FROM claimed
        UNION ALL SELECT NULL, id, last_sequence FROM taken
        """

    /// Claims `intents`' keys and takes their devices' numbers, in one statement; answers each
    /// invoice's number (nil for one left without).
    static func claim(_ db: PostgresSession, _ intents: [IssueIntent]) throws -> [Invoice.ID: Int64?] {
        let records = intents.map(\.record)
        let answer = try db.rows(
            claimSQL,
            columns: [
                PostgresArray(records.map(\.key)), PostgresArray(records.map(\.operation.rawValue)),
                PostgresArray(records.map(\.entityID)), PostgresArray(records.map(\.requestHash)),
                PostgresArray(intents.map(\.deviceID.rawValue)),
            ])
        var claimed: Set<String> = []
        var last: [String: Int64] = [:]
        for row in answer {
            if let entity = try row.optionalText(0) {
                claimed.insert(entity)
            } else {
                last[try row.text(1)] = try row.int64(2)
            }
        }
        var counts: [String: Int64] = [:]
        for intent in intents where claimed.contains(intent.record.entityID) {
            counts[intent.deviceID.rawValue, default: 0] += 1
        }
        var next = last.reduce(into: [String: Int64]()) { next, device in
            next[device.key] = device.value - (counts[device.key] ?? 0) + 1
        }
        var numbers: [Invoice.ID: Int64?] = [:]
        for intent in intents {
            let device = intent.deviceID.rawValue
            if claimed.contains(intent.record.entityID), let number = next[device] {
                numbers.updateValue(number, forKey: intent.invoiceID)
                next[device] = number + 1
            } else {
                numbers.updateValue(nil, forKey: intent.invoiceID)
            }
        }
        return numbers
    }
}
