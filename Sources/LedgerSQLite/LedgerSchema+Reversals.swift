import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v13-reversals` (issue 14): a bank's reversal (a `reversal` row of an applied settlement
    /// file) is recorded as money given back from its payment, in `payment_refunds` beside the
    /// refunds through the acquirer, so one total bounds them together. `source` tells them apart
    /// (rows written before are `acquirer`); a reversal names its settlement row.
    static let v13Reversals = """
        ALTER TABLE payment_refunds ADD COLUMN source TEXT NOT NULL DEFAULT 'acquirer'
            CHECK (source IN ('acquirer', 'settlement_reversal'));
        ALTER TABLE payment_refunds ADD COLUMN settlement_id TEXT;
        ALTER TABLE payment_refunds ADD COLUMN settlement_row INTEGER;
        ALTER TABLE payment_refunds ADD COLUMN settlement_location TEXT;
        ALTER TABLE settlement_applications ADD COLUMN reversals_recorded INTEGER NOT NULL DEFAULT 0;
        """
}
