#!/usr/bin/env bash
# `lunas ledger verify` on PostgreSQL (issue #18): events per second and peak memory (RSS).
#   1. the SQLite ledger of Benchmarks/verify/run.sh (`lunas ledger bench-issue --count COUNT`, kept
#      under DATA);
#   2. a throwaway PostgreSQL 15 (scripts/lib/postgres-scratch.sh), migrated with `lunas db migrate`,
#      and every ledger table of the SQLite file copied into it as it is (COPY … CSV; BLOBs as
#      `\x` hex; a table whose foreign keys are not satisfied yet is retried after the others), so
#      both engines hold the same rows and events;
#   3. `lunas ledger verify --database postgres://…` under `/usr/bin/time -v`, RUNS times: wall and
#      CPU seconds of the process (the server's own CPU is not in them), events per second, peak RSS;
#   4. the ceiling beside it: `psql` copies every event row out in order and `sha256sum` hashes them
#      (`verify_ceiling`; the server's CPU again not counted).
#   COUNT=100000 Benchmarks/verify/postgres.sh
#   LUNAS_BINARY=path/to/lunas COUNT=100000 RUNS=2 Benchmarks/verify/postgres.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

COUNT="${COUNT:-100000}"
BUILD="${BUILD:-release}"
RUNS="${RUNS:-1}"
DATA="${DATA:-.build/verify-bench/$COUNT}"

source Benchmarks/steal.sh
source scripts/lib/postgres-scratch.sh

source Benchmarks/verify/ledger.sh
SQLITE_FILE="$DATA/ledger/lunas.sqlite"

postgres_scratch_start >&2
base="${LUNAS_TEST_DATABASE_URL%/*}"
URL="$base/verify_bench?sslmode=disable"
export PGPASSWORD
PGPASSWORD=$(cat "$LUNAS_TEST_DATABASE_PASSWORD_FILE")
port="${base##*:}"
pg() { psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U lunas_test "$@"; }
pg -d lunas_test -c "CREATE DATABASE verify_bench"
DATABASE_PASSWORD_FILE="$LUNAS_TEST_DATABASE_PASSWORD_FILE" "$BIN" db migrate --database "$URL" >&2

# Every table both ledgers have (the PostgreSQL schema's own bookkeeping and node state aside).
sqlite_tables=$(sqlite3 "$SQLITE_FILE" "SELECT name FROM sqlite_master WHERE type = 'table'")
pending=()
for table in $(pg -d verify_bench -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' \
    AND tablename <> 'lunas_schema_migrations' AND tablename NOT LIKE 'node\_%' ORDER BY tablename"); do
    if grep -qx "$table" <<<"$sqlite_tables"; then pending+=("$table"); fi
done
copy_table() {
    local table=$1 columns="" select="" name type
    while IFS='|' read -r name type; do
        columns+="${columns:+, }$name"
        if [ "$type" = bytea ]; then
            select+="${select:+, }CASE WHEN $name IS NULL THEN NULL ELSE '\\x' || hex($name) END"
        else
            select+="${select:+, }$name"
        fi
    done < <(pg -d verify_bench -c "SELECT column_name, data_type FROM information_schema.columns \
        WHERE table_schema = 'public' AND table_name = '$table' ORDER BY ordinal_position")
    sqlite3 -csv "$SQLITE_FILE" "SELECT $select FROM $table" >"$DATA/$table.csv"
    pg -d verify_bench -c "\\copy $table ($columns) FROM '$DATA/$table.csv' CSV" 2>/dev/null
}
for pass in 1 2 3 4 5; do
    left=()
    for table in "${pending[@]}"; do copy_table "$table" || left+=("$table"); done
    pending=("${left[@]}")
    [ "${#pending[@]}" = 0 ] && break
done
[ "${#pending[@]}" = 0 ] || { echo "could not copy: ${pending[*]}" >&2; exit 1; }
rm -f "$DATA"/*.csv
echo "invoices=$COUNT events=$(pg -d verify_bench -c 'SELECT count(*) FROM events') \
database=$(pg -d verify_bench -c "SELECT pg_size_pretty(pg_database_size('verify_bench'))") \
load $(cut -d' ' -f1-3 /proc/loadavg)"

DATABASE_PASSWORD_FILE="$LUNAS_TEST_DATABASE_PASSWORD_FILE" verify_runs postgres --database "$URL"
verify_ceiling postgres psql -X -q -h 127.0.0.1 -p "$port" -U lunas_test -d verify_bench -c \
    "COPY (SELECT seq, kind, entity_id, at_ms, payload, prev_hash, hash FROM events ORDER BY seq) TO STDOUT"
