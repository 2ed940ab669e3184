#!/usr/bin/env bash
# Durable invoice issuance: group commit vs. one transaction per invoice, in the same run.
# Both modes: synchronous=FULL, WAL, a real file, 64 concurrent issuers (one device each) in-process.
#
#   Benchmarks/ledger/issue-throughput.sh [DIR] [COUNT]
#
# DIR (default: a new directory under /tmp) must be on the disk you want to measure; it is removed
# afterwards. COUNT is the number of invoices per mode for group commit (default 200000); the
# one-transaction-per-invoice mode issues COUNT/10 (it is ten times slower or more). Idempotency keys
# are random UUIDs unless the line says keys=time. Also prints the process's CPU time per invoice.
set -euo pipefail
cd "$(dirname "$0")/../.."

base=${1:-$(mktemp -d /tmp/lunas-ledger-bench.XXXXXX)}
count=${2:-200000}
mkdir -p "$base"
trap 'rm -rf "$base"' EXIT

source Benchmarks/steal.sh

swift build -c release --product lunas >/dev/null
lunas=$(swift build -c release --show-bin-path)/lunas
echo "filesystem: $(df -hT "$base" | tail -1 | awk '{print $1" "$2}') at $base"
with_steal "$lunas" ledger bench-issue --data-dir "$base/group" --issuers 64 --count "$count" --mode group
with_steal "$lunas" ledger bench-issue --data-dir "$base/single" --issuers 64 --count $((count / 10)) --mode single
# The same group commit with time-ordered idempotency keys (as clients sending UUIDv7/ULIDs would):
# the keys' index then grows at its end instead of taking one random page per invoice.
with_steal "$lunas" ledger bench-issue --data-dir "$base/time" --issuers 64 --count "$count" --mode group --keys time
