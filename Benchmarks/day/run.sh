#!/usr/bin/env bash
# A busy day's figures (issue #14): the daily report, the close (its checks and statement), the journal
# and the console's day page on a city day of COUNT invoices. Release build. The data is
# Benchmarks/settlement/run.sh's (COUNT invoices issued in one day, the simulator's settlement file for
# them uploaded); this script applies that file once (COUNT-350 invoices settled, a few hundred
# exceptions), then:
#   1. serves the open day and fetches, one cold and RUNS timed each, over loopback:
#      GET /api/v1/reports/daily?date=DAY (finance device), GET /console/days/DAY, /console and
#      /console/devices (admin staff),
#      POST /api/v1/days/DAY/close (supervisor: refused, the day is not closable yet — its checks run);
#      prints time to first byte (the body is built before its first byte) and the server's peak RSS;
#   2. on a copy, `lunas ledger bench-day --date DAY --close`: the report's reads, the checks and the
#      statement's figures in one process, then expires what is due, resolves the open exceptions,
#      closes the day (the real close, placeholder signature) and builds its journal;
#   3. serves the closed copy and fetches the journal (JSON and CSV), the public statement, the
#      closed day's report and day page the same way.
#   Benchmarks/day/run.sh                          # COUNT=1000000, RUNS=5
#   COUNT=100000 RUNS=3 Benchmarks/day/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-1000000}"
RUNS="${RUNS:-5}"
DATA="${DATA:-.build/settlement-bench/$COUNT}"
COUNT="$COUNT" RUNS=0 DATA="$DATA" Benchmarks/settlement/run.sh > /dev/null
BIN="${LUNAS_BINARY:-$(swift build -c release --show-bin-path)/lunas}"

source Benchmarks/applied-day.sh
work="$DATA/day"
applied_day "$work"
day=$(python3 -c '
import sqlite3, sys, datetime
ms = sqlite3.connect(sys.argv[1]).execute("SELECT MIN(issued_ms) FROM invoices").fetchone()[0]
print(datetime.datetime.fromtimestamp(ms / 1000 + 9 * 3600, datetime.timezone.utc).strftime("%Y-%m-%d"))
' "$work/lunas.sqlite")

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
server=""
start_server() {
    LOG_LEVEL=error "$BIN" serve --demo --metrics-port 0 --host 127.0.0.1 --port "$port" --data-dir "$1" \
        > "$1/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do curl -fs "$base/healthz" > /dev/null 2>&1 && break; sleep 0.1; done
    curl -fsS -c "$1/cookies.txt" -o /dev/null -d "email=bench@ambon.example&password=$BENCH_PASSWORD" \
        "$base/console/login"
}
stop_server() {
    echo "server peak RSS: $(grep VmHWM "/proc/$server/status" | tr -s ' ')"
    kill -TERM "$server"; wait "$server" || true
    server=""
}
trap '[ -n "$server" ] && kill -TERM "$server" 2>/dev/null || true' EXIT
# fetch NAME DIR METHOD PATH [curl args...]: one cold fetch, then RUNS; prints cold, median, worst (ms).
fetch() {
    local name=$1 dir=$2 method=$3 path=$4
    shift 4
    local times=()
    for i in $(seq 0 "$RUNS"); do
        t=$(curl -sS -o "$dir/last-body" -w '%{http_code} %{time_starttransfer}' -X "$method" "$@" "$base$path")
        times+=("$t")
    done
    python3 - "$name" "${times[@]}" <<'PY'
import sys
name, rest = sys.argv[1], sys.argv[2:]
codes = {t.split()[0] for t in rest}
ms = [float(t.split()[1]) * 1000 for t in rest]
warm = sorted(ms[1:]) or ms
print(f"{name:42s} http={','.join(sorted(codes))} cold_ms={ms[0]:.0f} median_ms={warm[len(warm)//2]:.0f} worst_ms={max(ms):.0f}")
PY
}

finance="Authorization: Bearer $(cat "$work/finance-token")"
supervisor="Authorization: Bearer $(cat "$work/supervisor-token")"
echo "day $day, $COUNT invoices; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "-- the open day"
start_server "$work"
fetch "GET /api/v1/reports/daily" "$work" GET "/api/v1/reports/daily?date=$day" -H "$finance"
fetch "GET /console/days/$day" "$work" GET "/console/days/$day" -b "$work/cookies.txt"
fetch "GET /console (Hari ini)" "$work" GET "/console" -b "$work/cookies.txt"
fetch "GET /console/devices" "$work" GET "/console/devices" -b "$work/cookies.txt"
fetch "POST /api/v1/days/$day/close (refused)" "$work" POST "/api/v1/days/$day/close" -H "$supervisor"
stop_server

closed="$DATA/day-closed"
rm -rf "$closed"
cp -r "$work" "$closed"
echo "-- in one process: lunas ledger bench-day --close"
/usr/bin/time -f "bench-day: %e s wall, %M KiB peak RSS" \
    "$BIN" ledger bench-day --data-dir "$closed" --date "$day" --runs "$RUNS" --close
echo "-- the closed day"
start_server "$closed"
fetch "GET /api/v1/days/$day/journal?format=json" "$closed" GET "/api/v1/days/$day/journal?format=json" -H "$finance"
fetch "GET /api/v1/days/$day/journal?format=csv" "$closed" GET "/api/v1/days/$day/journal?format=csv" -H "$finance"
fetch "GET /public/days/$day" "$closed" GET "/public/days/$day"
fetch "GET /api/v1/reports/daily (closed)" "$closed" GET "/api/v1/reports/daily?date=$day" -H "$finance"
fetch "GET /console/days/$day (closed)" "$closed" GET "/console/days/$day" -b "$closed/cookies.txt"
stop_server
