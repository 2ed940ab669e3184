#!/usr/bin/env bash
# Durable invoice issuance on the PostgreSQL store against the SQLite store, same machine, one run
# (issue #18): `lunas ledger bench-issue`, 64 concurrent issuers (one device each) in one process,
# group commit (each batch's invoices claimed together, and, `group-each`, one by one) and one
# transaction per invoice, on a throwaway PostgreSQL 15 cluster started with
# fsync and full_page_writes ON (synchronous_commit on, the default) and on a SQLite file
# (synchronous=FULL). On this 2-core machine the server shares the cores with the client.
#
#   Benchmarks/ledger/postgres-issue.sh [COUNT]        (default 50000 per grouped run; single: COUNT/10)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-50000}
base=$(mktemp -d /tmp/lunas-pg-bench.XXXXXX)
trap 'postgres_scratch_stop; rm -rf "$base"' EXIT
source Benchmarks/ledger/postgres-bench.sh

echo "PostgreSQL 15: fsync $(sql lunas_test "SHOW fsync"), full_page_writes $(sql lunas_test "SHOW full_page_writes"), synchronous_commit $(sql lunas_test "SHOW synchronous_commit")"
echo -n "postgres  "; with_steal "$lunas" ledger bench-issue --database "$(fresh group)" --issuers 64 --count "$count" --mode group
echo -n "postgres  "; with_steal "$lunas" ledger bench-issue --database "$(fresh each)" --issuers 64 --count "$count" --mode group-each
echo -n "postgres  "; with_steal "$lunas" ledger bench-issue --database "$(fresh single)" --issuers 64 --count $((count / 10)) --mode single
echo -n "sqlite    "; with_steal "$lunas" ledger bench-issue --data-dir "$base/group" --issuers 64 --count "$count" --mode group
echo -n "sqlite    "; with_steal "$lunas" ledger bench-issue --data-dir "$base/single" --issuers 64 --count $((count / 10)) --mode single
