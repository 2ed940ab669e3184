# Sourced by Benchmarks/verify/run.sh and postgres.sh: sets BIN (LUNAS_BINARY, or the BUILD build
# of `lunas`, built first) and makes the ledger of COUNT fee invoices under DATA/ledger once
# (`lunas ledger bench-issue`: 64 kiosk devices, group commit, signed receipt codes).
if [ -z "${LUNAS_BINARY:-}" ]; then swift build -c "$BUILD" --product lunas >&2; fi
BIN="${LUNAS_BINARY:-$(swift build -c "$BUILD" --show-bin-path)/lunas}"

if [ ! -f "$DATA/ready" ]; then
    rm -rf "$DATA"
    mkdir -p "$DATA"
    "$BIN" ledger bench-issue --data-dir "$DATA/ledger" --issuers 64 --count "$COUNT" >&2
    touch "$DATA/ready"
fi
