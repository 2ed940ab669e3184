#!/usr/bin/env bash
# The ceiling of the PostgreSQL store's issuance on this machine, beside Lunas (issue #18): the
# statements one invoice writes, exactly as the store sends them (the idempotency claim, the device's
# sequence, the invoice row, the hourly totals, the device's hour, the event; the chain's advisory
# lock, head and notification once per transaction), run by PostgreSQL's own C client `pgbench` on
# one connection — the one chain serialises every node's appends, so one writing session is the
# design's limit — in transactions of BATCH invoices (Lunas's measured mean batch at 64 issuers).
# Same throwaway cluster as Benchmarks/ledger/postgres-issue.sh (fsync and full_page_writes on).
#
# Eight pgbench runs — the statements one per row (as the store sent them before its round-trip work),
# combined (as it sends them now: docs/postgres.md, "Speed"), batched (the whole transaction's
# invoices in three statements) and batched with every column
# one array (`unnest`: one statement text for any batch, as the store sends them since session 17), each `-M extended` (parsed and
# planned per statement, as postgres-nio's unnamed statements are) and `-M prepared` (once per
# session) — then Lunas's own `ledger bench-issue` in group mode on the same cluster.
#
#   Benchmarks/ledger/postgres-ceiling.sh [SECONDS] [BATCH]        (defaults: 20 s, 42)
#   SHAPES=batch MODES=extended Benchmarks/ledger/postgres-ceiling.sh 10   # one shape, one mode
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-20}
batch=${2:-42}
work=$(mktemp -d /tmp/lunas-pg-ceiling.XXXXXX)
trap 'cat "$work/pgbench.err" 2>/dev/null | tail -5; postgres_scratch_stop; rm -rf "$work"' EXIT
source Benchmarks/ledger/postgres-bench.sh

enrolled() { # fresh, with the benchmark's 64 devices (BG-DEV-0 … BG-DEV-63, enrolled as bench-issue does)
    local url
    url=$(fresh "$1")
    "$lunas" ledger bench-issue --database "$url" --issuers 64 --count 64 --mode group >/dev/null
    sql "bench_$1" "CREATE SEQUENCE bench_event_seq START 1000000" >/dev/null
}

payload=$(head -c 800 /dev/zero | tr '\0' 'a')  # an event's canonical JSON is ~800 bytes (no ':' for pgbench)
hash="sha224('a'::bytea) || '\\x00000000'::bytea"
request_hash="'25b628dded73625f1b541aef2eed938101bd7fa9e932481d9b1d07986458f071'"
qris="'00020101021226570011ID.LUNAS.WWW0118936000000000000000303UMI5204799953033605405500062250124BG26120807K8ZQ836AS0SWM66304ABCD'"
claim="INSERT INTO idempotency_keys (key, operation, entity_id, request_hash) VALUES ('k' || :key, 'invoice.issue', 'e' || :key, $request_hash) ON CONFLICT (key) DO NOTHING"
number="UPDATE devices SET last_sequence = last_sequence + 1 WHERE id = 'BG-DEV-' || :device AND revoked_ms IS NULL AND role IN ('attendant', 'kiosk', 'admin')"
# invoice_row DEVICE SEQUENCE and event_row: the invoice's row and its event.
invoice_row() { echo "INSERT INTO invoices (id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, expires_ms, device_id, sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key, short_code) VALUES (gen_random_uuid()::text, left(md5(random()::text), 24), 'fee', 5000, $qris, 'LR1-' || md5(random()::text), 'issued', 1796663571831, 1796664471831, 'BG-DEV-' || $1, $2, 'RET-PASAR', NULL, NULL, 1796663571831, gen_random_uuid()::text, NULL)"; }
event_row() { echo "INSERT INTO events (seq, kind, entity_id, at_ms, payload, prev_hash, hash) VALUES (nextval('bench_event_seq'), 'invoice.issued', gen_random_uuid()::text, 1796663571831, '$payload', $hash, $hash)"; }
totals_conflict="ON CONFLICT (hour_ms, device_id, zone, line, status) DO UPDATE SET n = invoice_totals.n + excluded.n, amount = invoice_totals.amount + excluded.amount, mdr = invoice_totals.mdr + excluded.mdr, net = invoice_totals.net + excluded.net"
hours_conflict="ON CONFLICT (device_id, hour_ms) DO UPDATE SET numbers = device_hours.numbers + excluded.numbers, low = LEAST(device_hours.low, excluded.low), high = GREATEST(device_hours.high, excluded.high), tickets = device_hours.tickets + excluded.tickets, voided = device_hours.voided + excluded.voided"
head() { echo "BEGIN;"; echo "SELECT pg_advisory_xact_lock(42);"; echo "SELECT seq, hash FROM chain_head WHERE id = 1;"; }
tail_() {
    echo "SELECT pg_notify('lunas_bench', '1');"
    echo "COMMIT;"
}

