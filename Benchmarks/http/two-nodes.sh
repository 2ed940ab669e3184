#!/usr/bin/env bash
# HTTP ticket issuance through two `lunas serve` nodes on one PostgreSQL database, against one node on
# PostgreSQL and one node on embedded SQLite (issue #18), same machine, one run: wrk with a unique
# Idempotency-Key and plate per request (Benchmarks/http/issue.lua), 64 connections in all (two
# nodes: 32 each, one attendant device per node, both wrk at once). PostgreSQL 15 on a throwaway
# cluster with fsync and full_page_writes on (synchronous_commit on); SQLite with synchronous=FULL.
# Nothing is pinned: on this 2-core machine the nodes, PostgreSQL and wrk share both cores, which is
# the point of the comparison. Prints requests/s, p99, and CPU per request of the nodes and of
# PostgreSQL; ends with `lunas ledger verify` on both stores.
#
#   Benchmarks/http/two-nodes.sh [SECONDS]      (default 15 s per run)
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-15}
command -v wrk >/dev/null || {
    sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get install -y -qq wrk >/dev/null
}
swift build -c release --product lunas >/dev/null
lunas=$(swift build -c release --show-bin-path)/lunas
config=Config/lunas.json
work=$(mktemp -d /tmp/lunas-two-nodes.XXXXXX)
source scripts/lib/postgres-scratch.sh
POSTGRES_SCRATCH_DURABLE=1 postgres_scratch_start >/dev/null
nodes=()
stop_nodes() {
    for pid in "${nodes[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${nodes[@]}"; do wait "$pid" 2>/dev/null || true; done
    nodes=()
}
trap 'stop_nodes; postgres_scratch_stop; rm -rf "$work"' EXIT
source Benchmarks/steal.sh
export DATABASE_PASSWORD_FILE="$LUNAS_TEST_DATABASE_PASSWORD_FILE"
postgres_url=$LUNAS_TEST_DATABASE_URL
ticks_per_second=$(getconf CLK_TCK)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# start_node NAME PORT [DATABASE_URL]: `lunas serve --demo` on PORT with its own data directory.
start_node() {
    local name=$1 port=$2
    mkdir -p "$work/$name"
    local database=()
    [ -z "${3:-}" ] || database=(--database "$3")
    LOG_LEVEL=error "$lunas" serve "${database[@]}" --demo --host 127.0.0.1 --port "$port" --metrics-port 0 \
        --data-dir "$work/$name" \
        --config "$config" >>"$work/$name.log" 2>&1 &
    nodes+=($!)
    for _ in $(seq 1 400); do
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
        sleep 0.05
    done
    echo "two-nodes.sh: node $name did not start" >&2; cat "$work/$name.log" >&2; exit 1
}
# enrol [--data-dir DIR]: a new attendant's token (on PostgreSQL when DATABASE_URL is exported).
enrol() { "$lunas" device enroll --name "bench $RANDOM" --role attendant --zone ayp-01 --config "$config" "$@" | tail -n 1; }
# CPU ticks so far of the nodes, and of every process of the PostgreSQL cluster.
nodes_ticks() { local t=0 pid; for pid in "${nodes[@]}"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done; echo $t; }
postgres_ticks() {
    local postmaster t=0 pid
    postmaster=$(head -1 "$postgres_scratch_dir/data/postmaster.pid")
    for pid in $postmaster $(pgrep -P "$postmaster"); do
        t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo $t
}
# measure LABEL PORT:TOKEN…: one wrk per node at once, 64 connections in all; prints one line.
measure() {
    local label=$1; shift
    local connections=$((64 / $#)) node=0 lunas_before pg_before ticks_before
    lunas_before=$(nodes_ticks); pg_before=$(postgres_ticks); ticks_before=$(cpu_ticks)
    local wrks=()
    for target in "$@"; do
        node=$((node + 1))
        wrk -t1 -c"$connections" -d"${duration}s" --latency -s Benchmarks/http/issue.lua \
            "http://127.0.0.1:${target%%:*}" -- "${target#*:}" >"$work/wrk-$node.txt" 2>&1 &
        wrks+=($!)
    done
    for pid in "${wrks[@]}"; do wait "$pid"; done
    local lunas_ticks=$(( $(nodes_ticks) - lunas_before )) pg_ticks=$(( $(postgres_ticks) - pg_before ))
    local steal; steal=$(steal_percent "$ticks_before" "$(cpu_ticks)")
    cat "$work"/wrk-*.txt | awk -v label="$label" -v lt="$lunas_ticks" -v pt="$pg_ticks" -v hz="$ticks_per_second" \
        -v steal="$steal" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
        /requests in/ {requests += $1}
        /Requests\/sec/ {rate += $2}
        /Non-2xx/ {errors += $NF}
        $1 == "99%" {v = $2; u = v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
                     ms = (u == "s" ? v * 1000 : (u == "us" ? v / 1000 : v)); if (ms > p99) p99 = ms}
        END {printf "%-34s requests_per_second=%.0f p99_ms=%.1f non_2xx=%d lunas_cpu_us=%.0f postgres_cpu_us=%.0f load=%s steal=%s%%\n",
             label, rate, p99, errors, lt * 1e6 / hz / (requests ? requests : 1), pt * 1e6 / hz / (requests ? requests : 1), load, steal}'
    rm -f "$work"/wrk-*.txt
}

fsync=$(PGPASSWORD=$(cat "$DATABASE_PASSWORD_FILE") "$postgres_scratch_bin/psql" -X -At -h 127.0.0.1 \
    -p "$postgres_scratch_port" -U lunas_test -d lunas_test -c 'SHOW fsync')
echo "PostgreSQL 15 with fsync $fsync; ${duration}s per run; $(nproc) cores"

sqlite_token=$(enrol --data-dir "$work/sqlite")
port=$(free_port); start_node sqlite "$port"
measure "one node, SQLite" "$port:$sqlite_token"
stop_nodes

export DATABASE_URL=$postgres_url
"$lunas" db migrate >/dev/null
token_a=$(enrol); token_b=$(enrol)
unset DATABASE_URL
port_a=$(free_port); start_node a "$port_a" "$postgres_url"
measure "one node, PostgreSQL" "$port_a:$token_a"
port_b=$(free_port); start_node b "$port_b" "$postgres_url"
measure "two nodes, PostgreSQL" "$port_a:$token_a" "$port_b:$token_b"
stop_nodes

echo -n "ledger verify, SQLite: "; "$lunas" ledger verify --data-dir "$work/sqlite" --config "$config" >/dev/null && echo ok
echo -n "ledger verify, PostgreSQL: "; DATABASE_URL=$postgres_url "$lunas" ledger verify --config "$config" >/dev/null && echo ok
