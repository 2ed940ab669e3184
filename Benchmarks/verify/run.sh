#!/usr/bin/env bash
# `lunas ledger verify` on a big ledger (issue #18): events per second and peak memory (RSS).
#   1. `lunas ledger bench-issue --count COUNT` makes a ledger of COUNT fee invoices (64 kiosk
#      devices, group commit, signed receipt codes); it is kept under DATA for the next runs;
#   2. `lunas ledger verify` runs RUNS times under `/usr/bin/time -v`; each run prints its wall and
#      CPU seconds, events per second of each, the peak resident set size, and the steal share;
#   3. the ceiling beside it: `sqlite3` reads every event row in order and `sha256sum` hashes them
#      (`verify_ceiling`), the part of verify no code of ours can make cheaper.
#   Benchmarks/verify/run.sh                              # COUNT=1000000, RUNS=1, release build
#   COUNT=200000 BUILD=debug Benchmarks/verify/run.sh     # with the debug build already there
#   LUNAS_BINARY=path/to/lunas Benchmarks/verify/run.sh    # that binary, no build
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-1000000}"
RUNS="${RUNS:-1}"
BUILD="${BUILD:-release}"
DATA="${DATA:-.build/verify-bench/$COUNT}"

source Benchmarks/steal.sh

source Benchmarks/verify/ledger.sh
echo "binary=$BIN invoices=$COUNT ledger=$(du -sh "$DATA/ledger" | cut -f1) load $(cut -d' ' -f1-3 /proc/loadavg)"
verify_runs sqlite --data-dir "$DATA/ledger"
verify_ceiling sqlite sqlite3 "$DATA/ledger/lunas.sqlite" \
    "SELECT seq, kind, entity_id, at_ms, payload, hex(prev_hash), hex(hash) FROM events ORDER BY seq"
