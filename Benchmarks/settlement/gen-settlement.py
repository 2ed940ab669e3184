#!/usr/bin/env python3
"""Writes the acquirer simulator's settlement CSV for the invoices of a ledger (`Benchmarks/settlement/run.sh`).

Usage: gen-settlement.py LEDGER.sqlite OUT.csv

Reads the ledger read-only (bill number, amount, issue time of every invoice, oldest first) and writes one
`SUCCESS` row per invoice in the simulator's format (`Config/settlement-profiles/lunas-simulator.json`,
the columns of `SimulatedSettlementDay.csvColumns`): paid 30 s after issue, settled the next Jakarta day,
MDR 0 (the demo city's merchant is P2G, 0 % in `Config/mdr.json`). A few hundred rows are exceptions, on
fixed invoices so every run writes the same bytes for the same ledger:
  - 250 invoices get no row (they stay unpaid: `unpaid_invoice`, which applying leaves alone),
  - 100 rows carry bill numbers no invoice has (`unknown_bill`),
  - 100 rows settle a different amount (`amount_mismatch`),
  - 100 invoices are paid twice, with a second RRN (`duplicate_payment`),
  - 50 payments are refunded (`reversal`: the RRN again, negative gross),
  - 50 rows state an MDR of Rp50 (`fee_mismatch`, still settled).
So the file has as many rows as the ledger has invoices. Prints the intended counts as JSON.
"""
import json
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

ledger, out = sys.argv[1], sys.argv[2]
db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)
invoices = db.execute("SELECT bill_number, amount, issued_ms, device_id FROM invoices ORDER BY issued_ms, id").fetchall()
WIB = timezone(timedelta(hours=7))
COLUMNS = ["settlement_date", "batch_id", "trx_datetime", "rrn", "reference_no", "bill_number", "nmid", "merchant_id",
           "terminal_id", "issuer_name", "qr_type", "status", "gross_amount", "mdr_amount", "net_amount"]
ISSUERS = ["GOPAY", "OVO", "DANA", "SHOPEEPAY", "BCA", "MANDIRI"]
n = len(invoices)
step = max(1, n // 1000)  # exceptions spread over the day, on fixed invoices
special = {}
for k in range(1000):
    index = k * step + 7
    if index >= n:
        break
    kind = ("unpaid" if k < 250 else "mismatch" if k < 350 else "duplicate" if k < 450 else "reversal" if k < 500
            else "fee" if k < 550 else None)
    if kind:
        special[index] = kind
counts = {"matched": 0, "unpaid_invoice": 0, "unknown_bill": 0, "amount_mismatch": 0, "duplicate_payment": 0,
          "reversal": 0, "fee_mismatch": 0}
rrn = 100_000_000_000
written = 0
with open(out, "w", newline="") as f:
    f.write(",".join(COLUMNS) + "\r\n")

    def row(paid, bill, gross, mdr, device, status="SUCCESS"):
        global rrn, written
        rrn += 1
        day = paid.date()
        settle = day + timedelta(days=1)
        f.write(f"{settle},{settle:%Y%m%d}-LUNAS01,{paid:%Y-%m-%d %H:%M:%S},{rrn},REF{rrn},{bill},ID1020000000001,"
                f"LUNAS01,{device},{ISSUERS[rrn % len(ISSUERS)]},DYNAMIC,{status},{gross},{mdr},{gross - mdr}\r\n")
        written += 1
        return str(rrn)

    for index, (bill, amount, issued_ms, device) in enumerate(invoices):
        paid = datetime.fromtimestamp(issued_ms / 1000 + 30, WIB).replace(microsecond=0)
        kind = special.get(index)
        if kind == "unpaid":
            counts["unpaid_invoice"] += 1
            continue
        if kind == "mismatch":
            row(paid, bill, amount + 1000, 0, device)
            counts["amount_mismatch"] += 1
            continue
        if kind == "fee":
            row(paid, bill, amount, 50, device)
            counts["fee_mismatch"] += 1
            continue
        first = row(paid, bill, amount, 0, device)
        counts["matched"] += 1
        if kind == "duplicate":
            row(paid + timedelta(seconds=5), bill, amount, 0, device)
            counts["duplicate_payment"] += 1
        if kind == "reversal":
            f.write(f"{paid.date() + timedelta(days=1)},{paid.date() + timedelta(days=1):%Y%m%d}-LUNAS01,"
                    f"{paid + timedelta(seconds=60):%Y-%m-%d %H:%M:%S},{first},RFD{first},{bill},ID1020000000001,"
                    f"LUNAS01,{device},GOPAY,DYNAMIC,REFUND,{-amount},0,{-amount}\r\n")
            written += 1
            counts["reversal"] += 1
        if index == n // 2:
            for u in range(100):
                row(paid, f"XX{u:022d}", 5000, 0, device)
                counts["unknown_bill"] += 1
print(json.dumps({"invoices": n, "rows": written, "intended": counts}))
