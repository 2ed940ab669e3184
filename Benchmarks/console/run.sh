#!/usr/bin/env bash
# Console page benchmark (issue #15): server time of every console page on a 100,000-invoice city
# day. Release build. The data comes from Benchmarks/settlement/run.sh (COUNT invoices issued today,
# the simulator's settlement file for them uploaded); this script applies the file (settled invoices,
# a few hundred exceptions), adds an admin account, starts `lunas serve`, signs in with curl and
# fetches each page once (cold) and RUNS times, printing the median and the worst time to first byte over loopback
# (server time: the page is rendered before its first byte is sent).
#   Benchmarks/console/run.sh                  # COUNT=100000, RUNS=7
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-100000}"
RUNS="${RUNS:-7}"
DATA="${DATA:-.build/settlement-bench/$COUNT}"
COUNT="$COUNT" RUNS=0 DATA="$DATA" Benchmarks/settlement/run.sh > /dev/null
BIN="${LUNAS_BINARY:-$(swift build -c release --show-bin-path)/lunas}"

source Benchmarks/applied-day.sh
work="$DATA/console"
applied_day "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
LOG_LEVEL=error "$BIN" serve --demo --metrics-port 0 --host 127.0.0.1 --port "$port" --data-dir "$work" \
    > "$work/serve.log" 2>&1 &
server=$!
trap 'kill -TERM "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break; sleep 0.1; done
base="http://127.0.0.1:$port"
jar="$work/cookies.txt"
rm -f "$jar"
curl -fsS -c "$jar" -o /dev/null -d "email=bench@ambon.example&password=$BENCH_PASSWORD" "$base/console/login"
today=$(TZ=Asia/Jayapura date +%F)
settlement=$(cat "$work/settlement-id")
echo "console pages, $COUNT invoices today ($today), $RUNS fetches each; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %10s %10s %10s\n' page cold_ms median_ms worst_ms bytes
for page in /console /console/devices /console/exceptions /console/settlements "/console/settlements/$settlement" \
    "/console/days/$today" /console/tariffs /console/staff; do
    times=()
    bytes=0
    # One fetch first, not counted: the first read of a page after the start brings the day's pages
    # of the database file into SQLite's cache (printed as `cold`).
    cold=$(curl -sS -b "$jar" -o /dev/null -w '%{time_starttransfer}' "$base$page")
    for _ in $(seq 1 "$RUNS"); do
        read -r code ttfb size < <(curl -sS -b "$jar" -o /dev/null -w '%{http_code} %{time_starttransfer} %{size_download}\n' "$base$page")
        if [ "$code" != 200 ]; then echo "$page: HTTP $code" >&2; break; fi
        times+=("$ttfb")
        bytes=$size
    done
    [ "${#times[@]}" -gt 0 ] || continue
    printf '%s\n' "${times[@]}" | sort -n | awk -v page="$page" -v bytes="$bytes" -v cold="$cold" '
        {t[NR]=$1} END {printf "%-44s %10.1f %10.1f %10.1f %10d\n", page, cold*1000, t[int((NR+1)/2)]*1000, t[NR]*1000, bytes}'
done
