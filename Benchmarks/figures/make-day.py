#!/usr/bin/env python3
"""Turns a `lunas ledger bench-issue` ledger into one busy WIT city day (`Benchmarks/figures/run.sh`).

Usage: make-day.py LEDGER.sqlite   (prints the city day, YYYY-MM-DD)

bench-issue writes fee invoices, all `issued`, within a few seconds. This spreads them over the WIT
day (UTC+9) that holds the first one and gives them the mix a city day has, with a fixed seed so
every run makes the same day:
  - issue times uniform over the 24 hours, in invoice id order (ids begin with their creation time,
    so the day's invoices stay together in the table as they do in a real ledger); 0.2 % moved to
    the day before (holes in the devices' sequences: each is a missing number of the day);
  - 70 % parking invoices with a ticket row in one of 8 zones (device N works zone N mod 8), 30 % fees;
  - statuses: 55 % paid, 25 % settled (with an invoice_settlements row), 10 % expired, 5 % issued,
    4 % cancelled, 1 % refunded;
  - 600 exception cases: 300 open and 100 resolved about the day's invoices, 200 open about no invoice.
It writes the projection tables directly (not through the event chain): the result is for timing
reads only, and `lunas ledger verify` would rightly refuse it.
"""
import random
import sqlite3
import sys

DAY_MS = 86_400_000
WIT_MS = 9 * 3_600_000
db = sqlite3.connect(sys.argv[1])
rng = random.Random(15)
rows = db.execute("SELECT id, device_id, sequence, amount FROM invoices ORDER BY id").fetchall()
first = db.execute("SELECT MIN(issued_ms) FROM invoices").fetchone()[0]
start = (first + WIT_MS) // DAY_MS * DAY_MS - WIT_MS
devices = sorted({r[1] for r in rows})
zone_of = {d: f"AMB-{i % 8}" for i, d in enumerate(devices)}

times = sorted(start + rng.randrange(DAY_MS) for _ in rows)
invoice_updates, tickets, settlements = [], [], []
day_invoices = []
for n, (invoice_id, device, sequence, amount) in enumerate(rows):
    issued = times[n]
    if rng.random() < 0.002:
        issued -= DAY_MS
    else:
        day_invoices.append(invoice_id)
    roll = rng.random()
    status = ("paid" if roll < 0.55 else "settled" if roll < 0.80 else "expired" if roll < 0.90
              else "issued" if roll < 0.95 else "cancelled" if roll < 0.99 else "refunded")
    paid = issued + 60_000 if status in ("paid", "settled", "refunded") else None
    ticket = None
    if rng.random() < 0.70:
        ticket = f"tkt-{invoice_id}"
        tickets.append((ticket, f"DE{n}XY", "CAR", zone_of[device], issued, device, sequence, invoice_id, f"t-{n}"))
    if status == "settled":
        settlements.append((invoice_id, "stl-bench", n, f"row {n}", amount, 0, amount, issued + DAY_MS))
    invoice_updates.append((issued, issued + 900_000, status, paid, ticket,
                            "parking" if ticket else "fee", None if ticket else "RET-PASAR", invoice_id))

db.executemany("""UPDATE invoices SET issued_ms = ?, expires_ms = ?, status = ?, paid_ms = ?, ticket_id = ?,
                  kind = ?, fee_code = ? WHERE id = ?""", invoice_updates)
db.executemany("""INSERT INTO tickets (id, plate, vehicle_class, zone, entry_ms, device_id, sequence, invoice_id,
                  idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", tickets)
db.executemany("""INSERT INTO invoice_settlements (invoice_id, settlement_id, settlement_row, location, gross, mdr,
                  net, settled_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", settlements)
cases = []
for n in range(600):
    about = rng.choice(day_invoices) if n < 400 else None
    resolved = 300 <= n < 400
    cases.append((f"exc-bench-{n}", f"bench-{n}", "amount_mismatch" if about else "unknown_bill", "notify", 5000,
                  about, None if about else start + rng.randrange(DAY_MS), "bench", start + DAY_MS,
                  "explained" if resolved else None))
db.executemany("""INSERT INTO exception_cases (id, key, category, origin, amount, invoice_id, paid_ms, detail,
                  opened_ms, opened_by_set, resolution) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)""", cases)
# The running totals (migration v16-day-totals) sum the rows this script just wrote behind the
# ledger's back: drop them, and the ledger's next open fills them from the rows again (the migration).
db.executescript("""DROP TABLE IF EXISTS invoice_totals; DROP TABLE IF EXISTS payment_totals;
                    DROP TABLE IF EXISTS device_hours; DROP TABLE IF EXISTS paid_hours;
                    DELETE FROM grdb_migrations WHERE identifier = 'v16-day-totals';""")
db.commit()
db.execute("ANALYZE")
db.commit()
import datetime
print(datetime.datetime.fromtimestamp((start + WIT_MS) / 1000, datetime.timezone.utc).date().isoformat())
