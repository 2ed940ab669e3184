# Sourced by Benchmarks/console/run.sh and Benchmarks/day/run.sh (after they set DATA and BIN): the
# day they measure. `applied_day DIR` makes DIR once: a copy of Benchmarks/settlement/run.sh's
# imported data directory ($DATA/imported) with its settlement file applied, an admin staff account
# (bench@ambon.example, password $BENCH_PASSWORD), and a finance and a supervisor device whose tokens
# are in DIR/finance-token and DIR/supervisor-token.
BENCH_PASSWORD="Pala-Banda-1512-Hitung"

applied_day() {
    local work=$1
    [ -f "$work/ready" ] && return
    rm -rf "$work"
    cp -r "$DATA/imported" "$work"
    "$BIN" settlement apply "$(cat "$work/settlement-id")" --data-dir "$work" > /dev/null
    echo "$BENCH_PASSWORD" | "$BIN" staff add --email bench@ambon.example --name Bench --role admin \
        --password-stdin --data-dir "$work" > /dev/null
    "$BIN" device enroll --name "bench finance" --role finance --data-dir "$work" | tail -n 1 > "$work/finance-token"
    "$BIN" device enroll --name "bench supervisor" --role supervisor --data-dir "$work" | tail -n 1 \
        > "$work/supervisor-token"
    touch "$work/ready"
}