# (1) One statement per row, as the store sent them before the round-trip work: per invoice the
# claim, the number, the invoice, its hour's totals, the device's hour, the event.
{
    head
    for _ in $(seq "$batch"); do
        cat <<SQL
\\set device random(0, 63)
\\set key random(1, 999999999999)
$claim;
$number RETURNING last_sequence \\gset
$(invoice_row :device :last_sequence);
INSERT INTO invoice_totals (hour_ms, device_id, zone, line, status, n, amount, mdr, net) VALUES (1796662800000, 'BG-DEV-' || :device, '-', 'fee' || chr(58) || 'RET-PASAR', 'issued', 1, 5000, 0, 0) $totals_conflict;
INSERT INTO device_hours (device_id, hour_ms, numbers, low, high, tickets, voided) VALUES ('BG-DEV-' || :device, 1796662800000, 1, :last_sequence, :last_sequence, 0, 0) $hours_conflict;
$(event_row);
SQL
    done
    echo "INSERT INTO chain_head (id, seq, hash) VALUES (1, 1, $hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash;"
    tail_
} >"$work/per-statement.sql"

# (2) As the store sends them now: per invoice one statement with the previous invoice's rows and
# this one's claim, then the number taken only if the claim holds; the batch's totals as multi-row
# upserts, with the last invoice's rows and the chain's head, in one statement at the end.
totals_rows=$(for d in $(seq 0 $((batch - 1))); do echo -n "(1796662800000, 'BG-DEV-$d', '-', 'fee' || chr(58) || 'RET-PASAR', 'issued', 1, 5000, 0, 0), "; done)
hours_rows=$(for d in $(seq 0 $((batch - 1))); do echo -n "('BG-DEV-$d', 1796662800000, 1, 1, 1, 0, 0), "; done)
{
    head
    for i in $(seq "$batch"); do
        echo '\set device random(0, 63)'
        echo '\set key random(1, 999999999999)'
        if [ "$i" -eq 1 ]; then
            echo "$claim;"
        else
            echo "WITH w1 AS ($(invoice_row :previous_device :previous_sequence) RETURNING 1), w2 AS ($(event_row) RETURNING 1), w3 AS ($claim RETURNING 1) SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2), (SELECT count(*) FROM w3);"
        fi
        echo "$number AND EXISTS (SELECT 1 FROM idempotency_keys WHERE key = 'k' || :key AND entity_id = 'e' || :key) RETURNING last_sequence \\gset"
        echo '\set previous_device :device'
        echo '\set previous_sequence :last_sequence'
    done
    echo "WITH w1 AS ($(invoice_row :previous_device :previous_sequence) RETURNING 1), w2 AS ($(event_row) RETURNING 1), w3 AS (INSERT INTO invoice_totals (hour_ms, device_id, zone, line, status, n, amount, mdr, net) VALUES ${totals_rows%, } $totals_conflict RETURNING 1), w4 AS (INSERT INTO device_hours (device_id, hour_ms, numbers, low, high, tickets, voided) VALUES ${hours_rows%, } $hours_conflict RETURNING 1), w5 AS (INSERT INTO chain_head (id, seq, hash) VALUES (1, 1, $hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash RETURNING 1) SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2), (SELECT count(*) FROM w3), (SELECT count(*) FROM w4), (SELECT count(*) FROM w5);"
    tail_
} >"$work/combined.sql"

