#!/usr/bin/env bash
# HTTP benchmarks of `lunas serve` (release build) with wrk, loopback only:
#   (a) parking-ticket issuance, a unique Idempotency-Key and plate per request, 64 connections;
#   (b) downloads of one invoice's qr.png, 64 connections;
#   (c) kill -9 under issuance load: every 201 wrk received must exist after a restart on the same
#       data directory, and `lunas ledger verify` must exit 0.
# The server is pinned to core 1 and wrk to core 0 (`taskset`).
#
#   Benchmarks/http/run.sh [SECONDS]      (default 15 s per run)
set -euo pipefail
cd "$(dirname "$0")/../.."
here=Benchmarks/http
duration=${1:-15}

command -v wrk >/dev/null || {
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y -qq wrk >/dev/null
}
if [ -z "${LUNAS_BINARY:-}" ]; then
    swift build -c release --product lunas >/dev/null
    LUNAS_BINARY="$(swift build -c release --show-bin-path)/lunas"
fi
lunas=$LUNAS_BINARY

work=$(mktemp -d /tmp/lunas-http-bench.XXXXXX)
server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
start_server() {
    LOG_LEVEL=error taskset -c 1 "$lunas" serve --demo --metrics-port 0 --host 127.0.0.1 --port "$port" --data-dir "$work/data" \
        >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 200); do
        curl -fs "$base/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "run.sh: the server did not start" >&2; cat "$work/server.log" >&2; exit 1
}

# The server's CPU time so far (user + system), in clock ticks, and the ticks per second.
ticks_per_second=$(getconf CLK_TCK)
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
# Runs wrk (pinned to core 0) and then prints the load average and the server's CPU time per request.
source Benchmarks/steal.sh
measured_wrk() {
    local before after requests ticks_before
    before=$(server_ticks)
    ticks_before=$(cpu_ticks)
    taskset -c 0 wrk "$@" | tee "$work/wrk.txt"
    after=$(server_ticks)
    requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); steal: $(steal_percent "$ticks_before" "$(cpu_ticks)")% of CPU time; server CPU: $(( (after - before) * 1000 / ticks_per_second )) ms for $requests requests = $(( (after - before) * 1000000 / ticks_per_second / (requests > 0 ? requests : 1) )) us/request"
}

mkdir -p "$work/data"
attendant=$("$lunas" device enroll --name "bench attendant" --role attendant --zone ayp-01 --data-dir "$work/data" | tail -n 1)
start_server
echo "lunas: $lunas; wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); $(nproc) cores; data: $(df -hT "$work" | tail -1 | awk '{print $1" "$2}')"

echo "== (a) issuance: POST /api/v1/parking/tickets, unique Idempotency-Key, 64 connections, ${duration}s"
measured_wrk -t2 -c64 -d"${duration}s" --latency -s "$here/issue.lua" "$base" -- "$attendant"

echo "== (b) GET /api/v1/invoices/ID/qr.png of one invoice, 64 connections, ${duration}s"
invoice=$(curl -fs -X POST "$base/api/v1/parking/tickets" -H "Authorization: Bearer $attendant" \
    -H "Content-Type: application/json" -H "Idempotency-Key: bench-png-$$" \
    -d '{"plate":"DE 1 PNG","vehicleClass":"motorcycle"}' |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["invoice"]["id"])')
echo "-- cold: each request a different invoice's qr.png (first render of each; 2,000 invoices, 2 s)"
invoices=$(python3 - "$port" "$attendant" 2000 <<'PY'
import http.client, json, sys
port, token, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
for i in range(count):
    body = json.dumps({"plate": "DE %d PNG" % i, "vehicleClass": "motorcycle"})
    conn.request("POST", "/api/v1/parking/tickets", body, {"Authorization": "Bearer " + token,
                 "Content-Type": "application/json", "Idempotency-Key": "bench-cold-%d" % i})
    print(json.loads(conn.getresponse().read())["invoice"]["id"])
PY
)
echo "$invoices" > "$work/invoices.txt"
measured_wrk -t1 -c64 -d2s --latency -s "$here/cold.lua" "$base" -- "$attendant" "$work/invoices.txt"
echo "-- warm: one invoice's qr.png again and again"
measured_wrk -t2 -c64 -d"${duration}s" --latency -s "$here/get.lua" "$base/api/v1/invoices/$invoice/qr.png" -- "$attendant"

echo "== (c) kill -9 under issuance load"
mkdir -p "$work/acked"
taskset -c 0 wrk -t2 -c64 -d"${duration}s" -s "$here/issue.lua" "$base" -- "$attendant" "$work/acked" \
    >"$work/wrk-kill.txt" 2>&1 &
wrk_pid=$!
sleep $((duration / 2))
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""
echo "server killed (SIGKILL) after $((duration / 2)) s of load"
wait "$wrk_pid" || true
cat "$work"/acked/acked-*.txt > "$work/acked.txt"
if grep -q UNPARSED "$work/acked.txt"; then echo "run.sh: a 201 body had no invoice id" >&2; exit 1; fi
acked=$(wc -l < "$work/acked.txt")
start_server
missing=$(python3 - "$port" "$attendant" "$work/acked.txt" <<'PY'
import http.client, sys
port, token, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
missing = 0
for line in open(path):
    conn.request("GET", "/api/v1/invoices/" + line.strip(), headers={"Authorization": "Bearer " + token})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        missing += 1
        print("missing:", line.strip(), response.status, file=sys.stderr)
print(missing)
PY
)
stop_server
verify_status=0
"$lunas" ledger verify --data-dir "$work/data" >"$work/verify.txt" 2>&1 || verify_status=$?
echo "acknowledged (201) before/around the kill: $acked; missing after restart: $missing; ledger verify exit: $verify_status"
tail -n 3 "$work/verify.txt"
[ "$missing" -eq 0 ] && [ "$verify_status" -eq 0 ] && [ "$acked" -gt 0 ]
