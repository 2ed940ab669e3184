#!/usr/bin/env bash
# The README's main job, as a newcomer runs it: `scripts/run.sh` (setup, release build, `lunas serve
# --demo` for the demo city on SQLite) on a free loopback port with a throwaway data directory;
# /healthz, the public tariffs, one parking ticket issued by an enrolled attendant, then SIGTERM,
# which must end the server with status 0. This also keeps the release build compiling (the debug
# build of the tests can pass where the optimised one fails).
set -euo pipefail
cd "$(dirname "$0")/../.."
. scripts/lib/server-scratch.sh
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
base="http://127.0.0.1:$port"
scripts/run.sh --port "$port" --metrics-port 0 --data-dir "$work/data" >"$work/run.log" 2>&1 &
server_pid=$!
# The first run builds in release mode (about 10 minutes on two cores); 40 minutes is a guard.
for _ in $(seq 1 24000); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$work/run.log" >&2; echo "main-job.sh: scripts/run.sh exited" >&2; exit 1; }
    sleep 0.1
done
curl -fs "$base/healthz" >/dev/null || { tail -n 30 "$work/run.log" >&2; echo "main-job.sh: /healthz never answered" >&2; exit 1; }
grep -q "DEMO MODE" "$work/run.log" || { echo "main-job.sh: no DEMO MODE warning at start" >&2; exit 1; }
curl -fs "$base/public/tariffs" | grep -q '"zones"' || { echo "main-job.sh: /public/tariffs has no zones" >&2; exit 1; }
lunas="$(swift build -c release --show-bin-path)/lunas"
token=$("$lunas" device enroll --name "Juru parkir main-job" --role attendant --zone ayp-01 --data-dir "$work/data" | tail -n 1)
status=$(curl -s -o "$work/ticket.json" -w '%{http_code}' -X POST "$base/api/v1/parking/tickets" \
    -H "Authorization: Bearer $token" -H "Content-Type: application/json" -H "Idempotency-Key: main-job-1" \
    -d '{"plate":"DE 1234 AB","vehicleClass":"motorcycle"}')
[ "$status" = 201 ] || { cat "$work/ticket.json" >&2; echo "main-job.sh: issuing answered $status" >&2; exit 1; }
kill -TERM "$server_pid"
wait "$server_pid" || { echo "main-job.sh: the server did not exit 0 on SIGTERM" >&2; server_pid=""; exit 1; }
server_pid=""
echo "main-job.sh: scripts/run.sh built, served the demo city, issued a ticket and stopped cleanly"
