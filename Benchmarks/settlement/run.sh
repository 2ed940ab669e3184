#!/usr/bin/env bash
# Settlement benchmark (issue #14): reconcile and apply a 1,000,000-row settlement file against a ledger
# of 1,000,000 invoices. Release build; the data is made once and reused:
#   1. `lunas ledger bench-issue --count COUNT` makes the ledger (all invoices `issued`, Rp5,000 each);
#   2. `gen-settlement.py` writes the acquirer simulator's CSV for those invoices (one row each, a few
#      hundred exceptions: see its header);
#   3. the file is uploaded to `lunas serve` (`POST /api/v1/settlements?profile=lunas-simulator`, a
#      finance device), so it is in the settlement archive with its `settlement.imported` event;
# then it measures, with /usr/bin/time -v (wall clock, CPU, peak RSS):
#   - `lunas reconcile settlement.csv --profile lunas-simulator --data-dir LEDGER` (the report alone);
#   - RUNS times, on a fresh copy of the imported data directory: `lunas settlement apply ID`, which
#     reads the archived file, reconciles it against the ledger and applies every row (each row
#     records its payment, source settlement_file, and settles the invoice; exceptions are opened).
#   Benchmarks/settlement/run.sh                 # COUNT=1000000, RUNS=2
#   COUNT=100000 RUNS=1 VERIFY=1 Benchmarks/settlement/run.sh   # VERIFY=1: `lunas ledger verify` after
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-1000000}"
DATA="${DATA:-.build/settlement-bench/$COUNT}"
RUNS="${RUNS:-2}"
VERIFY="${VERIFY:-0}"
here=Benchmarks/settlement

[ -n "${LUNAS_BINARY:-}" ] || swift build -c release --product lunas >&2
BIN="${LUNAS_BINARY:-$(swift build -c release --show-bin-path)/lunas}"
mkdir -p "$DATA"

if [ ! -f "$DATA/base/lunas.sqlite" ]; then
    echo "issuing $COUNT invoices into $DATA/base" >&2
    rm -rf "$DATA/base" "$DATA/imported" "$DATA/settlement.csv"
    "$BIN" ledger bench-issue --data-dir "$DATA/base" --issuers 64 --count "$COUNT" --keys time >&2
fi
if [ ! -f "$DATA/settlement.csv" ]; then
    rm -rf "$DATA/imported"
    python3 "$here/gen-settlement.py" "$DATA/base/lunas.sqlite" "$DATA/settlement.csv" > "$DATA/intended.json"
fi
cat "$DATA/intended.json"

if [ ! -f "$DATA/imported/settlement-id" ]; then
    echo "importing settlement.csv through lunas serve" >&2
    rm -rf "$DATA/imported"
    cp -r "$DATA/base" "$DATA/imported"
    token=$("$BIN" device enroll --name "bench finance" --role finance --data-dir "$DATA/imported" | tail -n 1)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    LOG_LEVEL=error "$BIN" serve --demo --metrics-port 0 --host 127.0.0.1 --port "$port" --data-dir "$DATA/imported" \
        > "$DATA/serve.log" 2>&1 &
    server=$!
    trap 'kill -TERM "$server" 2>/dev/null || true' EXIT
    for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 0.1; done
    curl -fsS -X POST "http://127.0.0.1:$port/api/v1/settlements?profile=lunas-simulator" \
        -H "Authorization: Bearer $token" -H "Content-Type: text/csv" --data-binary "@$DATA/settlement.csv" \
        -o "$DATA/import.json" -w 'upload: HTTP %{http_code} in %{time_total} s\n' >&2
    kill -TERM "$server"; wait "$server" || true
    trap - EXIT
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$DATA/import.json" \
        > "$DATA/imported/settlement-id"
fi
id=$(cat "$DATA/imported/settlement-id")

# Prints wall clock, CPU (user + system) and peak RSS of a /usr/bin/time -v report.
figures() {
    awk -F': ' '/Elapsed \(wall clock\)/ {wall=$2} /User time/ {u=$2} /System time/ {s=$2}
        /Maximum resident set size/ {rss=$2}
        END {printf "wall %s, CPU %.1f s, peak RSS %d MiB\n", wall, u + s, rss / 1024}' "$1"
}

/usr/bin/time -v "$BIN" reconcile "$DATA/settlement.csv" --profile lunas-simulator --data-dir "$DATA/base" \
    --registry "$DATA/registry.jsonl" --format json --out "$DATA/reconcile.json" --no-progress 2> "$DATA/time.txt"
rm -f "$DATA/registry.jsonl"
echo "reconcile (report only): $(figures "$DATA/time.txt"), load $(cut -d' ' -f1-3 /proc/loadavg)"
python3 -c 'import json,sys; print("counts:", json.dumps(json.load(open(sys.argv[1]))["counts"]))' "$DATA/reconcile.json"

for run in $(seq 1 "$RUNS"); do
    rm -rf "$DATA/run"
    cp -r "$DATA/imported" "$DATA/run"
    sync
    /usr/bin/time -v "$BIN" settlement apply "$id" --json --data-dir "$DATA/run" \
        > "$DATA/apply.json" 2> "$DATA/time.txt"
    echo "apply run $run: $(figures "$DATA/time.txt"), load $(cut -d' ' -f1-3 /proc/loadavg)"
    cat "$DATA/apply.json"
done
if [ "$VERIFY" = 1 ]; then
    /usr/bin/time -v "$BIN" ledger verify --data-dir "$DATA/run" > "$DATA/verify.txt" 2> "$DATA/time.txt" &&
        echo "ledger verify: exit 0, $(figures "$DATA/time.txt")"
fi
