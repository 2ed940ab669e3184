#!/usr/bin/env bash
# Console figures benchmark (issue #15): the two queries behind "Hari ini" and "Perangkat dan juru
# parkir" (`dayFigures(from:to:in:)`, `deviceActivity(from:to:)`) on a WIT day of COUNT invoices.
#   1. `lunas ledger bench-issue --count COUNT` makes a ledger of fee invoices (64 devices);
#   2. `make-day.py` spreads them over one WIT day with zones, tickets, statuses, settlements,
#      exceptions and sequence holes (see its header);
#   3. `lunas ledger bench-figures --date DAY --runs RUNS` times each query RUNS times after a warm-up,
#      in one process (server time: no HTTP, no rendering), and prints median, min and max.
#   Benchmarks/figures/run.sh                  # COUNT=100000, RUNS=9, release build
#   BUILD=debug Benchmarks/figures/run.sh      # with the debug build already there
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-100000}"
RUNS="${RUNS:-9}"
BUILD="${BUILD:-release}"
DATA="${DATA:-.build/figures-bench/$COUNT}"

swift build -c "$BUILD" --product lunas >&2
BIN="${LUNAS_BINARY:-$(swift build -c "$BUILD" --show-bin-path)/lunas}"

if [ ! -f "$DATA/day" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    "$BIN" ledger bench-issue --data-dir "$DATA" --issuers 64 --count "$COUNT" --keys time >&2
    python3 Benchmarks/figures/make-day.py "$DATA/lunas.sqlite" > "$DATA/day"
fi
echo "build=$BUILD load $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" ledger bench-figures --data-dir "$DATA" --date "$(cat "$DATA/day")" --runs "$RUNS"
