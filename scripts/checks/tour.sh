#!/usr/bin/env bash
# The README's tour ("A tour on one machine"), run as written: its shell block is taken out of
# README.md and run with `bash -euo pipefail` from the repository root against a fresh
# `lunas serve --demo` (the release binary that scripts/checks/main-job.sh builds before this check).
# Only four values are changed, each of which must appear in the block: the server's URL and the
# simulator's port (free loopback ports here, 8080 and 8081 in the README), the scratch folder and
# the data directory (a temporary folder). Fails when any command of the tour fails, when the
# invoice is not paid at the end, or when the ledger does not verify.
# LUNAS_TOUR_NO_BUILD=1 uses the release binary as it is (no `swift build`).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="$PATH:/opt/swift/usr/bin"
command -v jq >/dev/null || { echo "tour.sh: jq is missing (scripts/setup.sh installs it)" >&2; exit 1; }
command -v curl >/dev/null || { echo "tour.sh: curl is missing (scripts/setup.sh --test installs it)" >&2; exit 1; }
started=$SECONDS
[ "${LUNAS_TOUR_NO_BUILD:-}" = 1 ] || swift build -c release --product lunas >/dev/null
lunas=.build/release/lunas
[ -x "$lunas" ] || { echo "tour.sh: no release binary at $lunas" >&2; exit 1; }

. scripts/lib/server-scratch.sh
cleanup() {
    # The tour runs in its own process group, so a simulator it left behind ends with it.
    if [ -s "$work/tour.pgid" ]; then kill -TERM -- "-$(cat "$work/tour.pgid")" 2>/dev/null || true; fi
    stop_server
    rm -rf "$work"
}

# The block: the first ```sh fence after the tour's heading, up to its closing fence.
awk '/^## A tour on one machine/ { section = 1; next }
     section && /^## / { exit }
     section && !inside && /^```sh$/ { inside = 1; next }
     inside && /^```$/ { exit }
     inside { print }' README.md > "$work/tour.orig.sh"
[ -s "$work/tour.orig.sh" ] || { echo "tour.sh: no sh block under '## A tour on one machine' in README.md" >&2; exit 1; }

read -r port sim_port < <(python3 -c 'import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in socks))')

# Each replaced text must be in the tour, so that an edit of the README cannot slip past the check.
substitute() {
    local pattern=$1 replacement=$2
    grep -Eq -- "$pattern" "$work/tour.sh" || { echo "tour.sh: the tour no longer contains /$pattern/" >&2; exit 1; }
    sed -E -i "s#$pattern#$replacement#g" "$work/tour.sh"
}
cp "$work/tour.orig.sh" "$work/tour.sh"
substitute '^API=http://127\.0\.0\.1:8080( |$)' "API=http://127.0.0.1:$port\\1"
substitute '^SIM_PORT=8081( |$)' "SIM_PORT=$sim_port\\1"
substitute '^tour=/tmp/lunas-tour;' "tour=$work/tour;"
substitute '--data-dir data( |$)' "--data-dir $work/data\\1"

"$lunas" serve --demo --port "$port" --metrics-port 0 --data-dir "$work/data" >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { tail -n 20 "$work/serve.log" >&2; echo "tour.sh: lunas serve exited" >&2; exit 1; }
    sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "tour.sh: /healthz never answered" >&2; exit 1; }

status=0
timeout 120 setsid bash -c 'echo $$ > "$1"; exec bash -euo pipefail -x "$2"' _ "$work/tour.pgid" "$work/tour.sh" \
    >"$work/tour.log" 2>&1 || status=$?
if [ "$status" != 0 ]; then
    tail -n 40 "$work/tour.log" >&2
    echo "tour.sh: the tour failed (status $status); the last command is above" >&2
    exit 1
fi
grep -q '"status":"paid"' "$work/tour.log" || { echo "tour.sh: the tour's invoice was not paid" >&2; exit 1; }
grep -q '^ledger intact: ' "$work/tour.log" || { echo "tour.sh: the tour's ledger did not verify" >&2; exit 1; }
# The tour's reconcile command should reproduce the known answer that generate-fixtures printed
# (issue #13 item 2: both take the MDR from Config/mdr.json and the city's merchant).
python3 - "$work/tour.log" <<'PY' || { echo "tour.sh: the tour's reconcile counts differ from generate-fixtures' known answer" >&2; exit 1; }
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
known = {name: int(count) for name, count in re.findall(r"^([a-z_]+) (\d+)$", text, flags=re.M)}
reports = [json.loads(line) for line in text.splitlines() if line.startswith('{"matched":')]
if not known or not reports:
    sys.exit("tour.sh: the tour printed no known answer or no reconcile counts")
differences = {name: (count, reports[-1].get(name)) for name, count in known.items() if reports[-1].get(name) != count}
for name, (expected, got) in sorted(differences.items()):
    print(f"tour.sh: {name}: generate-fixtures {expected}, reconcile {got}", file=sys.stderr)
sys.exit(1 if differences else 0)
PY
kill -TERM "$server_pid"
wait "$server_pid" || { echo "tour.sh: the server did not exit 0 on SIGTERM" >&2; server_pid=""; exit 1; }
server_pid=""
echo "tour.sh: the README's tour ran as written ($(grep -c '^+ ' "$work/tour.log") commands, $((SECONDS - started)) s)"
