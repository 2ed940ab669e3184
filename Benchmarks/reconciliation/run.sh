#!/usr/bin/env bash
# End-to-end reconciliation benchmark: 1,000,000 invoices against ~1,000,000 settlement rows.
# Builds `lunas` in release mode, generates the data once (deterministic), then measures parsing both
# CSVs, matching, writing the JSON summary and the exception CSV with /usr/bin/time -v, and checks that
# every row and invoice got the category the generator intended.
#   Benchmarks/reconciliation/run.sh            # COUNT=1000000 by default
#   COUNT=100000 Benchmarks/reconciliation/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-1000000}"
DATA="${DATA:-.build/reconciliation-bench/$COUNT}"
RUNS="${RUNS:-3}"

swift build -c release --product lunas >&2
BIN="$(swift build -c release --show-bin-path)/lunas"

if [ ! -f "$DATA/truth.csv" ]; then
    echo "generating $COUNT invoices into $DATA" >&2
    "$BIN" reconcile generate-fixtures "$DATA" --count "$COUNT" >&2
fi
ls -l "$DATA"/*.csv >&2

for run in $(seq 1 "$RUNS"); do
    /usr/bin/time -v "$BIN" reconcile "$DATA/settlement.csv" --profile "$DATA/profile.json" \
        --invoices "$DATA/invoices.csv" --format json --out "$DATA/summary.json" \
        --exceptions-csv "$DATA/exceptions.csv" --no-progress 2> "$DATA/time.txt"
    wall="$(grep 'Elapsed (wall clock)' "$DATA/time.txt" | awk '{print $NF}')"
    rss="$(grep 'Maximum resident set size' "$DATA/time.txt" | awk '{print $NF}')"
    echo "run $run: wall $wall, peak RSS $((rss / 1024)) MiB"
done

# Every exception row/invoice must be the one the generator intended, and the counts must agree
# (so every unlisted row is `matched`, as intended).
python3 - "$DATA" <<'PY'
import csv, json, sys, collections
data = sys.argv[1]
truth = {}
for row in csv.DictReader(open(f"{data}/truth.csv")):
    truth[(row["source"], row["key"])] = row["category"]
got = {}
for row in csv.DictReader(open(f"{data}/exceptions.csv")):
    key = ("row", row["line"]) if row["line"] else ("invoice", row["invoice_id"])
    got[key] = row["category"]
want = {k: v for k, v in truth.items() if v != "matched"}
counts = json.load(open(f"{data}/summary.json"))["counts"]
expected = collections.Counter(truth.values())
ok = got == want and all(counts[c] == expected.get(c, 0) for c in counts)
print("counts:", json.dumps(counts))
print("every row and invoice classified as intended:", "yes" if ok else "NO")
sys.exit(0 if ok else 1)
PY
