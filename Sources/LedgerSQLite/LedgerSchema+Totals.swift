import GRDB
import Ledger
import LedgerSQL

extension LedgerSchema {
    /// `v16-day-totals` (issue 14): running totals, so that a day's figures cost the same on a busy
    /// day as on a quiet one. Each is kept per UTC hour (`hour_ms`, the hour's first millisecond) so a
    /// city day in any whole-hour zone is a range of hours, and is changed in the same transaction as
    /// the rows it sums (``TotalsDelta``); `ledger verify` rebuilds all three from those rows and
    /// compares.
    ///
    /// - `invoice_totals`: the invoices issued in the hour, per device, zone (`-` for fees), revenue
    ///   line (`fee:CODE`, `parking:CLASS`) and status — count, amount, and the MDR and net of their
    ///   settlement rows still in force; and, under the status `partly_refunded` (not an invoice
    ///   status), the invoices whose own payment was given back in part and not in full, with the sum
    ///   given back. These are the groups of ``DayBreakdownRow``.
    /// - `payment_totals`: payments by the hour they were made and their effect.
    /// - `device_hours`: per device and hour, the sequence numbers used (invoices issued, hourly
    ///   tickets opened — a flat ticket shares its invoice's number), the lowest and highest, tickets
    ///   opened and voided: the daily report's device figures and the test for a gap.
    /// - `paid_hours`: invoices by the hour they were issued and the hour they were first paid
    ///   (`paid_ms`): the local dates on which a day's invoices were paid, from which the settlement
    ///   files due for the day follow.
    ///
    /// Filled from the rows already there.
    static let v16DayTotals = """
        CREATE TABLE invoice_totals (
            hour_ms INTEGER NOT NULL,
            device_id TEXT NOT NULL,
            zone TEXT NOT NULL,
            line TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN (
                'issued', 'paid', 'paid_late', 'settled', 'expired', 'cancelled', 'refunded', 'partly_refunded')),
            n INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            mdr INTEGER NOT NULL,
            net INTEGER NOT NULL,
            PRIMARY KEY (hour_ms, device_id, zone, line, status)
        ) WITHOUT ROWID;
        CREATE TABLE payment_totals (
            hour_ms INTEGER NOT NULL,
            effect TEXT NOT NULL,
            n INTEGER NOT NULL,
            amount INTEGER NOT NULL,
            PRIMARY KEY (hour_ms, effect)
        ) WITHOUT ROWID;
        CREATE TABLE device_hours (
            device_id TEXT NOT NULL,
            hour_ms INTEGER NOT NULL,
            numbers INTEGER NOT NULL,
            low INTEGER,
            high INTEGER,
            tickets INTEGER NOT NULL,
            voided INTEGER NOT NULL,
            PRIMARY KEY (device_id, hour_ms)
        ) WITHOUT ROWID;
        CREATE TABLE paid_hours (
            hour_ms INTEGER NOT NULL,
            paid_hour_ms INTEGER NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (hour_ms, paid_hour_ms)
        ) WITHOUT ROWID;
        INSERT INTO invoice_totals \(TotalsScan.invoices);
        INSERT INTO payment_totals \(TotalsScan.payments);
        INSERT INTO device_hours \(TotalsScan.deviceHours);
        INSERT INTO paid_hours \(TotalsScan.paidHours);
        """
}
