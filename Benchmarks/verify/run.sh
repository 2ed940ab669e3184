#!/usr/bin/env bash
# `lunas ledger verify` on a big ledger (issue #18): events per second and peak memory (RSS).
#   1. `lunas ledger bench-issue --count COUNT` makes a ledger of COUNT fee invoices (64 kiosk
#      devices, group commit, signed receipt codes); it is kept under DATA for the next runs;
#   2. `lunas ledger verify` runs RUNS times under `/usr/bin/time -v`; each run prints its wall and
#      CPU seconds, events per second of each, the peak resident set size, and the steal share.
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
for run in $(seq 1 "$RUNS"); do
    before=$(cpu_ticks)
    status=0
    /usr/bin/time -v -o "$DATA/time.txt" "$BIN" ledger verify --data-dir "$DATA/ledger" > "$DATA/verify.txt" \
        || status=$?
    steal=$(steal_percent "$before" "$(cpu_ticks)")
    head -1 "$DATA/verify.txt"
    if [ "$status" != 0 ]; then
        echo "run $run: lunas ledger verify exited $status" >&2
        exit 1
    fi
    events=$(sed -n 's/^ledger intact: \([0-9]*\) events.*/\1/p' "$DATA/verify.txt")
    awk -v events="$events" -v run="$run" -v steal="$steal" '
        /User time/ {user = $NF}
        /System time/ {sys = $NF}
        /Elapsed \(wall clock\)/ {n = split($NF, p, ":"); wall = 0; for (i = 1; i <= n; i++) wall = wall * 60 + p[i]}
        /Maximum resident set size/ {rss = $NF}
        END {
            cpu = user + sys
            printf "run %d: events=%d wall_s=%.1f cpu_s=%.1f events_per_s_wall=%.0f events_per_s_cpu=%.0f peak_rss_mib=%.0f steal=%s%%\n",
                run, events, wall, cpu, events / wall, events / cpu, rss / 1024, steal
        }' "$DATA/time.txt"
done
