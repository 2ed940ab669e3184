# Sourced by the PostgreSQL ledger benchmarks (from the repository's root): a throwaway PostgreSQL 15
# cluster with fsync and full_page_writes on (scripts/lib/postgres-scratch.sh), `lunas` built in
# release mode, and two helpers. The caller stops the cluster (`postgres_scratch_stop`) in its trap.
source scripts/lib/postgres-scratch.sh
source Benchmarks/steal.sh
POSTGRES_SCRATCH_DURABLE=1 postgres_scratch_start >/dev/null
swift build -c release --product lunas >/dev/null
lunas=$(swift build -c release --show-bin-path)/lunas
export DATABASE_PASSWORD_FILE="$LUNAS_TEST_DATABASE_PASSWORD_FILE"
export PGPASSWORD
PGPASSWORD=$(cat "$LUNAS_TEST_DATABASE_PASSWORD_FILE")
connect=(-h 127.0.0.1 -p "$postgres_scratch_port" -U lunas_test)
# sql DATABASE STATEMENT: runs one statement as the test role, unaligned output.
sql() { "$postgres_scratch_bin/psql" -X -At "${connect[@]}" -d "$1" -c "$2"; }
# fresh NAME: a new database bench_NAME migrated to the current schema; its URL on stdout.
fresh() {
    sql lunas_test "CREATE DATABASE bench_$1" >/dev/null
    local url=${LUNAS_TEST_DATABASE_URL/\/lunas_test\?/\/bench_$1?}
    "$lunas" db migrate --database "$url" >/dev/null
    echo "$url"
}
