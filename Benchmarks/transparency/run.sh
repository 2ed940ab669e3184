#!/usr/bin/env bash
# Open figures benchmark (issue #17): server time of `/transparansi` and of the open data
# (`/public/transparency/{YYYY-MM}.json` and `.csv`) for a past month of COUNT invoices, every day
# still open (live: the most work; a closed day is read from its statement once and kept).
#   1. the ledger of Benchmarks/figures (`lunas ledger bench-issue` + make-day.py: zones, tickets,
#      statuses, settlements, exceptions), made once under .build/figures-bench/COUNT;
#   2. a copy, spread over every day of MONTH by make-month.py (default: last month in WIT);
#   3. `lunas serve` on it; each URL fetched once cold (the first fetch computes the month: one
#      `dayBreakdown` and one `closedDay` read per day, the sequence-gap exceptions, rendering), then
#      RUNS times (served from the 30-second cache: rendering only), printing median and worst time to
#      first byte; then REFRESH times, 31 s apart, the JSON once the cache has expired (the month computed
#      again with SQLite's cache warm).
#   Benchmarks/transparency/run.sh                  # COUNT=100000 RUNS=9 REFRESH=2, release build
#   BUILD=debug Benchmarks/transparency/run.sh      # with the debug build already there
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-100000}"
RUNS="${RUNS:-9}"
REFRESH="${REFRESH:-2}"
BUILD="${BUILD:-release}"
MONTH="${MONTH:-$(TZ=Asia/Jayapura date -d "$(TZ=Asia/Jayapura date +%Y-%m-15) -1 month" +%Y-%m)}"
FIGURES="${FIGURES:-.build/figures-bench/$COUNT}"
DATA="${DATA:-.build/transparency-bench/$COUNT}"

swift build -c "$BUILD" --product lunas >&2
BIN="${LUNAS_BINARY:-$(swift build -c "$BUILD" --show-bin-path)/lunas}"

if [ ! -f "$FIGURES/day" ]; then
    rm -rf "$FIGURES"
    mkdir -p "$FIGURES"
    "$BIN" ledger bench-issue --data-dir "$FIGURES" --issuers 64 --count "$COUNT" --keys time >&2
    python3 Benchmarks/figures/make-day.py "$FIGURES/lunas.sqlite" > "$FIGURES/day"
fi
if [ "$(cat "$DATA/month" 2>/dev/null)" != "$MONTH" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    cp "$FIGURES/lunas.sqlite" "$DATA/lunas.sqlite"
    python3 Benchmarks/transparency/make-month.py "$DATA/lunas.sqlite" "$MONTH" > "$DATA/month.tmp"
    mv "$DATA/month.tmp" "$DATA/month"
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
LOG_LEVEL=error "$BIN" serve --demo --metrics-port 0 --host 127.0.0.1 --port "$port" --data-dir "$DATA" \
    > "$DATA/serve.log" 2>&1 &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$port"

fetch() { curl -sS -o /dev/null -w '%{http_code} %{time_starttransfer} %{size_download}\n' "$base$1"; }
# The server's CPU time so far (user + system, all threads), in ms: fields 14 and 15 of /proc/PID/stat.
ticks=$(getconf CLK_TCK)
cpu_ms() { awk -v hz="$ticks" '{print ($14 + $15) * 1000 / hz}' "/proc/$server/stat"; }
echo "open figures, $COUNT invoices over $MONTH (all days live), build=$BUILD, $RUNS cached fetches each;" \
    "load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %10s %10s %10s %10s\n' url cold_ms cold_cpu_ms median_ms worst_ms bytes
for url in "/public/transparency/$MONTH.json" "/public/transparency/$MONTH.csv" "/transparansi?bulan=$MONTH"; do
    # The JSON comes first: its cold fetch computes the month; the others reuse it (cached) unless
    # the cache expired in between.
    before=$(cpu_ms)
    read -r code cold _ < <(fetch "$url")
    cold_cpu=$(awk -v a="$before" -v b="$(cpu_ms)" 'BEGIN {print b - a}')
    [ "$code" = 200 ] || { echo "$url: HTTP $code" >&2; exit 1; }
    times=()
    for _ in $(seq 1 "$RUNS"); do
        read -r code ttfb size < <(fetch "$url")
        [ "$code" = 200 ] || { echo "$url: HTTP $code" >&2; exit 1; }
        times+=("$ttfb")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v url="$url" -v bytes="$size" -v cold="$cold" -v cpu="$cold_cpu" '
        {t[NR]=$1} END {printf "%-44s %10.1f %10.0f %10.1f %10.1f %10d\n", url, cold*1000, cpu, t[int((NR+1)/2)]*1000, t[NR]*1000, bytes}'
done
curl -fsS "$base/public/transparency/$MONTH.json" | python3 -c '
import json, sys
month = json.load(sys.stdin)
total, days, zones = month["total"], len(month["days"]), len(month["zones"])
print("the month: %d days (%s), %d issued, %d paid, gross Rp%s, %d sequence gaps, %d zones" % (
    days, month["status"], total["issued"], total["paid"], format(total["gross"], ","), total["sequenceGaps"], zones))'
for n in $(seq 1 "$REFRESH"); do
    sleep 31
    before=$(cpu_ms)
    read -r code ttfb _ < <(fetch "/public/transparency/$MONTH.json")
    [ "$code" = 200 ] || { echo "refresh: HTTP $code" >&2; exit 1; }
    awk -v n="$n" -v t="$ttfb" -v a="$before" -v b="$(cpu_ms)" \
        'BEGIN {printf "recomputed after the 30 s cache expired (%d): %.1f ms, %.0f ms server CPU\n", n, t*1000, b - a}'
done
