#!/usr/bin/env bash
# End-to-end reconciliation check on a generated day (50,000 invoices): every row and invoice must get
# the category the generator intended, and a corrupted copy must be rejected with exit status 1.
set -euo pipefail
BIN="$(swift build --show-bin-path)/lunas"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT

# Both commands take the MDR from Config/mdr.json and the city's merchant (issue #13 item 2): no
# option needed for the report to reproduce the generator's answer.
"$BIN" reconcile generate-fixtures "$DIR" --count 50000 --seed 7 > /dev/null
"$BIN" reconcile "$DIR/settlement.csv" --profile "$DIR/profile.json" --invoices "$DIR/invoices.csv" \
    --out "$DIR/summary.json" --exceptions-csv "$DIR/exceptions.csv" --no-progress
grep -q '"schedule":"Config/mdr.json","merchantCategory":"P2G"' "$DIR/summary.json" \
    || { echo "reconciliation.sh: the report does not name the schedule and category it used" >&2; exit 1; }

python3 - "$DIR" <<'PY'
import csv, json, sys, collections
data = sys.argv[1]
truth = {(r["source"], r["key"]): r["category"] for r in csv.DictReader(open(f"{data}/truth.csv"))}
got = {}
for r in csv.DictReader(open(f"{data}/exceptions.csv")):
    got[("row", r["line"]) if r["line"] else ("invoice", r["invoice_id"])] = r["category"]
counts = json.load(open(f"{data}/summary.json"))["counts"]
expected = collections.Counter(truth.values())
if got != {k: v for k, v in truth.items() if v != "matched"} or any(counts[c] != expected.get(c, 0) for c in counts):
    sys.exit("reconciliation.sh: categories differ from the generator's known answer")
print("reconciliation.sh: 50,000 invoices classified as intended:", json.dumps(counts))
PY

# A malformed file (bad amount on line 1000) is rejected with exit 1 and nothing written.
awk -F, 'BEGIN{OFS=","} NR==1000{$12="12x"} {print}' "$DIR/settlement.csv" > "$DIR/bad.csv"
set +e
"$BIN" reconcile "$DIR/bad.csv" --profile "$DIR/profile.json" --invoices "$DIR/invoices.csv" \
    --out "$DIR/bad.json" --no-progress 2> "$DIR/bad.err"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "reconciliation.sh: expected exit 1 for a malformed file, got $status" >&2; exit 1; }
grep -q 'line 1000, column 12' "$DIR/bad.err" || { cat "$DIR/bad.err" >&2; exit 1; }
[ ! -e "$DIR/bad.json" ] || { echo "reconciliation.sh: a report was written for a malformed file" >&2; exit 1; }
echo "reconciliation.sh: malformed file rejected: $(cat "$DIR/bad.err")"