# (3) The whole transaction's invoices in three statements —
# every claim in one multi-row INSERT … RETURNING (which keys are new), every device's numbers in
# one UPDATE … FROM (VALUES …) RETURNING, then every invoice, event, total, device hour and the head
# in one statement. It shows what writing a batch at once, rather than an invoice at a time, could
# reach on this machine (docs/postgres.md, "Speed").
claim_rows=$(for _ in $(seq "$batch"); do echo -n "('k' || (random() * 1e15)::bigint, 'invoice.issue', gen_random_uuid()::text, $request_hash), "; done)
device_rows=$(for d in $(seq 0 $((batch - 1))); do echo -n "('BG-DEV-$d', 1), "; done)
invoice_rows=$(for d in $(seq 0 $((batch - 1))); do
    invoice_row "$d" "nextval('bench_event_seq')" | sed 's/^INSERT INTO invoices ([^)]*) VALUES //'; echo -n ", "
done)
event_rows=$(for _ in $(seq "$batch"); do event_row | sed 's/^INSERT INTO events ([^)]*) VALUES //'; echo -n ", "; done)
{
    head
    echo "INSERT INTO idempotency_keys (key, operation, entity_id, request_hash) VALUES ${claim_rows%, } ON CONFLICT (key) DO NOTHING RETURNING key;"
    echo "UPDATE devices d SET last_sequence = d.last_sequence + v.n FROM (VALUES ${device_rows%, }) AS v (id, n) WHERE d.id = v.id AND d.revoked_ms IS NULL AND d.role IN ('attendant', 'kiosk', 'admin') RETURNING d.id, d.last_sequence;"
    echo "WITH w1 AS (INSERT INTO invoices (id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, expires_ms, device_id, sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key, short_code) VALUES $(echo "${invoice_rows%, }" | tr -d '\n') RETURNING 1), w2 AS (INSERT INTO events (seq, kind, entity_id, at_ms, payload, prev_hash, hash) VALUES $(echo "${event_rows%, }" | tr -d '\n') RETURNING 1), w3 AS (INSERT INTO invoice_totals (hour_ms, device_id, zone, line, status, n, amount, mdr, net) VALUES ${totals_rows%, } $totals_conflict RETURNING 1), w4 AS (INSERT INTO device_hours (device_id, hour_ms, numbers, low, high, tickets, voided) VALUES ${hours_rows%, } $hours_conflict RETURNING 1), w5 AS (INSERT INTO chain_head (id, seq, hash) VALUES (1, 1, $hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash RETURNING 1) SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2), (SELECT count(*) FROM w3), (SELECT count(*) FROM w4), (SELECT count(*) FROM w5);"
    tail_
} >"$work/batch.sql"

