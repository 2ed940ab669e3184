#!/usr/bin/env bash
# The ceiling of durable group commit with SQLite on this machine, below any Swift code: a small C
# program (sqlite-ceiling.c) writes with SQLite's C API from one thread, in batches that always hold
# BATCH invoices, with the ledger's schema (taken from Sources/LedgerSQLite/LedgerSchema.swift) and
# its settings (WAL, synchronous=FULL, 64 MiB cache, checkpoint every 8,192 pages).
#
#   Benchmarks/ledger/sqlite-ceiling.sh [DIR] [COUNT] [BATCH]     (defaults: new /tmp dir, 100000, 64)
#
# With 64 concurrent issuers a commit can never carry more than 64 invoices (each issuer waits for
# its acknowledgement before it issues the next), so BATCH=64 is the best case of
# `lunas ledger bench-issue --issuers 64`. Three modes, each on a fresh database:
#   bare    one 8-byte row per invoice: the price of commits and fsyncs alone;
#   events  only the `invoice.issued` event (737-byte payload, hashes, entity index) + chain head;
#   ledger  everything issueInvoice writes (idempotency key, device sequence, invoice row and its
#           indexes, event, chain head), with random and with time-ordered idempotency keys.
set -euo pipefail
cd "$(dirname "$0")/../.."
base=${1:-$(mktemp -d /tmp/lunas-sqlite-ceiling.XXXXXX)}
count=${2:-100000}
batch=${3:-64}
mkdir -p "$base"
trap 'rm -rf "$base"' EXIT

source Benchmarks/steal.sh

cc -O2 -o "$base/sqlite-ceiling" Benchmarks/ledger/sqlite-ceiling.c -lsqlite3
# The schema's SQL is the Swift string literal `v1`; its one interpolation is the partial index term.
python3 - "$base/schema.sql" <<'PY'
import re, sys
source = open("Sources/LedgerSQLite/LedgerSchema.swift").read()
term = re.search(r'static let opaqueReceipt = "(.*)"', source).group(1)
sql = source.split('static let v1 = """', 1)[1].split('"""', 1)[0]
open(sys.argv[1], "w").write(sql.replace("\\(opaqueReceipt)", term))
PY
echo "filesystem: $(df -hT "$base" | tail -1 | awk '{print $1" "$2}') at $base; sqlite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?'); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in "bare time" "events time" "ledger time" "ledger random"; do
    set -- $run
    rm -f "$base"/ceiling.sqlite*
    with_steal "$base/sqlite-ceiling" "$base/ceiling.sqlite" "$base/schema.sql" "$1" "$2" "$count" "$batch"
done
