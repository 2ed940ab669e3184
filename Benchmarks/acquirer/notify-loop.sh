#!/usr/bin/env bash
# The payment loop under load: N tickets issued by `lunas serve`, paid through `lunas acquirer-sim`
# (`POST /sim/pay`), each notify signed, sent over HTTP, verified and recorded. Prints the time from
# the first payment until every notify was answered 2005200 and every invoice is `paid`.
# Usage: bash Benchmarks/acquirer/notify-loop.sh [N]   (after `swift build --product lunas`)
set -euo pipefail
count="${1:-200}"
lunas="$(swift build --show-bin-path)/lunas"
work="$(mktemp -d)"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_port="$(free_port)"; sim_port="$(free_port)"
LOG_LEVEL=warning "$lunas" acquirer-sim --demo --port "$sim_port" --notify-url "http://127.0.0.1:$api_port" \
    --data-dir "$work/sim" >"$work/sim.log" 2>&1 &
sim_pid=$!
token="$("$lunas" device enroll --name bench --role attendant --zone ayp-01 --data-dir "$work/data" | tail -1)"
LOG_LEVEL=warning "$lunas" serve --demo --metrics-port 0 --port "$api_port" --acquirer-url "http://127.0.0.1:$sim_port" \
    --data-dir "$work/data" >"$work/serve.log" 2>&1 &
serve_pid=$!
trap 'kill "$sim_pid" "$serve_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:$api_port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$sim_port/healthz" >/dev/null && break
    sleep 0.1
done
for i in $(seq "$count"); do
    curl -sf -X POST "http://127.0.0.1:$api_port/api/v1/parking/tickets" -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -H "Idempotency-Key: bench-$i" \
        -d '{"plate":"DE 1234 AB","vehicleClass":"motorcycle","zone":"ayp-01"}' | jq -r .invoice.qris >>"$work/qris.txt"
done
start=$(date +%s.%N)
while read -r qris; do
    jq -cn --arg q "$qris" '{qris: $q}' | curl -sf -X POST "http://127.0.0.1:$sim_port/sim/pay" \
        -H 'Content-Type: application/json' --data-binary @- >/dev/null
done <"$work/qris.txt"
until [ "$(curl -sf "http://127.0.0.1:$sim_port/sim/notifies" | jq '[.[] | select(.lastResponseCode == "2005200")] | length')" -ge "$count" ]; do
    sleep 0.05
done
end=$(date +%s.%N)
python3 -c "import sys; n=$count; t=$end-$start; print(f'{n} payments paid and recorded in {t:.2f} s ({n/t:.0f}/s, {1000*t/n:.1f} ms each, sequential curl)')"