# (4) The same three statements with every column bound as one array (`unnest`), so that a batch of
# any size is the same statement text: what postgres-nio's unnamed statements could send without
# statement types fixed at compile time. The arrays are literals here (pgbench binds no arrays):
# the server reads each as one constant, as it would a bound array. Values are made unique per
# transaction with the random :r; the hashes stay one constant (no bytea array literal).
arr() { local out="" i; for i in $(seq "$batch"); do out+="$1$i,"; done; echo "'{${out%,}}'"; }        # arr PREFIX
same() { local out="" i; for i in $(seq "$batch"); do out+="$1,"; done; echo "'{${out%,}}'"; }           # same VALUE
devices_arr() { local out="" d; for d in $(seq 0 $((batch - 1))); do out+="BG-DEV-$d,"; done; echo "'{${out%,}}'"; }
qris_value=${qris//\'/}
{
    head
    echo '\set r random(1, 999999999999)'
    echo "INSERT INTO idempotency_keys (key, operation, entity_id, request_hash) SELECT u.k || :r, u.o, u.e || :r, u.h FROM unnest($(arr k)::text[], $(same invoice.issue)::text[], $(arr e)::text[], $(same "${request_hash//\'/}")::text[]) AS u (k, o, e, h) ON CONFLICT (key) DO NOTHING RETURNING key;"
    echo "UPDATE devices d SET last_sequence = d.last_sequence + v.n FROM unnest($(devices_arr)::text[], $(same 1)::bigint[]) AS v (id, n) WHERE d.id = v.id AND d.revoked_ms IS NULL AND d.role IN ('attendant', 'kiosk', 'admin') RETURNING d.id, d.last_sequence;"
    echo "WITH w1 AS (INSERT INTO invoices (id, bill_number, kind, amount, qris_payload, receipt_code, status, issued_ms, expires_ms, device_id, sequence, fee_code, ticket_id, paid_ms, status_ms, idempotency_key, short_code) SELECT u.id || :r, u.bill || :r, u.kind, u.amount, u.qris, u.rc || :r, u.status, u.issued, u.expires, u.dev, nextval('bench_event_seq'), u.fee, NULL, NULL, u.issued, u.ik || :r, NULL FROM unnest($(arr i)::text[], $(arr BG2612)::text[], $(same fee)::text[], $(same 5000)::bigint[], $(same "$qris_value")::text[], $(arr LR1-)::text[], $(same issued)::text[], $(same 1796663571831)::bigint[], $(same 1796664471831)::bigint[], $(devices_arr)::text[], $(same RET-PASAR)::text[], $(arr ik)::text[]) AS u (id, bill, kind, amount, qris, rc, status, issued, expires, dev, fee, ik) RETURNING 1), w2 AS (INSERT INTO events (seq, kind, entity_id, at_ms, payload, prev_hash, hash) SELECT nextval('bench_event_seq'), u.kind, u.eid || :r, u.at, u.payload, $hash, $hash FROM unnest($(same invoice.issued)::text[], $(arr ev)::text[], $(same 1796663571831)::bigint[], $(same "$payload")::text[]) AS u (kind, eid, at, payload) RETURNING 1), w3 AS (INSERT INTO invoice_totals (hour_ms, device_id, zone, line, status, n, amount, mdr, net) SELECT * FROM unnest($(same 1796662800000)::bigint[], $(devices_arr)::text[], $(same -)::text[], $(same fee-RET-PASAR)::text[], $(same issued)::text[], $(same 1)::bigint[], $(same 5000)::bigint[], $(same 0)::bigint[], $(same 0)::bigint[]) $totals_conflict RETURNING 1), w4 AS (INSERT INTO device_hours (device_id, hour_ms, numbers, low, high, tickets, voided) SELECT * FROM unnest($(devices_arr)::text[], $(same 1796662800000)::bigint[], $(same 1)::bigint[], $(same 1)::bigint[], $(same 1)::bigint[], $(same 0)::bigint[], $(same 0)::bigint[]) $hours_conflict RETURNING 1), w5 AS (INSERT INTO chain_head (id, seq, hash) VALUES (1, 1, $hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash RETURNING 1) SELECT (SELECT count(*) FROM w1), (SELECT count(*) FROM w2), (SELECT count(*) FROM w3), (SELECT count(*) FROM w4), (SELECT count(*) FROM w5);"
    tail_
} >"$work/arrays.sql"

echo "PostgreSQL 15: fsync $(sql lunas_test "SHOW fsync"), full_page_writes $(sql lunas_test "SHOW full_page_writes"), synchronous_commit $(sql lunas_test "SHOW synchronous_commit"); $batch invoices per transaction, one connection"
run=0
for shape in ${SHAPES:-per-statement combined batch arrays}; do
    for mode in ${MODES:-extended prepared}; do
        run=$((run + 1))
        enrolled "run$run"
        before=$(cpu_ticks)
        tps=$("$postgres_scratch_bin/pgbench" -n -M "$mode" -c 1 -j 1 -T "$seconds" "${connect[@]}" \
            -f "$work/$shape.sql" "bench_run$run" 2>"$work/pgbench.err" | awk '/^tps/ {print $3}')
        awk -v tps="$tps" -v batch="$batch" -v label="pgbench $shape -M $mode" \
            'BEGIN {printf "%-34s invoices_per_second=%.0f\n", label, tps * batch}'
        echo "  steal: $(steal_percent "$before" "$(cpu_ticks)")% of CPU time"
    done
done
echo -n "lunas ledger bench-issue --mode group: "; with_steal "$lunas" ledger bench-issue --database "$(fresh lunas)" --issuers 64 --count "${COUNT:-50000}" --mode group
