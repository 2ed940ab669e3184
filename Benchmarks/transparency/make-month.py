#!/usr/bin/env python3
"""Spreads a `Benchmarks/figures/make-day.py` ledger over one WIT month (`Benchmarks/transparency/run.sh`).

Usage: make-month.py LEDGER.sqlite YYYY-MM   (prints the month)

make-day.py puts COUNT invoices (zones, tickets, statuses, settlements, exceptions) in one WIT day.
This moves them, in issue order, evenly over every day of the month YYYY-MM (a past month: the open
figures show every day of it), shifting paid, expiry and ticket entry times with them; invoices still
`issued` become `expired` (a past month has none open); the exceptions' open times are spread too, and
60 `sequence_gap` exceptions are added (two a day) for the open figures to count. Like make-day.py it
writes the projection tables directly: the result is for timing reads only.
"""
import calendar
import sqlite3
import sys

DAY_MS = 86_400_000
WIT_MS = 9 * 3_600_000
db = sqlite3.connect(sys.argv[1])
year, month = (int(part) for part in sys.argv[2].split("-"))
days = calendar.monthrange(year, month)[1]
start = calendar.timegm((year, month, 1, 0, 0, 0)) * 1000 - WIT_MS
span = days * DAY_MS

rows = db.execute("SELECT id, issued_ms, ticket_id FROM invoices ORDER BY issued_ms, id").fetchall()
updates, tickets = [], []
for n, (invoice_id, issued, ticket) in enumerate(rows):
    moved = start + n * span // len(rows)
    delta = moved - issued
    updates.append((delta, delta, delta, invoice_id))
    if ticket:
        tickets.append((delta, ticket))
db.executemany("""UPDATE invoices SET issued_ms = issued_ms + ?, expires_ms = expires_ms + ?,
                  paid_ms = CASE WHEN paid_ms IS NULL THEN NULL ELSE paid_ms + ? END WHERE id = ?""", updates)
db.executemany("UPDATE tickets SET entry_ms = entry_ms + ? WHERE id = ?", tickets)
db.execute("UPDATE invoices SET status = 'expired' WHERE status = 'issued'")
cases = db.execute("SELECT id FROM exception_cases ORDER BY id").fetchall()
db.executemany("UPDATE exception_cases SET opened_ms = ?, paid_ms = CASE WHEN paid_ms IS NULL THEN NULL ELSE ? END "
               "WHERE id = ?", [(start + n * span // len(cases) + 1, start + n * span // len(cases), case)
                                 for n, (case,) in enumerate(cases)])
devices = [device for (device,) in db.execute("SELECT id FROM devices ORDER BY id LIMIT 8")]
db.executemany("""INSERT INTO exception_cases (id, key, category, origin, device_id, detail, opened_ms,
                  opened_by_set) VALUES (?, ?, 'sequence_gap', 'ledger', ?, 'bench', ?, 0)""",
               [(f"exc-gap-{n}", f"gap-{n}", devices[n % len(devices)] if devices else None,
                 start + n * span // 60 + 3_600_000) for n in range(60)])
# The running totals (migration v16-day-totals) sum the rows this script just wrote behind the
# ledger's back: drop them, and the ledger's next open fills them from the rows again (the migration).
db.executescript("""DROP TABLE IF EXISTS invoice_totals; DROP TABLE IF EXISTS payment_totals;
                    DROP TABLE IF EXISTS device_hours; DROP TABLE IF EXISTS paid_hours;
                    DELETE FROM grdb_migrations WHERE identifier = 'v16-day-totals';""")
db.commit()
db.execute("ANALYZE")
db.commit()
print(f"{year:04d}-{month:02d}")
